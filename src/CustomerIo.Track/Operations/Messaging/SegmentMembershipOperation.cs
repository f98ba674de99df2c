using System;
using System.Collections.Generic;
using CustomerIo.Track.Json;
using CustomerIo.Track.Operations.Rules;

namespace CustomerIo.Track.Operations.Messaging
{
    /// <summary>
    /// Manual segment membership: POST /api/v1/segments/{segment_id}/add_customers (remove_customers)
    /// {"ids":[...]}, at most 1000 ids a request, with ?id_type= only when a type was given. No v2 form.
    /// </summary>
    internal static class SegmentMembershipOperation
    {
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
