using System.Text.Json;
using CustomerIo.Track.Emulator.Http;
using CustomerIo.Track.Emulator.Store;
using CustomerIo.Track.Emulator.Validation;

namespace CustomerIo.Track.Emulator.V1;

/// <summary>PUT/DELETE /api/v1/customers/{id}, suppress and unsuppress.</summary>
public sealed class CustomerRoutes(TrackStore store)
{
    // Keys of an identify body that steer the call instead of becoming attributes.
    private static bool IsControlKey(string name) =>
        name is "_update" or "_timestamp" or "id" or "cio_relationships";

    public Reply Identify(ApiRequest req, string identifier)
    {
        if (AttributeReader.CheckIdentifier(identifier) is { } idError)
            return Reply.MetaError(idError);
        using var doc = req.ParseObject(out var parseError);
        if (doc is null) return parseError!;
        var body = doc.RootElement;
        var errors = new List<string>();

        var updateOnly = body.TryGetProperty("_update", out var u) && u.ValueKind == JsonValueKind.True;
        string? newId = null;
        if (body.TryGetProperty("id", out var idValue) && idValue.ValueKind != JsonValueKind.Null)
        {
            newId = RelationshipReader.ScalarText(idValue);
            if (AttributeReader.CheckIdentifier(newId, "id") is { } e) errors.Add(e);
        }
        if (body.TryGetProperty("created_at", out var created) &&
            created.ValueKind is not (JsonValueKind.Number or JsonValueKind.Null))
            errors.Add("created_at must be a number (unix timestamp in seconds)");

        var attributes = AttributeReader.Read(body, IsControlKey, errors,
            exemptFromValueLimit: name => name == "cio_subscription_preferences");
        var (add, remove) = body.TryGetProperty("cio_relationships", out var rels)
            ? RelationshipReader.ReadIdentifyRelationships(rels, store.KeyOf, errors)
            : (new List<RelationshipChange>(), new List<RelationshipChange>());
        if (errors.Count > 0) return Reply.MetaErrors(errors);

        try
        {
            store.Identify(new IdentifyRequest(PersonRef.ByShape(identifier), attributes, newId, updateOnly, add, remove));
        }
        catch (AttributeLimitException e)
        {
            // A limit over all calls (300 unique attributes, 100 KB per relationship): nothing stored.
            return Reply.MetaErrors([e.Message]);
        }
        return Reply.Ok;
    }

    public Reply Delete(string identifier)
    {
        if (AttributeReader.CheckIdentifier(identifier) is { } idError)
            return Reply.MetaError(idError);
        store.Delete(PersonRef.ByShape(identifier));
        return Reply.Ok;
    }

    public Reply Suppress(string identifier)
    {
        if (AttributeReader.CheckIdentifier(identifier) is { } idError)
            return Reply.MetaError(idError);
        store.Suppress(PersonRef.ByShape(identifier));
        return Reply.Ok;
    }

    public Reply Unsuppress(string identifier)
    {
        if (AttributeReader.CheckIdentifier(identifier) is { } idError)
            return Reply.MetaError(idError);
        store.Unsuppress(PersonRef.ByShape(identifier));
        return Reply.Ok;
    }
}
