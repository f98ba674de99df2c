namespace CustomerIo.Track.Emulator.Store;

/// <summary>An event, page view or screen view; data and timestamp kept as raw JSON.</summary>
public sealed record TrackedEvent(
    string? Id,
    string Name,
    string Type,
    string? DataRaw,
    string? TimestampRaw,
    string? AnonymousId = null);
