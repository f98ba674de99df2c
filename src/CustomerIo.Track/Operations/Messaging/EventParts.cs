using System.Text.Json;
using CustomerIo.Track.Json;
using CustomerIo.Track.Operations.Rules;

namespace CustomerIo.Track.Operations.Messaging
{
    /// <summary>
    /// The validated parts of an event (person or anonymous): name, data as JSON, the event id
    /// (the given one or a new ULID, so a retried request is counted once) and the timestamp.
    /// </summary>
    internal sealed class EventParts
    {
        private EventParts(string name, byte[] data, string id, long? timestamp)
        {
            Name = name;
            Data = data;
            Id = id;
            Timestamp = timestamp;
        }

        public string Name { get; }

        /// <summary>The data object as JSON, or null when there is none (then no "data" is sent).</summary>
        public byte[] Data { get; }

        public string Id { get; }

        public long? Timestamp { get; }

        public static EventParts Build(string name, AttributeSet data, object timestamp, string eventId)
        {
            name = EventRules.Name(name, "every event needs a name");

            byte[] json = null;
            if (data != null && data.Count > 0)
            {
                json = FieldRules.WriteObject(data, "data");
                EventRules.DataSize(json.Length, "data");
            }

            long? seconds = PowerShellValues.IsEmpty(timestamp) ? (long?)null : UnixTime.FromObject(timestamp, "timestamp");
            string id = string.IsNullOrWhiteSpace(eventId) ? Ulid.NewUlid() : TextRules.Text(eventId.Trim(), "event_id");
            return new EventParts(name, json, id, seconds);
        }

        /// <summary>Writes "name", "data", the extra properties, "id" and "timestamp" (v1 body order).</summary>
        public void WriteV1(Utf8JsonWriter w, System.Action<Utf8JsonWriter> afterData = null)
        {
            w.WriteString("name", Name);
            if (Data != null) V2Item.WriteRaw(w, "data", Data);
            afterData?.Invoke(w);
            w.WriteString("id", Id);
            if (Timestamp.HasValue) w.WriteNumber("timestamp", Timestamp.Value);
        }

        /// <summary>Writes the v2 fields: "name", "id", "timestamp", "attributes" (= the data).</summary>
        public void WriteV2(Utf8JsonWriter w)
        {
            w.WriteString("name", Name);
            w.WriteString("id", Id);
            if (Timestamp.HasValue) w.WriteNumber("timestamp", Timestamp.Value);
            if (Data != null) V2Item.WriteRaw(w, "attributes", Data);
        }
    }
}
