using System.Text.Json;
using CustomerIo.Track.Emulator.Store;

namespace CustomerIo.Track.Emulator.Validation;

/// <summary>Validates an event (v1 body or v2 item) against the service's rules and limits.</summary>
public static class EventReader
{
    public static readonly string[] Types = ["event", "page", "screen"];

    /// <summary>Returns the event, or null with the reasons in <paramref name="errors"/>.</summary>
    public static TrackedEvent? Read(JsonElement name, JsonElement data, JsonElement id, JsonElement timestamp,
        string? type, string? anonymousId, List<string> errors)
    {
        var before = errors.Count;
        // The service trims names, and a name that trims to nothing is refused.
        var trimmed = name.ValueKind == JsonValueKind.String ? name.GetString()!.Trim() : null;
        if (string.IsNullOrEmpty(trimmed))
            errors.Add("name cannot be blank");
        else if (TrackLimits.Utf8Bytes(trimmed) > TrackLimits.EventNameBytes)
            errors.Add($"name cannot be longer than {TrackLimits.EventNameBytes} bytes");

        string? dataRaw = null;
        if (data.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
        {
            if (data.ValueKind != JsonValueKind.Object)
                errors.Add("data must be an object");
            else if (TrackLimits.Exceeds(data, TrackLimits.EventDataBytes))
                errors.Add($"data cannot be longer than {TrackLimits.EventDataBytes} bytes");
            else
                dataRaw = data.GetRawText();
        }

        string? eventId = null;
        if (id.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
        {
            eventId = RelationshipReader.ScalarText(id);
            if (string.IsNullOrWhiteSpace(eventId)) errors.Add("id must be a non-blank string");
        }

        string? timestampRaw = null;
        if (!IsUnixTimeOrAbsent(timestamp))
            errors.Add("timestamp must be an integer (unix timestamp in seconds)");
        else if (timestamp.ValueKind == JsonValueKind.Number)
            timestampRaw = timestamp.GetRawText();

        type ??= "event";
        if (!Types.Contains(type))
            errors.Add($"type must be one of {string.Join(", ", Types)}");

        return errors.Count > before ? null : new TrackedEvent(eventId, trimmed!, type, dataRaw, timestampRaw, anonymousId);
    }

    /// <summary>The file types timestamps as integers (Unix seconds): absent, null or a whole number.</summary>
    public static bool IsUnixTimeOrAbsent(JsonElement value) =>
        value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ||
        (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _));

    public static JsonElement Get(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) ? v : default;

    /// <summary>The same, by a UTF-8 name (no transcoding of the name per call).</summary>
    public static JsonElement Get(JsonElement obj, ReadOnlySpan<byte> utf8Name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(utf8Name, out var v) ? v : default;
}
