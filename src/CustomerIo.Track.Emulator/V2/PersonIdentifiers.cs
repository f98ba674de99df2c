using System.Text.Json;
using CustomerIo.Track.Emulator.Store;
using CustomerIo.Track.Emulator.Validation;

namespace CustomerIo.Track.Emulator.V2;

/// <summary>v2 person identifiers: exactly one of id, email, phone, cio_id (cio_id without the "cio_" prefix).</summary>
public static class PersonIdentifiers
{
    private static readonly string[] Keys = ["id", "email", "phone", "cio_id"];
    private static readonly byte[][] Utf8Keys = [.. Keys.Select(k => System.Text.Encoding.UTF8.GetBytes(k))];
    private static readonly IdentifierKind[] Kinds =
        [IdentifierKind.Id, IdentifierKind.Email, IdentifierKind.Phone, IdentifierKind.CioId];

    public static PersonRef? Read(JsonElement identifiers, out ItemError? error)
    {
        error = null;
        if (identifiers.ValueKind != JsonValueKind.Object)
        {
            error = new ItemError("required", "identifiers", "identifiers is required and must be an object");
            return null;
        }
        var present = 0;
        var which = -1;
        JsonElement found = default;
        for (var i = 0; i < Keys.Length; i++)
        {
            if (!identifiers.TryGetProperty(Utf8Keys[i], out var v) || v.ValueKind == JsonValueKind.Null) continue;
            present++;
            which = i;
            found = v;
        }
        if (present != 1)
        {
            error = new ItemError("invalid", "identifiers", "identifiers must have exactly one of id, email, phone, cio_id");
            return null;
        }
        var key = Keys[which];
        var value = RelationshipReader.ScalarText(found);
        if (AttributeReader.CheckIdentifier(value, key) is { } message)
        {
            error = ItemError.FromMessage($"identifiers.{key}", message);
            return null;
        }
        return new PersonRef(Kinds[which], value!);
    }
}
