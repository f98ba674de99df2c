using CustomerIo.Track.Json;
using CustomerIo.Track.Operations.Messaging;
using CustomerIo.Track.Operations.Rules;

namespace CustomerIo.Track.Operations.People
{
    /// <summary>
    /// event, page view, screen view: POST /api/v1/customers/{id}/events {"type"?,"name","data"?,"id","timestamp"?}
    /// ("type" only for page and screen, as the official clients send it); v2 action event/page/screen.
    /// </summary>
    internal static class EventOperation
    {
        public static readonly string[] Types = { "event", "page", "screen" };

        /// <summary>The event type as sent: event when none is given, else one of <see cref="Types"/> (any case).</summary>
        public static string CheckType(string type) =>
            string.IsNullOrWhiteSpace(type) ? "event" : TextRules.OneOf(type, "type", Types, "InvalidEventType");

        public static Operation Create(PersonIdentifier who, string type, EventParts e, object input)
        {
            type = CheckType(type);
            byte[] body;
            using (var json = JsonBuffer.Rent())
            {
                var w = json.Writer;
                w.WriteStartObject();
                if (type != "event") w.WriteString("type", type);
                e.WriteV1(w);
                w.WriteEndObject();
                body = json.ToArray();
            }
            byte[] item = V2Item.Person(who, type, json => e.WriteV2(json.Writer));
            return new Operation("person", type, who.PathValue, "POST",
                "/api/v1/customers/" + who.PathSegment + "/events", body, item, input);
        }
    }
}
