using System.Text.Json;
using CustomerIo.Track.Emulator.Store;
using CustomerIo.Track.Emulator.V1;
using CustomerIo.Track.Emulator.Validation;
using static CustomerIo.Track.Emulator.Validation.EventReader;

namespace CustomerIo.Track.Emulator.V2;

/// <summary>
/// Validates and applies one v2 operation (an /entity body or a /batch item) to the same store
/// v1 uses, with v1's limits. Returns null when applied, or why it was refused (nothing applied).
/// </summary>
public sealed class OperationApplier(TrackStore store)
{
    private static readonly string[] PersonActions =
    [
        "identify", "delete", "event", "page", "screen", "add_relationships", "delete_relationships",
        "add_device", "delete_device", "suppress", "unsuppress", "merge",
    ];

    private static readonly string[] ObjectActions =
        ["identify", "identify_anonymous", "delete", "add_relationships", "delete_relationships"];

    // The values "type" and "action" can take, matched in place against their UTF-8 forms: a
    // known value costs no string. Unknown ones are read as before (for the message).
    private static readonly string[] Types = ["person", "object", "delivery"];
    private static readonly string[] Actions = [.. PersonActions.Union(ObjectActions).Append("event")];
    private static readonly byte[][] TypesUtf8 = Utf8(Types);
    private static readonly byte[][] ActionsUtf8 = Utf8(Actions);

    public ItemError? Apply(JsonElement op)
    {
        if (op.ValueKind != JsonValueKind.Object)
            return new ItemError("invalid", null, "operation must be a JSON object");
        var fields = OperationFields.Read(op);
        var type = Text(fields.Type, Types, TypesUtf8);
        if (string.IsNullOrEmpty(type))
            return new ItemError("required", "type", "type is required");
        if (type is not ("person" or "object" or "delivery"))
            return new ItemError("invalid", "type", "type must be one of person, object, delivery");
        var action = Text(fields.Action, Actions, ActionsUtf8);
        if (string.IsNullOrEmpty(action))
            return new ItemError("required", "action", "action is required");
        try
        {
            return type switch
            {
                "person" => ApplyPerson(op, fields, action),
                "object" => ApplyObject(op, action),
                _ => ApplyDelivery(op, action),
            };
        }
        catch (AttributeLimitException e)
        {
            // A limit over all calls (300 unique attributes, 100 KB per object or relationship): nothing applied.
            return ItemError.FromMessage(e.Field, e.Message);
        }
    }

    private ItemError? ApplyPerson(JsonElement op, OperationFields fields, string action)
    {
        if (!PersonActions.Contains(action))
            return new ItemError("invalid", "action", $"action '{action}' is not valid for type person");
        var errors = new List<string>();

        if (action == "merge")
        {
            if (MergeReader.Read(op, errors) is not { } sides) return Fail("primary", errors);
            if (store.RefusedIdentifier(sides.Primary) is { } p) return new ItemError("invalid", "primary", p);
            if (store.RefusedIdentifier(sides.Secondary) is { } s) return new ItemError("invalid", "secondary", s);
            return store.Merge(sides.Primary, sides.Secondary) == TrackStore.MergeOutcome.SamePerson
                ? new ItemError("invalid", "secondary", "primary and secondary must be different people")
                : null;
        }

        if (PersonIdentifiers.Read(fields.Identifiers, out var idError) is not { } who)
            return idError;
        if (store.RefusedIdentifier(who) is { } refused)
            return new ItemError("invalid", "identifiers", refused);

        switch (action)
        {
            case "identify":
                return Identify(fields, who, errors);
            case "delete":
                store.Delete(who);
                return null;
            case "suppress":
                store.Suppress(who);
                return null;
            case "unsuppress":
                store.Unsuppress(who);
                return null;
            case "event" or "page" or "screen":
                // v2 carries the event data in "attributes".
                var e = Read(Get(op, "name"), Get(op, "attributes"), Get(op, "id"), Get(op, "timestamp"), action, null, errors);
                if (e is null) return Fail(EventField(errors[0]), errors);
                store.AddEvent(who, e);
                return null;
            case "add_relationships" or "delete_relationships":
                var changes = RelationshipReader.ReadList(Get(op, "cio_relationships"), store.KeyOf, errors);
                if (errors.Count > 0) return Fail("cio_relationships", errors);
                if (action == "add_relationships") store.AddRelationships(who, changes);
                else store.DeleteRelationships(who, changes);
                return null;
            case "add_device":
                var device = Get(op, "device");
                if (device.ValueKind != JsonValueKind.Object)
                    return new ItemError("required", "device", "device is required");
                if (DeviceRoutes.ReadDevice(device, "token", errors) is not { } d) return Fail("device", errors);
                store.UpsertDevice(who, d.Id, d.Platform, d.LastUsedRaw, d.Attributes);
                return null;
            default: // delete_device
                var token = RelationshipReader.ScalarText(Get(Get(op, "device"), "token"));
                if (string.IsNullOrWhiteSpace(token))
                    return new ItemError("required", "device.token", "device token cannot be blank");
                store.DeleteDevice(who, token);
                return null;
        }
    }

    private ItemError? Identify(OperationFields op, PersonRef who, List<string> errors)
    {
        var attributes = op.Attributes;
        if (attributes.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Object))
            return new ItemError("invalid", "attributes", "attributes must be an object");
        if (op.Timestamp.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Number))
            return new ItemError("invalid", "timestamp", "timestamp must be a number (unix timestamp in seconds)");
        if (Get(attributes, "created_at"u8).ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Number))
            return new ItemError("invalid", "attributes.created_at", "created_at must be a number (unix timestamp in seconds)");

        // An "id" attribute names the person, as in a v1 body, unless they are already named by id.
        string? newId = null;
        if (who.Kind != IdentifierKind.Id && Get(attributes, "id"u8) is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } idValue)
        {
            newId = RelationshipReader.ScalarText(idValue);
            if (AttributeReader.CheckIdentifier(newId, "id") is { } e) return ItemError.FromMessage("attributes.id", e);
        }
        var attrs = AttributeReader.Read(attributes, name => name is "id" or "_timestamp" or "_update" or "cio_relationships",
            errors, exemptFromValueLimit: name => name == "cio_subscription_preferences");
        if (errors.Count > 0) return Fail("attributes", errors);
        var relationships = op.CioRelationships;
        var add = relationships.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null
            ? null
            : RelationshipReader.ReadList(relationships, store.KeyOf, errors);
        if (errors.Count > 0) return Fail("cio_relationships", errors);
        // v2 puts "_update" inside attributes: update only, never create.
        var updateOnly = Get(attributes, "_update"u8).ValueKind == JsonValueKind.True;
        store.Identify(new IdentifyRequest(who, attrs, newId, updateOnly, AddRelationships: add));
        return null;
    }

    private ItemError? ApplyObject(JsonElement op, string action)
    {
        if (!ObjectActions.Contains(action))
            return new ItemError("invalid", "action", $"action '{action}' is not valid for type object");
        var errors = new List<string>();
        if (RelationshipReader.ReadObjectRef(Get(op, "identifiers"), errors) is not { } which)
            return Fail("identifiers", errors);

        if (action == "delete")
        {
            store.DeleteObject(which);
            return null;
        }

        var attributes = Get(op, "attributes");
        if (attributes.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Object))
            return new ItemError("invalid", "attributes", "attributes must be an object");
        var attrs = action is "identify" or "identify_anonymous"
            ? AttributeReader.Read(attributes, _ => false, errors)
            : new List<KeyValuePair<string, RawJson?>>();
        if (errors.Count > 0) return Fail("attributes", errors);

        var people = ReadPeople(Get(op, "cio_relationships"), required: action.EndsWith("relationships"), out var relError);
        if (relError is not null) return relError;

        if (action == "delete_relationships")
        {
            store.UnrelateObject(which, people.Select(p => p.Person).ToList());
            return null;
        }
        return store.IdentifyObject(which, attrs, people)
            ? null
            : new ItemError("not_found", "identifiers.cio_object_id", $"object with cio_object_id '{which.CioObjectId}' not found");
    }

    /// <summary>
    /// An object's cio_relationships name people. Anonymous people (identify_anonymous) are not
    /// modelled: such entries are accepted and skipped.
    /// </summary>
    private List<(PersonRef Person, IReadOnlyList<KeyValuePair<string, RawJson?>> Attributes)> ReadPeople(
        JsonElement list, bool required, out ItemError? error)
    {
        error = null;
        var result = new List<(PersonRef, IReadOnlyList<KeyValuePair<string, RawJson?>>)>();
        if (list.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            if (required) error = new ItemError("required", "cio_relationships", "cio_relationships is required");
            return result;
        }
        if (list.ValueKind != JsonValueKind.Array)
        {
            error = new ItemError("invalid", "cio_relationships", "cio_relationships must be an array");
            return result;
        }
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var ids = Get(item, "identifiers");
            if (ids.ValueKind == JsonValueKind.Object && ids.TryGetProperty("anonymous_id", out _))
            {
                index++;
                continue;
            }
            if (PersonIdentifiers.Read(ids, out var idError) is not { } who)
            {
                error = idError! with { Field = $"cio_relationships[{index}].{idError!.Field}" };
                return result;
            }
            if (store.RefusedIdentifier(who) is { } refused)
            {
                error = new ItemError("invalid", $"cio_relationships[{index}].identifiers", refused);
                return result;
            }
            var errors = new List<string>();
            var attrs = AttributeReader.Read(Get(item, "relationship_attributes"), _ => false, errors);
            if (errors.Count > 0)
            {
                error = Fail($"cio_relationships[{index}].relationship_attributes", errors);
                return result;
            }
            result.Add((who, attrs));
            index++;
        }
        return result;
    }

    private ItemError? ApplyDelivery(JsonElement op, string action)
    {
        if (action != "event")
            return new ItemError("invalid", "action", $"action '{action}' is not valid for type delivery");
        var id = RelationshipReader.ScalarText(Get(Get(op, "identifiers"), "id"));
        if (string.IsNullOrWhiteSpace(id))
            return new ItemError("required", "identifiers.id", "identifiers.id (the delivery id) cannot be blank");
        var name = Text(op, "name");
        if (name is null || !MetricsAndFormsRoutes.DeviceEvents.Contains(name))
            return new ItemError("invalid", "name", $"name must be one of {string.Join(", ", MetricsAndFormsRoutes.DeviceEvents)}");
        // The file requires attributes, holding the device_token the event happened on.
        var attributes = Get(op, "attributes");
        if (attributes.ValueKind != JsonValueKind.Object)
            return new ItemError("required", "attributes", "attributes is required and must be an object");
        if (Get(attributes, "device_token") is not { ValueKind: JsonValueKind.String } token || string.IsNullOrWhiteSpace(token.GetString()))
            return new ItemError("required", "attributes.device_token", "attributes.device_token is required");
        if (Get(op, "timestamp").ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Number))
            return new ItemError("invalid", "timestamp", "timestamp must be a number (unix timestamp in seconds)");
        store.AddDelivery(op.GetRawText());
        return null;
    }

    /// <summary>EventReader's messages start with the v1 field name; v2 calls "data" "attributes".</summary>
    private static string EventField(string message)
    {
        var field = message.Split(' ')[0];
        return field == "data" ? "attributes" : field;
    }

    private static ItemError Fail(string field, List<string> errors) =>
        ItemError.FromMessage(field, string.Join("; ", errors));

    private static string? Text(JsonElement op, string name) =>
        Get(op, name) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    /// <summary>A string value as one of <paramref name="known"/> when it is one, else read; null when not a string.</summary>
    private static string? Text(JsonElement value, string[] known, byte[][] knownUtf8)
    {
        if (value.ValueKind != JsonValueKind.String) return null;
        for (var i = 0; i < known.Length; i++)
            if (value.ValueEquals(knownUtf8[i])) return known[i];
        return value.GetString();
    }

    private static byte[][] Utf8(string[] words) => [.. words.Select(w => System.Text.Encoding.UTF8.GetBytes(w))];
}
