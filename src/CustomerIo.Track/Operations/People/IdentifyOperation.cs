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

            byte[] body;
            using (var json = JsonBuffer.Rent())
            {
                attributes.WriteObject(json, "attributes", Limits.AttributesPerIdentify, Limits.AttributeValueBytes);
                body = json.ToArray();
            }
            byte[] item = V2Item.Person(who, "identify", json => V2Item.WriteRaw(json.Writer, "attributes", body));
            return new Operation("person", "identify", who.PathValue, "PUT",
                "/api/v1/customers/" + who.PathSegment, body, item, input);
        }
    }
}
