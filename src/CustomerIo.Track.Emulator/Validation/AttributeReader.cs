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
        var result = new List<KeyValuePair<string, string?>>();
        if (obj.ValueKind != JsonValueKind.Object) return result;
        foreach (var p in obj.EnumerateObject())
        {
            if (skip(p.Name)) continue;
            if (TrackLimits.Utf8Bytes(p.Name) > TrackLimits.AttributeNameBytes)
                errors.Add($"attribute name '{TrackLimits.Shorten(p.Name)}' cannot be longer than {TrackLimits.AttributeNameBytes} bytes");
            else if (p.Name.Length == 0)
                errors.Add("attribute name cannot be blank");
            if (p.Value.ValueKind != JsonValueKind.Null && exemptFromValueLimit?.Invoke(p.Name) != true &&
                TrackLimits.Exceeds(p.Value, TrackLimits.AttributeValueBytes))
                errors.Add($"value for attribute '{TrackLimits.Shorten(p.Name)}' cannot be longer than {TrackLimits.AttributeValueBytes} bytes");
            result.Add(KeyValuePair.Create(p.Name, p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.GetRawText()));
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
