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
        // One pass over the properties (usually just one). Like TryGetProperty, a repeated key
        // counts by its last value, and an escaped key matches its unescaped form.
        JsonElement id = default, email = default, phone = default, cioId = default;
        foreach (var p in identifiers.EnumerateObject())
        {
            if (p.NameEquals(Utf8Keys[0])) id = p.Value;
            else if (p.NameEquals(Utf8Keys[1])) email = p.Value;
            else if (p.NameEquals(Utf8Keys[2])) phone = p.Value;
            else if (p.NameEquals(Utf8Keys[3])) cioId = p.Value;
        }
        var present = 0;
        var which = -1;
        JsonElement found = default;
        Consider(id, 0);
        Consider(email, 1);
        Consider(phone, 2);
        Consider(cioId, 3);
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

        void Consider(JsonElement v, int i)
        {
            if (v.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) return;
            present++;
            which = i;
            found = v;
        }
    }
}
