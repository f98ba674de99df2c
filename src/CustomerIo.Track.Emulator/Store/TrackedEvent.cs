using System.Globalization;

namespace CustomerIo.Track.Emulator.Store;

/// <summary>An event, page view or screen view; data and timestamp kept as raw JSON.</summary>
public sealed record TrackedEvent(
    string? Id,
    string Name,
    string Type,
    string? DataRaw,
    string? TimestampRaw,
    string? AnonymousId = null)
{
    /// <summary>
    /// The file: anonymous events link to a person, and a merge moves the secondary's events,
    /// only for the last 30 days.
    /// </summary>
    public static readonly TimeSpan LinkWindow = TimeSpan.FromDays(30);

    /// <summary>When the emulator received it (Unix seconds): the event's time when it has no timestamp.</summary>
    public long ReceivedAt { get; init; } = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>The event's time in Unix seconds: its timestamp when it has one, else when it arrived.</summary>
    public double OccurredAt =>
        TimestampRaw is not null && double.TryParse(TimestampRaw, NumberStyles.Float, CultureInfo.InvariantCulture, out var t)
            ? t : ReceivedAt;

    /// <summary>Whether the event is at most 30 days old at <paramref name="nowUnix"/>.</summary>
    public bool WithinLinkWindow(long nowUnix) => nowUnix - OccurredAt <= LinkWindow.TotalSeconds;
}
