using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CustomerIo.Track.Emulator.Validation;

/// <summary>The service's documented limits (bytes are UTF-8 bytes), shared by v1 and v2.</summary>
public static class TrackLimits
{
    public const int IdentifierBytes = 150;
    public const int AttributeNameBytes = 150;
    public const int AttributeValueBytes = 1000;
    public const int AttributesPerRequest = 300;
    public const int EventNameBytes = 100;
    public const int EventDataBytes = 100_000;
    public const int EntityBytes = 32_000;
    public const int BatchBytes = 500_000;
    public const int SegmentIds = 1000;

    private static readonly JsonSerializerOptions Compact = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    public static int Utf8Bytes(string s) => Encoding.UTF8.GetByteCount(s);

    /// <summary>
    /// Whether a value is over a byte limit as the service counts it: a string's own bytes,
    /// anything else the bytes of its compact JSON.
    /// </summary>
    public static bool Exceeds(JsonElement value, int limit)
    {
        // Escapes and whitespace only make the raw text longer than the value: when the raw
        // text fits, the value does, and nothing needs decoding.
        var rawBytes = JsonMarshal.GetRawUtf8Value(value).Length;
        if (value.ValueKind == JsonValueKind.String)
            return rawBytes - 2 > limit && Utf8Bytes(value.GetString()!) > limit;
        return rawBytes > limit && Utf8Bytes(JsonSerializer.Serialize(value, Compact)) > limit;
    }

    /// <summary>Shortens a name for an error message so a 10 KB name does not make a 10 KB answer.</summary>
    public static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";
}
