using System;
using System.Collections.Generic;
using CustomerIo.Track.Json;

namespace CustomerIo.Track.Operations.Messaging
{
    /// <summary>
    /// Manual segment membership: POST /api/v1/segments/{segment_id}/add_customers (remove_customers)
    /// {"ids":[...]}, at most 1000 ids a request, with ?id_type= only when a type was given. No v2 form.
    /// </summary>
    internal static class SegmentMembershipOperation
    {
        public static readonly string[] IdTypes = { "id", "email", "cio_id" };

        public static string CheckSegmentId(string segmentId) =>
            FieldRules.Required(segmentId?.Trim(), "segment_id", "give the segment's id (-SegmentId)");

        /// <summary>Null when no type was given (no id_type is sent), else id, email or cio_id.</summary>
        public static string CheckIdType(string idType) =>
            string.IsNullOrWhiteSpace(idType) ? null : FieldRules.OneOf(idType, "id_type", IdTypes, "InvalidIdentifierType");

        public static Operation Create(string segmentId, string idType, bool add, IReadOnlyList<string> ids, object input)
        {
            if (ids.Count == 0 || ids.Count > Limits.SegmentIdsPerRequest)
                throw new ArgumentOutOfRangeException(nameof(ids), ids.Count, "A segment request carries 1 to 1000 ids.");
            string action = add ? "add_customers" : "remove_customers";
            byte[] body;
            using (var json = JsonBuffer.Rent())
            {
                var w = json.Writer;
                w.WriteStartObject();
                w.WriteStartArray("ids");
                foreach (var id in ids) w.WriteStringValue(id);
                w.WriteEndArray();
                w.WriteEndObject();
                body = json.ToArray();
            }
            string path = "/api/v1/segments/" + Uri.EscapeDataString(segmentId) + "/" + action;
            if (idType != null) path += "?id_type=" + idType;
            return new Operation("segment", action, segmentId, "POST", path, body, null, input);
        }
    }
}
