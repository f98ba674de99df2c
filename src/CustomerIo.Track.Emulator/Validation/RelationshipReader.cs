using System.Text.Json;
using CustomerIo.Track.Emulator.Store;

namespace CustomerIo.Track.Emulator.Validation;

/// <summary>Reads person-to-object cio_relationships, in the v1 and v2 shapes.</summary>
public static class RelationshipReader
{
    /// <summary>
    /// v1 identify: {"action":"add_relationships"|"delete_relationships","relationships":[...]};
    /// v2: a plain array of {"identifiers":{...},"relationship_attributes":{...}} (added).
    /// Returns (add, remove).
    /// </summary>
    public static (List<RelationshipChange> Add, List<RelationshipChange> Remove) ReadIdentifyRelationships(
        JsonElement value, Func<ObjectRef, ObjectKey?> keyOf, List<string> errors)
    {
        var add = new List<RelationshipChange>();
        var remove = new List<RelationshipChange>();
        if (value.ValueKind == JsonValueKind.Array)
        {
            add.AddRange(ReadList(value, keyOf, errors));
        }
        else if (value.ValueKind == JsonValueKind.Object)
        {
            var action = value.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.String
                ? a.GetString() : "add_relationships";
            var list = value.TryGetProperty("relationships", out var r) ? r : default;
            if (action == "add_relationships") add.AddRange(ReadList(list, keyOf, errors));
            else if (action == "delete_relationships") remove.AddRange(ReadList(list, keyOf, errors));
            else errors.Add($"cio_relationships action '{action}' is not one of add_relationships, delete_relationships");
        }
        else if (value.ValueKind != JsonValueKind.Null && value.ValueKind != JsonValueKind.Undefined)
        {
            errors.Add("cio_relationships must be an object or an array");
        }
        return (add, remove);
    }

    /// <summary>Reads an array of relationships to objects.</summary>
    public static List<RelationshipChange> ReadList(JsonElement list, Func<ObjectRef, ObjectKey?> keyOf, List<string> errors)
    {
        var result = new List<RelationshipChange>();
        if (list.ValueKind != JsonValueKind.Array)
        {
            errors.Add("relationships must be an array");
            return result;
        }
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("identifiers", out var ids))
            {
                errors.Add("each relationship needs identifiers");
                continue;
            }
            var which = ReadObjectRef(ids, errors);
            if (which is null) continue;
            var key = keyOf(which.Value);
            if (key is null)
            {
                errors.Add($"object with cio_object_id '{which.Value.CioObjectId}' not found");
                continue;
            }
            var attrs = item.TryGetProperty("relationship_attributes", out var ra)
                ? AttributeReader.Read(ra, _ => false, errors)
                : new List<KeyValuePair<string, RawJson?>>();
            result.Add(new RelationshipChange(key.Value, attrs));
        }
        return result;
    }

    /// <summary>Object identifiers: object_type_id and object_id, or cio_object_id.</summary>
    public static ObjectRef? ReadObjectRef(JsonElement ids, List<string> errors)
    {
        if (ids.ValueKind != JsonValueKind.Object)
        {
            errors.Add("object identifiers must be an object");
            return null;
        }
        if (ids.TryGetProperty("cio_object_id", out var cio) && ScalarText(cio) is { Length: > 0 } cioId)
            return new ObjectRef(null, cioId);
        var type = ids.TryGetProperty("object_type_id", out var t) ? ScalarText(t) : null;
        var id = ids.TryGetProperty("object_id", out var o) ? ScalarText(o) : null;
        if (string.IsNullOrWhiteSpace(type))
        {
            errors.Add("object_type_id cannot be blank");
            return null;
        }
        if (AttributeReader.CheckIdentifier(id, "object_id") is { } err)
        {
            errors.Add(err);
            return null;
        }
        return new ObjectRef(new ObjectKey(type, id!), null);
    }

    /// <summary>Identifiers may arrive as strings or numbers; both name the same thing.</summary>
    public static string? ScalarText(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.GetRawText(),
        _ => null,
    };
}
