using System;
using CustomerIo.Track.Json;

namespace CustomerIo.Track.Operations.People
{
    /// <summary>identify: PUT /api/v1/customers/{id} with the attributes as the body; v2 action identify.</summary>
    internal static class IdentifyOperation
    {
        public static Operation Create(PersonIdentifier who, AttributeSet attributes, object input)
        {
            // The service requires a number for created_at: a CSV's digit string or a date becomes Unix seconds.
            if (attributes.TryGet("created_at", out object createdAt) && !PowerShellValues.IsEmpty(createdAt))
                attributes.Set("created_at", UnixTime.FromObject(createdAt, "created_at"));

            // One buffer: {"type":"person","identifiers":{..},"action":"identify","attributes":<body>}; the v1
            // body is the attributes object inside it.
            using (var json = JsonBuffer.Rent())
            {
                var w = json.Writer;
                V2Item.WritePersonHead(w, who, "identify");
                w.WritePropertyName("attributes");
                w.Flush();
                int bodyStart = (int)json.Position;
                attributes.WriteObject(json, "attributes", Limits.AttributesPerIdentify, Limits.AttributeValueBytes);
                w.Flush();
                int bodyLength = (int)json.Position - bodyStart;
                w.WriteEndObject();
                byte[] item = json.ToArray();
                return new Operation("person", "identify", who.PathValue, "PUT",
                    "/api/v1/customers/", who.PathValue, item, bodyStart, bodyLength, input);
            }
        }
    }
}
