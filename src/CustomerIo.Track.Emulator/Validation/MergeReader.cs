using System.Text.Json;
using CustomerIo.Track.Emulator.Store;

namespace CustomerIo.Track.Emulator.Validation;

/// <summary>The two sides of a merge: each names a person by exactly one of id, email, cio_id.</summary>
public static class MergeReader
{
    private static readonly string[] Keys = ["id", "email", "cio_id"];

    public static (PersonRef Primary, PersonRef Secondary)? Read(JsonElement body, List<string> errors)
    {
        var primary = ReadSide(body, "primary", errors);
        var secondary = ReadSide(body, "secondary", errors);
        if (primary is null || secondary is null) return null;
        if (primary == secondary)
        {
            errors.Add("primary and secondary must be different people");
            return null;
        }
        return (primary.Value, secondary.Value);
    }

    private static PersonRef? ReadSide(JsonElement body, string side, List<string> errors)
    {
        var obj = EventReader.Get(body, side);
        if (obj.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{side} is required and must be an object");
            return null;
        }
        var present = Keys.Where(k => obj.TryGetProperty(k, out var v) && v.ValueKind != JsonValueKind.Null).ToList();
        // The file: maxProperties 1, so any second property (known or not) is refused.
        if (present.Count != 1 || obj.GetPropertyCount() != 1)
        {
            errors.Add($"{side} must have exactly one of id, email, cio_id");
            return null;
        }
        var key = present[0];
        var value = RelationshipReader.ScalarText(obj.GetProperty(key));
        if (AttributeReader.CheckIdentifier(value, $"{side} {key}") is { } err)
        {
            errors.Add(err);
            return null;
        }
        if (key == "cio_id" && value!.StartsWith("cio_", StringComparison.Ordinal)) value = value[4..];
        return new PersonRef(PersonRef.KindFromWireName(key)!.Value, value!);
    }
}
