using System.Text.Json;

namespace CustomerIo.Track.Emulator.Validation;

/// <summary>Turns a JSON object of attributes into raw name/value pairs, collecting limit violations.</summary>
public static class AttributeReader
{
    /// <summary>
    /// Reads every property except <paramref name="skip"/>. JSON null becomes a null value
    /// (remove the attribute). Errors use the service's messages.
    /// </summary>
    public static List<KeyValuePair<string, string?>> Read(JsonElement obj, Func<string, bool> skip,
        List<string> errors, Func<string, bool>? exemptFromValueLimit = null)
    {
        if (obj.ValueKind != JsonValueKind.Object) return [];
        var result = new List<KeyValuePair<string, string?>>(obj.GetPropertyCount());
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
            result.Add(KeyValuePair.Create(name, isNull ? null : value.GetRawText()));
        }
        if (result.Count > TrackLimits.AttributesPerRequest)
            errors.Add($"cannot set more than {TrackLimits.AttributesPerRequest} attributes in one request ({result.Count} given)");
        return result;
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
