using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace CustomerIo.Track.Emulator.Validation;

/// <summary>
/// Attribute names as shared strings. A batch repeats the same few names on every item: looking
/// them up by their UTF-8 bytes (decoded on the stack) saves a string per attribute per item,
/// and people's attribute tables then share one string per name.
/// </summary>
public static class NameCache
{
    // Bounded so that a client sending random names cannot grow it without end; past the bound
    // names are simply allocated as before.
    private const int MaxNames = 20_000;
    private const int MaxNameChars = 128;

    private static readonly ConcurrentDictionary<string, string> Names = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> ByChars =
        Names.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The property's name, the same as <see cref="JsonProperty.Name"/>.</summary>
    public static string Of(JsonProperty p)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(p);
        // Escaped names are rare: let the document unescape them.
        if (raw.Length > MaxNameChars || raw.IndexOf((byte)'\\') >= 0) return p.Name;
        Span<char> chars = stackalloc char[MaxNameChars];
        // The document has validated the UTF-8; a character never takes more chars than bytes.
        var n = Encoding.UTF8.GetChars(raw, chars);
        var name = chars[..n];
        if (ByChars.TryGetValue(name, out var known)) return known;
        var s = name.ToString();
        if (Names.Count < MaxNames) Names.TryAdd(s, s);
        return s;
    }

    /// <summary>UTF-8 byte count of the property's name, read from the document when it is not escaped.</summary>
    public static int Utf8Bytes(JsonProperty p, string name)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(p);
        return raw.IndexOf((byte)'\\') < 0 ? raw.Length : TrackLimits.Utf8Bytes(name);
    }
}
