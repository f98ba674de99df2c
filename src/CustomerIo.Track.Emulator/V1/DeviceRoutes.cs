using System.Text.Json;
using CustomerIo.Track.Emulator.Http;
using CustomerIo.Track.Emulator.Store;
using CustomerIo.Track.Emulator.Validation;
using static CustomerIo.Track.Emulator.Validation.EventReader;

namespace CustomerIo.Track.Emulator.V1;

/// <summary>PUT /api/v1/customers/{id}/devices and DELETE .../devices/{token}.</summary>
public sealed class DeviceRoutes(TrackStore store)
{
    public static readonly string[] Platforms = ["ios", "android"];

    public Reply Upsert(ApiRequest req, string identifier)
    {
        if (AttributeReader.CheckIdentifier(identifier) is { } idError)
            return Reply.MetaErrors([idError]);
        using var doc = req.ParseObject(out var parseError);
        if (doc is null) return parseError!;
        var device = Get(doc.RootElement, "device");
        if (device.ValueKind != JsonValueKind.Object)
            return Reply.MetaErrors(["device is required"]);
        var errors = new List<string>();
        var parsed = ReadDevice(device, "id", errors);
        if (parsed is null) return Reply.MetaErrors([errors[0]]);
        var (id, platform, lastUsed, attributes) = parsed.Value;
        store.UpsertDevice(PersonRef.ByShape(identifier), id, platform, lastUsed, attributes);
        return Reply.Ok;
    }

    public Reply Delete(string identifier, string token)
    {
        if (AttributeReader.CheckIdentifier(identifier) is { } idError)
            return Reply.MetaErrors([idError]);
        if (string.IsNullOrWhiteSpace(token))
            return Reply.MetaErrors(["device id cannot be blank"]);
        store.DeleteDevice(PersonRef.ByShape(identifier), token);
        return Reply.Ok;
    }

    /// <summary>Reads a device; v1 names its token "id", v2 "token".</summary>
    public static (string Id, string Platform, string? LastUsedRaw, List<KeyValuePair<string, RawJson?>> Attributes)?
        ReadDevice(JsonElement device, string tokenKey, List<string> errors)
    {
        var before = errors.Count;
        var id = RelationshipReader.ScalarText(Get(device, tokenKey));
        if (string.IsNullOrWhiteSpace(id))
            errors.Add($"device {tokenKey} cannot be blank");
        var platform = Get(device, "platform") is { ValueKind: JsonValueKind.String } p ? p.GetString() : null;
        if (platform is null || !Platforms.Contains(platform))
            errors.Add($"device platform must be one of {string.Join(", ", Platforms)}");
        var lastUsed = Get(device, "last_used");
        if (lastUsed.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Number))
            errors.Add("device last_used must be a number (unix timestamp in seconds)");
        var attributes = AttributeReader.Read(Get(device, "attributes"), _ => false, errors);
        if (errors.Count > before) return null;
        return (id!, platform!, lastUsed.ValueKind == JsonValueKind.Number ? lastUsed.GetRawText() : null, attributes);
    }
}
