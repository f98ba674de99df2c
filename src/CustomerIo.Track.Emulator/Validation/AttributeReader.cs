using System.Runtime.InteropServices;
using System.Text.Json;
using CustomerIo.Track.Emulator.Store;

namespace CustomerIo.Track.Emulator.Validation;

/// <summary>Turns a JSON object of attributes into raw name/value pairs, collecting limit violations.</summary>
public static class AttributeReader
{
    /// <summary>
    /// Reads every property except <paramref name="skip"/>. JSON null becomes a null value
    /// (remove the attribute). Errors use the service's messages. The values' text is copied,
    /// as received, into one buffer for the whole object.
    /// </summary>
    public static List<KeyValuePair<string, RawJson?>> Read(JsonElement obj, Func<string, bool> skip,
        List<string> errors, Func<string, bool>? exemptFromValueLimit = null)
    {
        if (obj.ValueKind != JsonValueKind.Object) return [];
        var objectText = JsonMarshal.GetRawUtf8Value(obj);
        var count = obj.GetPropertyCount();
        var result = new List<KeyValuePair<string, RawJson?>>(count);
        // Where each kept value lies in the object's text (empty for null): copied out at the end.
        Span<Range> where = count <= 64 ? stackalloc Range[count] : new Range[count];
        var valueBytes = 0;
        foreach (var p in obj.EnumerateObject())
        {
            var name = NameCache.Of(p);
            if (skip(name)) continue;
            if (NameCache.Utf8Bytes(p, name) > TrackLimits.AttributeNameBytes)
                errors.Add($"attribute name '{TrackLimits.Shorten(name)}' cannot be longer than {TrackLimits.AttributeNameBytes} bytes");
            else if (name.Length == 0)
                errors.Add("attribute name cannot be blank");
            var value = p.Value;
            var isNull = value.ValueKind == JsonValueKind.Null;
            if (!isNull && exemptFromValueLimit?.Invoke(name) != true &&
                TrackLimits.Exceeds(value, TrackLimits.AttributeValueBytes))
                errors.Add($"value for attribute '{TrackLimits.Shorten(name)}' cannot be longer than {TrackLimits.AttributeValueBytes} bytes");
            if (!isNull)
            {
                var text = JsonMarshal.GetRawUtf8Value(value);
                objectText.Overlaps(text, out var offset);
                where[result.Count] = new Range(offset, offset + text.Length);
                valueBytes += text.Length;
            }
            result.Add(KeyValuePair.Create(name, (RawJson?)null));
        }
        if (result.Count > TrackLimits.AttributesPerRequest)
            errors.Add($"cannot set more than {TrackLimits.AttributesPerRequest} attributes in one request ({result.Count} given)");
        if (valueBytes > 0) CopyValues(result, objectText, where, valueBytes);
        return result;
    }

    /// <summary>
    /// Copies the values into one exact-size buffer: however many attributes a person has, the
    /// request adds one array to the heap, not a string per value.
    /// </summary>
    private static void CopyValues(List<KeyValuePair<string, RawJson?>> result, ReadOnlySpan<byte> objectText,
        ReadOnlySpan<Range> where, int valueBytes)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(valueBytes);
        var at = 0;
        for (var i = 0; i < result.Count; i++)
        {
            var text = objectText[where[i]];
            if (text.IsEmpty) continue; // null: removes the attribute
            text.CopyTo(buffer.AsSpan(at));
            result[i] = KeyValuePair.Create(result[i].Key, (RawJson?)new RawJson(buffer, at, text.Length));
            at += text.Length;
        }
    }

    /// <summary>Checks a person or object identifier; returns an error message or null.</summary>
    public static string? CheckIdentifier(string? value, string what = "identifier")
    {
        if (string.IsNullOrWhiteSpace(value)) return $"{what} cannot be blank";
        if (TrackLimits.Utf8Bytes(value) > TrackLimits.IdentifierBytes)
            return $"{what} cannot be longer than {TrackLimits.IdentifierBytes} bytes";
        return null;
    }
}
