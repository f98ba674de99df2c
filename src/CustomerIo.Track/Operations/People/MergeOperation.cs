using System;
using CustomerIo.Track.Json;
using CustomerIo.Track.Operations.Messaging;
using CustomerIo.Track.Operations.Rules;

namespace CustomerIo.Track.Operations.People
{
    /// <summary>
    /// merge: POST /api/v1/merge_customers {"primary":{"id|email|cio_id":..},"secondary":{..}};
    /// v2 {"type":"person","action":"merge","primary":{..},"secondary":{..}} (no identifiers).
    /// </summary>
    internal static class MergeOperation
    {
        public static string CheckType(string type, string field) =>
            string.IsNullOrWhiteSpace(type) ? "id" : TextRules.OneOf(type, field, IdentifierRules.NamedKinds, "InvalidIdentifierType");

        public static Operation Create(PersonIdentifier primary, PersonIdentifier secondary, object input)
        {
            if (IdentifierRules.SamePerson(primary.Kind, primary.Value, secondary.Kind, secondary.Value))
                throw new RecordValidationException("secondary",
                    $"'primary' and 'secondary' are the same person ({primary.Kind} '{primary.Value}'); a person cannot be merged into themself.",
                    "MergeSamePerson");

            byte[] body;
            using (var json = JsonBuffer.Rent())
            {
                var w = json.Writer;
                w.WriteStartObject();
                WriteSides(w, primary, secondary);
                w.WriteEndObject();
                body = json.ToArray();
            }
            byte[] item;
            using (var json = JsonBuffer.Rent())
            {
                var w = json.Writer;
                w.WriteStartObject();
                w.WriteString("type", "person");
                w.WriteString("action", "merge");
                WriteSides(w, primary, secondary);
                w.WriteEndObject();
                item = json.ToArray();
            }
            // The operation touches both people; it is ordered with the primary's other records.
            return new Operation("person", "merge", primary.PathValue + " <- " + secondary.PathValue, "POST",
                "/api/v1/merge_customers", body, item, input)
                .OrderedBy("person:" + primary.PathValue, "person:" + secondary.PathValue);
        }

        private static void WriteSides(System.Text.Json.Utf8JsonWriter w, PersonIdentifier primary, PersonIdentifier secondary)
        {
            w.WriteStartObject("primary");
            w.WriteString(primary.Kind, primary.Value);
            w.WriteEndObject();
            w.WriteStartObject("secondary");
            w.WriteString(secondary.Kind, secondary.Value);
            w.WriteEndObject();
        }
    }
}
