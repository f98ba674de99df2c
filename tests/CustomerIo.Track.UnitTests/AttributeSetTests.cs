using System.Collections;
using System.Management.Automation;
using System.Text;
using CustomerIo.Track.Json;
using CustomerIo.Track.Operations;
using Xunit;

namespace CustomerIo.Track.UnitTests
{
    /// <summary>
    /// A record's named values: PowerShell's case-insensitive names, input order kept, empty CSV cells
    /// dropped unless asked for, and the service's name, value and count limits checked when written.
    /// </summary>
    public class AttributeSetTests
    {
        private static PSObject Row(params (string Name, object Value)[] fields)
        {
            var row = new PSObject();
            foreach (var (name, value) in fields) row.Properties.Add(new PSNoteProperty(name, value));
            return row;
        }

        private static string Write(AttributeSet set, int maxCount = 300, int valueLimit = 1000)
        {
            using (var json = JsonBuffer.Rent())
            {
                set.WriteObject(json, "attributes", maxCount, valueLimit);
                return Encoding.UTF8.GetString(json.ToArray());
            }
        }

        [Fact]
        public void A_row_keeps_its_column_order_less_excluded_and_empty_cells()
        {
            var set = AttributeSet.FromRecord(Row(("id", "1"), ("plan", "pro"), ("note", ""), ("city", "Oslo")),
                new[] { "id" }, includeEmpty: false);
            Assert.Equal("{\"plan\":\"pro\",\"city\":\"Oslo\"}", Write(set));
        }

        [Fact]
        public void IncludeEmpty_keeps_empty_cells()
        {
            var set = AttributeSet.FromRecord(Row(("note", "")), null, includeEmpty: true);
            Assert.Equal("{\"note\":\"\"}", Write(set));
        }

        [Fact]
        public void Names_are_case_insensitive_and_a_later_value_replaces_the_earlier_in_place()
        {
            var set = new AttributeSet();
            set.Set("Plan", "basic");
            set.Set("city", "Oslo");
            set.Set("plan", "pro");
            Assert.Equal(2, set.Count);
            Assert.True(set.TryGet("PLAN", out var value));
            Assert.Equal("pro", value);
            Assert.Equal("{\"Plan\":\"pro\",\"city\":\"Oslo\"}", Write(set));
        }

        [Fact]
        public void Merge_overrides_with_the_hashtable_and_an_empty_value_removes()
        {
            var set = AttributeSet.FromRecord(Row(("plan", "basic"), ("city", "Oslo")), null, false);
            set.Merge(new Hashtable { ["plan"] = "pro", ["city"] = "" }, includeEmpty: false);
            Assert.Equal(1, set.Count);
            Assert.Equal("{\"plan\":\"pro\"}", Write(set));
        }

        [Fact]
        public void Removed_names_are_not_written_and_can_be_set_again()
        {
            var set = new AttributeSet();
            set.Set("a", 1);
            set.Remove("A");
            Assert.False(set.TryGet("a", out _));
            set.Set("a", 2);
            Assert.Equal("{\"a\":2}", Write(set));
        }

        [Fact]
        public void More_attributes_than_the_limit_are_refused_with_the_count_and_the_limit()
        {
            var set = new AttributeSet();
            for (int i = 0; i < 4; i++) set.Set("a" + i, i);
            var e = Assert.Throws<RecordValidationException>(() => Write(set, maxCount: 3));
            Assert.Equal("TooManyAttributes", e.ErrorId);
            Assert.Contains("4 attributes", e.Message);
            Assert.Contains("at most 3", e.Message);
        }

        [Fact]
        public void A_name_over_150_bytes_is_refused_naming_its_size()
        {
            var set = new AttributeSet();
            set.Set(new string('é', 76), 1); // 152 UTF-8 bytes, 76 characters
            var e = Assert.Throws<RecordValidationException>(() => Write(set));
            Assert.Equal("AttributeNameTooLong", e.ErrorId);
            Assert.Contains("152 bytes", e.Message);
            Assert.Contains("150 bytes", e.Message);
        }

        [Fact]
        public void An_empty_name_is_refused()
        {
            var set = new AttributeSet();
            set.Set(" ", 1);
            Assert.Equal("EmptyAttributeName", Assert.Throws<RecordValidationException>(() => Write(set)).ErrorId);
        }

        [Fact]
        public void A_text_value_is_measured_in_utf8_bytes_against_the_value_limit()
        {
            var ok = new AttributeSet();
            ok.Set("bio", new string('é', 500)); // exactly 1000 bytes
            Write(ok);

            var tooLong = new AttributeSet();
            tooLong.Set("bio", new string('é', 501));
            var e = Assert.Throws<RecordValidationException>(() => Write(tooLong));
            Assert.Equal("AttributeValueTooLong", e.ErrorId);
            Assert.Equal("bio", e.Field);
            Assert.Contains("1002 bytes", e.Message);
        }

        [Fact]
        public void A_nested_value_is_measured_as_the_json_it_becomes()
        {
            var set = new AttributeSet();
            set.Set("list", new object[] { new string('x', 10) }); // ["xxxxxxxxxx"] = 14 bytes
            var e = Assert.Throws<RecordValidationException>(() => Write(set, valueLimit: 13));
            Assert.Contains("14 bytes", e.Message);
        }
    }
}
