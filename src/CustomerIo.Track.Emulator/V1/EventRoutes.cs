using System.Text.Json;
using CustomerIo.Track.Emulator.Http;
using CustomerIo.Track.Emulator.Store;
using CustomerIo.Track.Emulator.Validation;
using static CustomerIo.Track.Emulator.Validation.EventReader;

namespace CustomerIo.Track.Emulator.V1;

/// <summary>POST /api/v1/customers/{id}/events and the anonymous POST /api/v1/events.</summary>
public sealed class EventRoutes(TrackStore store)
{
    public Reply PersonEvent(ApiRequest req, string identifier)
    {
        if (AttributeReader.CheckIdentifier(identifier) is { } idError)
            return Reply.MetaErrors([idError]);
        using var doc = req.ParseObject(out var parseError);
        if (doc is null) return parseError!;
        var b = doc.RootElement;
        var errors = new List<string>();
        var type = Get(b, "type") is { ValueKind: JsonValueKind.String } t ? t.GetString() : null;
        var e = Read(Get(b, "name"), Get(b, "data"), Get(b, "id"), Get(b, "timestamp"), type, null, errors);
        if (e is null) return Reply.MetaErrors([errors[0]]);
        // A repeated event id is accepted but stored once, so retries are safe.
        store.AddEvent(PersonRef.ByShape(identifier), e);
        return Reply.Ok;
    }

    public Reply AnonymousEvent(ApiRequest req)
    {
        using var doc = req.ParseObject(out var parseError);
        if (doc is null) return parseError!;
        var b = doc.RootElement;
        var errors = new List<string>();
        string? anonymousId = null;
        if (Get(b, "anonymous_id") is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } a)
        {
            anonymousId = RelationshipReader.ScalarText(a);
            if (AttributeReader.CheckIdentifier(anonymousId, "anonymous_id") is { } err) errors.Add(err);
        }
        var type = Get(b, "type") is { ValueKind: JsonValueKind.String } t ? t.GetString() : null;
        var e = Read(Get(b, "name"), Get(b, "data"), Get(b, "id"), Get(b, "timestamp"), type, anonymousId, errors);
        if (e is null || errors.Count > 0) return Reply.MetaErrors([errors[0]]);
        store.AddAnonymousEvent(e);
        return Reply.Ok;
    }
}
