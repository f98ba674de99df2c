using CustomerIo.Track.Json;
using CustomerIo.Track.Operations.Rules;

namespace CustomerIo.Track.Operations.Messaging
{
    /// <summary>
    /// anonymous event: POST /api/v1/events {"name","data","anonymous_id","id","timestamp"}. It has no
    /// v2 form here; records of one anonymous id are sent in input order.
    /// </summary>
    internal static class AnonymousEventOperation
    {
        public static Operation Create(string anonymousId, EventParts e, object input)
        {
            IdentifierRules.Check(anonymousId, "anonymous_id");
            byte[] body;
            using (var json = JsonBuffer.Rent())
            {
                var w = json.Writer;
                w.WriteStartObject();
                e.WriteV1(w, x => x.WriteString("anonymous_id", anonymousId));
                w.WriteEndObject();
                body = json.ToArray();
            }
            return new Operation("anonymous", "event", anonymousId, "POST", "/api/v1/events", body, null, input);
        }
    }
}
