using System.Text.Json;
using CustomerIo.Track.Emulator.Store;
using CustomerIo.Track.Emulator.Validation;

namespace CustomerIo.Track.Emulator.V2;

/// <summary>v2 person identifiers: exactly one of id, email, phone, cio_id (cio_id without the "cio_" prefix).</summary>
public static class PersonIdentifiers
{
    private static readonly string[] Keys = ["id", "email", "phone", "cio_id"];

    public static PersonRef? Read(JsonElement identifiers, out ItemError? error)
    {
        error = null;
        if (identifiers.ValueKind != JsonValueKind.Object)
        {
            error = new ItemError("required", "identifiers", "identifiers is required and must be an object");
            return null;
        }
        var present = Keys.Where(k => identifiers.TryGetProperty(k, out var v) && v.ValueKind != JsonValueKind.Null).ToList();
        if (present.Count != 1)
        {
            error = new ItemError("invalid", "identifiers", "identifiers must have exactly one of id, email, phone, cio_id");
            return null;
        }
        var key = present[0];
        var value = RelationshipReader.ScalarText(identifiers.GetProperty(key));
        if (AttributeReader.CheckIdentifier(value, key) is { } message)
        {
            error = ItemError.FromMessage($"identifiers.{key}", message);
            return null;
        }
        return new PersonRef(PersonRef.KindFromWireName(key)!.Value, value!);
    }
}
