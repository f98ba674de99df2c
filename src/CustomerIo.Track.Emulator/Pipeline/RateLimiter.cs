namespace CustomerIo.Track.Emulator.Pipeline;

/// <summary>
/// Requests per fixed one-second window (Unix seconds, the same buckets as /_emulator/stats).
/// Fixed rather than sliding: a client pacing itself at N/s is never refused for a burst at a
/// window edge, while a client going faster is, which is what tests want to observe.
/// </summary>
public sealed class RateLimiter(EmulatorSettings settings)
{
    private readonly object _gate = new();
    private long _second;
    private int _count;

    /// <summary>Counts the request; false when it is over the limit and must get a 429.</summary>
    public bool TryAcquire()
    {
        var limit = settings.RateLimit;
        if (limit <= 0) return true;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        lock (_gate)
        {
            if (now != _second)
            {
                _second = now;
                _count = 0;
            }
            return ++_count <= limit;
        }
    }

    public void Reset()
    {
        lock (_gate) _count = 0;
    }
}
