using System.Text.Json;

namespace CustomerIo.Track.Emulator.Inspection;

/// <summary>Counters for throughput tests: requests per Unix second, peak concurrency, statuses.</summary>
public sealed class RequestStats
{
    private readonly object _gate = new();
    private long _total;
    private int _inFlight;
    private int _maxInFlight;
    private readonly SortedDictionary<long, long> _perSecond = new();
    private readonly SortedDictionary<int, long> _statusCounts = new();

    public void Begin()
    {
        var second = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        lock (_gate)
        {
            _total++;
            _perSecond[second] = _perSecond.GetValueOrDefault(second) + 1;
            _maxInFlight = Math.Max(_maxInFlight, ++_inFlight);
        }
    }

    public void End(int status)
    {
        lock (_gate)
        {
            _inFlight--;
            _statusCounts[status] = _statusCounts.GetValueOrDefault(status) + 1;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _total = 0;
            // Requests in flight during a reset still end: keep their count so it never goes negative.
            _maxInFlight = _inFlight;
            _perSecond.Clear();
            _statusCounts.Clear();
        }
    }

    public void Write(Utf8JsonWriter w)
    {
        lock (_gate)
        {
            w.WriteStartObject();
            w.WriteNumber("total_requests", _total);
            w.WriteStartObject("per_second");
            foreach (var (second, count) in _perSecond) w.WriteNumber(second.ToString(), count);
            w.WriteEndObject();
            w.WriteNumber("max_in_flight", _maxInFlight);
            w.WriteNumber("in_flight", _inFlight);
            w.WriteStartObject("status_counts");
            foreach (var (status, count) in _statusCounts) w.WriteNumber(status.ToString(), count);
            w.WriteEndObject();
            w.WriteEndObject();
        }
    }
}
