using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Operations.Entity;
using CustomerIo.Track.Operations.Messaging;
using CustomerIo.Track.Operations.People;
using CustomerIo.Track.Operations.Rules;
using Xunit;

namespace CustomerIo.Track.UnitTests
{
    /// <summary>
    /// The bad-input corpus at the builders: each case builds one record the contract forbids and
    /// must be refused with its stable ErrorId and a message naming the field, the problem and the
    /// limit; values exactly at a limit build. What the pipeline shows for such a record (one error
    /// record, nothing sent, the row as TargetObject) is tests/BadInput.Tests.ps1's part.
    /// Byte limits are UTF-8: é is 2 bytes, € 3, an emoji 4.
    /// </summary>
    public class RecordRulesTheories
    {
        private const string E2 = "\u00E9", Euro = "\u20AC";
        private static readonly string Emoji = char.ConvertFromUtf32(0x1F600);

        private static Operation Identify(string id, IDictionary attributes = null) =>
            IdentifyOperation.Create(PersonIdentifier.FromId(id, "id", emailIdentifies: true),
                AttributeSet.FromRecord(attributes ?? new Hashtable(), null, includeEmpty: false), null);

        private static Operation Event(string name, IDictionary data = null, object timestamp = null) =>
            EventOperation.Create(PersonIdentifier.FromId("p", "id", true), "event",
                EventParts.Build(name, data == null ? null : AttributeSet.FromRecord(data, null, false), timestamp, null), null);

        private static Operation Entity(IDictionary record, bool emailIdentifies = true) =>
            EntityOperation.FromRecord(record, record, emailIdentifies);

        private static Hashtable H(params object[] pairs)
        {
            var h = new Hashtable();
            for (int i = 0; i < pairs.Length; i += 2) h[pairs[i]] = pairs[i + 1];
            return h;
        }

        private static Hashtable Many(int count, Func<int, object> value)
        {
            var h = new Hashtable();
            for (int i = 1; i <= count; i++) h["a" + i] = value(i);
            return h;
        }

        private static Hashtable Nested(int levels)
        {
            object v = H("leaf", 1);
            for (int i = 1; i < levels; i++) v = H("l" + i, v);
            return (Hashtable)v;
        }

        private static Hashtable SelfContaining()
        {
            var h = H("a", 1);
            h["self"] = h;
            return h;
        }

        public static IEnumerable<object[]> Refused()
        {
            object[] Case(string name, Action build, string errorId, params string[] expect) => new object[] { name, build, errorId, expect };

            // identifiers
            yield return Case("an empty id", () => PersonIdentifier.FromId("", "id", true), "IdentifierMissing", "'id'");
            yield return Case("a whitespace id", () => PersonIdentifier.FromId(" \t\n", "id", true), "IdentifierMissing", "'id'", "empty");
            yield return Case("an id of 151 ASCII bytes", () => Identify(new string('B', 151)), "IdentifierTooLong", "'id'", "151 bytes", "150 bytes");
            yield return Case("an id of 150 characters but 151 bytes", () => Identify(new string('B', 149) + E2), "IdentifierTooLong", "151 bytes", "150 bytes");
            yield return Case("an id of 51 characters but 151 bytes (euro signs)", () => Identify(string.Concat(Enumerable.Repeat(Euro, 50)) + "B"), "IdentifierTooLong", "151 bytes");
            yield return Case("an id of 151 bytes ending in emoji", () => Identify("BBB" + string.Concat(Enumerable.Repeat(Emoji, 37))), "IdentifierTooLong", "151 bytes");
            yield return Case("an email identifier of 151 bytes", () => PersonIdentifier.FromEmail(new string('b', 137) + E2 + "@example.com", "email", true), "IdentifierTooLong", "'email'", "151 bytes");
            yield return Case("a lone surrogate in the id", () => Identify("BAD\uDC00"), "InvalidText", "'id'", "surrogate");
            yield return Case("an email identifier where the workspace identifies people by id only", () => PersonIdentifier.FromEmail("a@example.com", "email", false), "IdentifierNotInWorkspace", "'email'", "-PeopleIdentifiedBy IdOnly");
            yield return Case("a v2 email identifier where the workspace identifies people by id only",
                () => Entity(H("type", "person", "action", "identify", "identifiers", H("email", "a@example.com")), emailIdentifies: false), "IdentifierNotInWorkspace", "identifiers.email");

            // attributes
            yield return Case("an attribute name of 151 bytes", () => Identify("p", H(new string('n', 149) + E2, "x")), "AttributeNameTooLong", "151 bytes", "150 bytes");
            yield return Case("a value of 1000 characters but 1001 bytes", () => Identify("p", H("bio", new string('v', 999) + E2)), "AttributeValueTooLong", "'bio'", "1001 bytes", "1000 bytes");
            yield return Case("a value of 250 emoji and a letter", () => Identify("p", H("bio", string.Concat(Enumerable.Repeat(Emoji, 250)) + "v")), "AttributeValueTooLong", "'bio'", "1001 bytes");
            yield return Case("an array whose JSON is over 1000 bytes", () => Identify("p", H("scores", Enumerable.Range(1000, 251).ToArray())), "AttributeValueTooLong", "'scores'", "1000 bytes");
            yield return Case("301 attributes", () => Identify("p", Many(301, i => i)), "TooManyAttributes", "301", "300");
            yield return Case("NaN", () => Identify("p", H("score", double.NaN)), "NumberNotFinite", "'score'", "NaN");
            yield return Case("+Infinity", () => Identify("p", H("score", double.PositiveInfinity)), "NumberNotFinite", "Infinity");
            yield return Case("a float NaN", () => Identify("p", H("score", float.NaN)), "NumberNotFinite", "NaN");
            yield return Case("NaN nested in a hashtable", () => Identify("p", H("stats", H("ratio", double.NaN))), "NumberNotFinite", "stats.ratio", "NaN");
            yield return Case("Infinity inside an array", () => Identify("p", H("series", new object[] { 1.5, double.PositiveInfinity })), "NumberNotFinite", "series[1]");
            yield return Case("a hashtable that contains itself", () => Identify("p", H("loop", SelfContaining())), "CircularReference", "loop", "circular");
            yield return Case("a list that contains itself", () => { var l = new ArrayList { 1 }; l.Add(l); Identify("p", H("loop", l)); }, "CircularReference", "circular");
            yield return Case("an object nested 25 levels deep", () => Identify("p", H("deep", Nested(25))), "NestedTooDeep", "deep", "20 levels");
            yield return Case("a value with no JSON form", () => Identify("p", H("proc", System.Diagnostics.Process.GetCurrentProcess())), "ValueHasNoJsonForm", "'proc'", "System.Diagnostics.Process");
            yield return Case("a lone high surrogate in a value", () => Identify("p", H("nick", "ab\uD83Dcd")), "InvalidText", "'nick'", "surrogate");
            yield return Case("a lone surrogate in an attribute name", () => Identify("p", H("ni\uD800ck", "x")), "InvalidText", "surrogate");

            // timestamps
            yield return Case("created_at before 1970", () => Identify("p", H("created_at", new DateTime(1969, 7, 20, 20, 17, 0, DateTimeKind.Utc))), "TimestampOutOfRange", "'created_at'", "1970");
            yield return Case("created_at -1", () => Identify("p", H("created_at", -1)), "TimestampOutOfRange", "'created_at'", "1970");
            yield return Case("created_at in milliseconds", () => Identify("p", H("created_at", 1700000000000L)), "TimestampOutOfRange", "1700000000000", "milliseconds");
            yield return Case("created_at in milliseconds as CSV text", () => Identify("p", H("created_at", "1700000000000")), "TimestampOutOfRange", "milliseconds");
            yield return Case("an event timestamp before 1970", () => Event("ok", timestamp: new DateTime(1960, 1, 1, 0, 0, 0, DateTimeKind.Utc)), "TimestampOutOfRange", "'timestamp'", "1970");

            // events
            yield return Case("an empty event name", () => Event(""), "EventNameMissing", "'name'");
            yield return Case("a whitespace event name", () => Event("   "), "EventNameMissing", "'name'", "empty");
            yield return Case("an event name of 100 characters but 101 bytes", () => Event(new string('e', 99) + E2), "EventNameTooLong", "'name'", "101 bytes", "100 bytes");
            yield return Case("an event name of 25 emoji and a letter", () => Event(string.Concat(Enumerable.Repeat(Emoji, 25)) + "e"), "EventNameTooLong", "101 bytes");
            yield return Case("a lone surrogate in the event name", () => Event("buy\uD800"), "InvalidText", "'name'", "surrogate");
            yield return Case("event data of 100,001 bytes", () => Event("ok", H("k", new string('d', 99993))), "EventDataTooLarge", "'data'", "100001 bytes", "100000 bytes");
            yield return Case("v2 event data over 100,000 bytes",
                () => Entity(H("type", "person", "action", "event", "identifiers", H("id", "p"), "name", "ok", "attributes", H("k", new string('d', 100000)))), "EventDataTooLarge", "100000");
            yield return Case("NaN in event data", () => Event("ok", H("amount", double.NaN)), "NumberNotFinite", "amount", "NaN");
            yield return Case("event data nested 25 levels deep", () => Event("ok", H("deep", Nested(25))), "NestedTooDeep", "20 levels");

            // devices: one platform rule for v1 and v2
            yield return Case("an unknown platform (v1)", () => DeviceOperation.Add(PersonIdentifier.FromId("p", "id", true), "tok", "windows", null, null, null), "InvalidPlatform", "'platform'", "windows", "ios, android");
            yield return Case("an empty platform (v1)", () => DeviceOperation.Add(PersonIdentifier.FromId("p", "id", true), "tok", "", null, null, null), "InvalidPlatform", "ios, android");
            yield return Case("an unknown platform (v2)",
                () => Entity(H("type", "person", "action", "add_device", "identifiers", H("id", "p"), "device", H("token", "t", "platform", "windows"))), "InvalidPlatform", "device.platform", "ios, android");
            yield return Case("a device without a token (v1)", () => DeviceOperation.Add(PersonIdentifier.FromId("p", "id", true), " ", "ios", null, null, null), "FieldMissing", "'device_id'");
            yield return Case("last_used in milliseconds", () => DeviceOperation.Add(PersonIdentifier.FromId("p", "id", true), "tok", "ios", 1700000000000L, null, null), "TimestampOutOfRange", "milliseconds");

            // merge: the same person, compared one way by v1 and v2
            yield return Case("a person merged with themself (id)", () => MergeOperation.Create(PersonIdentifier.Of("id", "p", "primary", true), PersonIdentifier.Of("id", "p", "secondary", true), null), "MergeSamePerson", "'secondary'", "same person");
            yield return Case("a person merged with themself (email, other case)", () => MergeOperation.Create(PersonIdentifier.Of("email", "A@example.com", "primary", true), PersonIdentifier.Of("email", "a@EXAMPLE.com", "secondary", true), null), "MergeSamePerson", "same person");
            yield return Case("a v2 merge of a person with themself (email, other case)",
                () => Entity(H("type", "person", "action", "merge", "primary", H("email", "A@example.com"), "secondary", H("email", "a@EXAMPLE.com"))), "MergeSamePerson", "same person");

            // v2 items
            yield return Case("an item over 32,000 bytes", () => Entity(H("type", "person", "action", "identify", "identifiers", H("id", "p"), "attributes", Many(40, i => new string('x', 900)))), "BatchItemTooLarge", "32000 bytes");
            yield return Case("an unknown type", () => Entity(H("type", "company", "action", "identify", "identifiers", H("id", "p"))), "UnknownOperationType", "'type'", "company");
            yield return Case("an action of another type", () => Entity(H("type", "object", "action", "event", "identifiers", H("object_type_id", "1", "object_id", "a"))), "UnknownOperationAction", "identify_anonymous");
            yield return Case("a delivery event named clicked", () => Entity(H("type", "delivery", "action", "event", "identifiers", H("id", "d"), "name", "clicked", "attributes", H("device_token", "t"))), "InvalidDeliveryMetric", "opened, converted, delivered");
            yield return Case("a delivery event without device_token", () => Entity(H("type", "delivery", "action", "event", "identifiers", H("id", "d"), "name", "opened")), "DeviceTokenMissing", "device_token");

            // messaging
            yield return Case("a metric the service refuses (sent)", () => DeliveryRules.Metric("sent"), "InvalidMetric", "'metric'", "'sent'", "deferred");
            yield return Case("a segment name instead of its id", () => SegmentRules.SegmentId("vip"), "InvalidSegmentId", "'segment_id'", "'vip'", "whole number");
            yield return Case("an unknown id_type", () => SegmentRules.IdType("phone", true), "InvalidIdentifierType", "'id_type'", "id, email, cio_id");
            yield return Case("id_type email where email is no identifier", () => SegmentRules.IdType("email", false), "IdentifierNotInWorkspace", "'id_type'");
            yield return Case("a form value that is a list", () => FormRules.Data(AttributeSet.FromRecord(H("email", "a@example.com", "tags", new[] { "a", "b" }), null, false)), "FormValueNotText", "'data.tags'");
        }

        [Theory]
        [MemberData(nameof(Refused))]
        public void Refused_before_sending(string name, Action build, string errorId, string[] expect)
        {
            var ex = Assert.Throws<RecordValidationException>(build);
            Assert.True(ex.ErrorId == errorId, $"{name}: ErrorId {ex.ErrorId}, expected {errorId} ({ex.Message})");
            foreach (var text in expect)
                Assert.True(ex.Message.Contains(text), $"{name}: the message '{ex.Message}' does not name '{text}'");
        }

        public static IEnumerable<object[]> AtTheLimit()
        {
            object[] Case(string name, Func<Operation> build) => new object[] { name, (Func<object>)build };
            yield return Case("an id of 150 bytes", () => Identify(new string('B', 148) + E2));
            yield return Case("an attribute name of 150 bytes, a value of 1000 bytes", () => Identify("p", H(new string('n', 148) + E2, new string('v', 998) + E2)));
            yield return Case("300 attributes", () => Identify("p", Many(300, i => i)));
            yield return Case("an event name of 100 bytes", () => Event(new string('e', 98) + E2));
            yield return Case("an object nested 20 levels deep", () => Identify("p", H("deep", Nested(19))));
            yield return Case("created_at 0 (1970-01-01)", () => Identify("p", H("created_at", 0)));
            yield return Case("segment id 0 and int.MaxValue", () => { SegmentRules.SegmentId("0"); SegmentRules.SegmentId(int.MaxValue.ToString()); return Identify("p"); });
            yield return Case("an id with an @ where email is no identifier stays an id", () =>
            {
                var who = PersonIdentifier.FromId("a@example.com", "id", emailIdentifies: false);
                Assert.Equal("id", who.Kind);
                Assert.Equal("email", PersonIdentifier.FromId("a@example.com", "id", emailIdentifies: true).Kind);
                return Identify("p");
            });
        }

        [Theory]
        [MemberData(nameof(AtTheLimit))]
        public void Builds_at_the_limit(string name, Func<object> build)
        {
            Assert.NotNull(build());
            Assert.False(string.IsNullOrEmpty(name));
        }
    }
}
