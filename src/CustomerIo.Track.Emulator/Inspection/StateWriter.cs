using System.Text.Json;
using CustomerIo.Track.Emulator.Http;
using CustomerIo.Track.Emulator.Store;

namespace CustomerIo.Track.Emulator.Inspection;

/// <summary>Writes the store as the inspection API shows it. Call inside TrackStore.Read.</summary>
public static class StateWriter
{
    public static void WriteState(Utf8JsonWriter w, TrackStore s)
    {
        w.WriteStartObject();
        w.WriteStartArray("people");
        foreach (var p in s.People) WritePerson(w, p);
        w.WriteEndArray();

        w.WriteStartArray("objects");
        foreach (var o in s.Objects) WriteObject(w, o);
        w.WriteEndArray();

        w.WriteStartArray("anonymous_events");
        foreach (var e in s.AnonymousEvents) WriteEvent(w, e);
        w.WriteEndArray();

        w.WriteStartObject("segments");
        foreach (var (segment, ids) in s.Segments)
        {
            w.WriteStartArray(segment);
            foreach (var id in ids) w.WriteStringValue(id);
            w.WriteEndArray();
        }
        w.WriteEndObject();

        w.WriteStartArray("suppressed");
        foreach (var id in s.Suppressed) w.WriteStringValue(id);
        w.WriteEndArray();

        w.WriteStartArray("metrics");
        foreach (var raw in s.Metrics) w.WriteRawValue(raw, skipInputValidation: true);
        w.WriteEndArray();

        w.WriteStartArray("forms");
        foreach (var (formId, data) in s.Forms)
        {
            w.WriteStartObject();
            w.WriteString("form_id", formId);
            w.WriteRawOrNull("data", data);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("deliveries");
        foreach (var raw in s.Deliveries) w.WriteRawValue(raw, skipInputValidation: true);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void WritePerson(Utf8JsonWriter w, Person p)
    {
        w.WriteStartObject();
        w.WriteString("cio_id", p.CioId);
        w.WriteString("id", p.Id);
        w.WriteString("email", p.Email);
        w.WriteString("phone", p.Phone);
        WriteAttributes(w, "attributes", p.Attributes);

        w.WriteStartArray("devices");
        foreach (var (_, d) in p.DeviceEntries)
        {
            w.WriteStartObject();
            w.WriteString("id", d.Id);
            w.WriteString("platform", d.Platform);
            w.WriteRawOrNull("last_used", d.LastUsedRaw);
            WriteAttributes(w, "attributes", d.Attributes);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("events");
        foreach (var e in p.Events) WriteEvent(w, e);
        w.WriteEndArray();

        w.WriteStartArray("relationships");
        foreach (var (_, r) in p.RelationshipEntries)
        {
            w.WriteStartObject();
            w.WriteString("object_type_id", r.Object.ObjectTypeId);
            w.WriteString("object_id", r.Object.ObjectId);
            WriteAttributes(w, "attributes", r.Attributes);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteObject(Utf8JsonWriter w, CioObject o)
    {
        w.WriteStartObject();
        w.WriteString("object_type_id", o.Key.ObjectTypeId);
        w.WriteString("object_id", o.Key.ObjectId);
        w.WriteString("cio_object_id", o.CioObjectId);
        WriteAttributes(w, "attributes", o.Attributes);
        w.WriteEndObject();
    }

    private static void WriteEvent(Utf8JsonWriter w, TrackedEvent e)
    {
        w.WriteStartObject();
        w.WriteString("id", e.Id);
        w.WriteString("name", e.Name);
        w.WriteString("type", e.Type);
        w.WriteRawOrNull("data", e.DataRaw);
        w.WriteRawOrNull("timestamp", e.TimestampRaw);
        if (e.AnonymousId is not null) w.WriteString("anonymous_id", e.AnonymousId);
        w.WriteEndObject();
    }

    private static void WriteAttributes(Utf8JsonWriter w, string name, AttributeTable attributes)
    {
        w.WriteStartObject(name);
        foreach (var (key, raw) in attributes.Entries)
        {
            w.WritePropertyName(key);
            w.WriteRawValue(raw.Utf8, skipInputValidation: true);
        }
        w.WriteEndObject();
    }
}
