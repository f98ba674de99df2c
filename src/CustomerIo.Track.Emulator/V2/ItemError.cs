using System.Text.Json;

namespace CustomerIo.Track.Emulator.V2;

/// <summary>Why one v2 operation was refused, in the service's error entry shape.</summary>
public sealed record ItemError(string Reason, string? Field, string Message)
{
    /// <summary>Turns a validation message from the shared readers into an entry.</summary>
    public static ItemError FromMessage(string field, string message) =>
        new(message.Contains("longer than") || message.Contains("more than") ? "too_long"
            : message.Contains("blank") || message.Contains("required") ? "required"
            : "invalid",
            field, message);

    public void Write(Utf8JsonWriter w, int? batchIndex)
    {
        w.WriteStartObject();
        if (batchIndex is { } i) w.WriteNumber("batch_index", i);
        w.WriteString("reason", Reason);
        if (Field is not null) w.WriteString("field", Field);
        w.WriteString("message", Message);
        w.WriteEndObject();
    }
}
