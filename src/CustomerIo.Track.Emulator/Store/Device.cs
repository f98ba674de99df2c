namespace CustomerIo.Track.Emulator.Store;

/// <summary>A push device on a person (v1 "id" / v2 "token").</summary>
public sealed class Device
{
    public Device(string id) => Id = id;

    public string Id { get; }
    public string? Platform { get; set; }
    /// <summary>Raw JSON of last_used, as received.</summary>
    public string? LastUsedRaw { get; set; }
    /// <summary>Device attributes: name to raw JSON value.</summary>
    public AttributeTable Attributes { get; } = new();
}
