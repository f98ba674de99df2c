using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text;
using CustomerIo.Track.Json;
using CustomerIo.Track.Operations;
using Xunit;

namespace CustomerIo.Track.UnitTests
{
    /// <summary>
    /// The one place PowerShell values become JSON: types are kept (no guessing from text), dates
    /// become Unix seconds, and values with no JSON form are refused with their path named.
    /// </summary>
    public class JsonValueWriterTests
    {
        private static string Json(object value, string path = "attributes.x")
        {
            using (var json = JsonBuffer.Rent())
            {
                json.Values.Write(value, path);
                return Encoding.UTF8.GetString(json.ToArray());
            }
        }

        private static RecordValidationException Refused(object value, string path = "attributes.x") =>
            Assert.Throws<RecordValidationException>(() => Json(value, path));

        [Theory]
        [InlineData("42", "\"42\"")]          // a CSV cell that looks like a number stays text
        [InlineData("true", "\"true\"")]
        [InlineData(42, "42")]
        [InlineData(42L, "42")]
        [InlineData(true, "true")]
        [InlineData(1.5, "1.5")]
        [InlineData(null, "null")]
        [InlineData("é ü 日本", "\"é ü 日本\"")] // UTF-8, not \u escapes: sizes match what the service counts
        public void Scalars_keep_their_types(object value, string expected) => Assert.Equal(expected, Json(value));

        [Fact]
        public void Decimal_and_big_integers_keep_every_digit()
        {
            Assert.Equal("12345678901234567890.123", Json(12345678901234567890.123m));
            Assert.Equal("123456789012345678901234567890", Json(System.Numerics.BigInteger.Parse("123456789012345678901234567890")));
        }

        [Fact]
        public void Dates_become_unix_seconds()
        {
            Assert.Equal("1700000000", Json(DateTimeOffset.FromUnixTimeSeconds(1700000000)));
            Assert.Equal("1700000000", Json(DateTimeOffset.FromUnixTimeSeconds(1700000000).UtcDateTime));
        }

        [Fact]
        public void Hashtables_custom_objects_and_lists_nest()
        {
            var o = new PSObject();
            o.Properties.Add(new PSNoteProperty("name", "Ada"));
            o.Properties.Add(new PSNoteProperty("tags", new object[] { "a", 1 }));
            var table = new Hashtable { ["inner"] = o };
            Assert.Equal("{\"inner\":{\"name\":\"Ada\",\"tags\":[\"a\",1]}}", Json(table));
        }

        [Fact]
        public void A_wrapped_value_is_written_as_what_it_wraps() => Assert.Equal("7", Json(PSObject.AsPSObject(7)));

        [Theory]
        [InlineData(double.NaN, "NumberNotFinite")]
        [InlineData(double.PositiveInfinity, "NumberNotFinite")]
        public void Numbers_json_cannot_hold_are_refused(double value, string errorId)
        {
            var e = Refused(value);
            Assert.Equal(errorId, e.ErrorId);
            Assert.Equal("attributes.x", e.Field);
            Assert.Contains("finite", e.Message);
        }

        [Fact]
        public void A_lone_surrogate_is_refused_with_its_position()
        {
            var e = Refused("ab\uD800c");
            Assert.Equal("InvalidText", e.ErrorId);
            Assert.Contains("U+D800 at position 2", e.Message);
        }

        [Fact]
        public void A_lone_surrogate_in_a_nested_name_names_the_path()
        {
            var e = Refused(new Hashtable { ["bad\uDC00"] = 1 }, "data");
            Assert.Equal("InvalidText", e.ErrorId);
            Assert.StartsWith("data.bad", e.Field);
        }

        [Fact]
        public void A_scriptblock_has_no_json_form()
        {
            var e = Refused(ScriptBlock.Create("1"));
            Assert.Equal("ValueHasNoJsonForm", e.ErrorId);
            Assert.Contains("ScriptBlock", e.Message);
        }

        [Fact]
        public void An_arbitrary_dotnet_object_has_no_json_form()
        {
            var e = Refused(new System.IO.MemoryStream());
            Assert.Equal("ValueHasNoJsonForm", e.ErrorId);
            Assert.Contains("System.IO.MemoryStream", e.Message);
        }

        [Fact]
        public void A_cycle_is_refused_not_followed()
        {
            var table = new Hashtable();
            table["self"] = table;
            var e = Refused(table, "data");
            Assert.Equal("CircularReference", e.ErrorId);
            Assert.Equal("data.self", e.Field);
        }

        [Fact]
        public void Nesting_deeper_than_the_limit_is_refused()
        {
            object value = 1;
            for (int i = 0; i <= Limits.MaxDepth; i++) value = new object[] { value };
            var e = Refused(value);
            Assert.Equal("NestedTooDeep", e.ErrorId);
            Assert.Contains(Limits.MaxDepth.ToString(), e.Message);
        }

        [Fact]
        public void An_array_item_is_named_by_its_index()
        {
            var e = Refused(new object[] { 1, double.NaN });
            Assert.Equal("attributes.x[1]", e.Field);
        }

        [Fact]
        public void The_same_list_twice_is_not_a_cycle()
        {
            var shared = new List<object> { 1 };
            Assert.Equal("[[1],[1]]", Json(new object[] { shared, shared }));
        }
    }
}
