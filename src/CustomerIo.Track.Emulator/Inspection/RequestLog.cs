using System.Text;
using System.Text.Json;
using CustomerIo.Track.Emulator.Http;

namespace CustomerIo.Track.Emulator.Inspection;

/// <summary>One recorded /api request, appended on arrival (so seq is arrival order), completed when answered.</summary>
public sealed class RequestRecord
{
    public long Seq { get; init; }
    public required string Method { get; init; }
    public required string Path { get; init; }
    public required string Query { get; init; }
    public string? UserAgent { get; init; }
    public string? ContentType { get; init; }
    public string? RetryCount { get; init; }
    public string? Authorization { get; init; }
    public long ReceivedAtMs { get; init; }
    /// <summary>The body's bytes as received, decoded only when the log is read (most never are).</summary>
    public byte[]? Body { get; set; }
    /// <summary>Status answered; 0 while in flight, and for dropped connections.</summary>
    public int Status { get; set; }
}

/// <summary>
/// Every /api request as it arrived. Bounded by count and by body size, dropping the oldest, so a
/// soak test of millions of requests cannot exhaust memory. Bodies are kept as the bytes read
/// (no copy, no decoding per request): half the memory of strings, and no work on the hot path.
/// </summary>
public sealed class RequestLog
{
    private const int MaxEntries = 1_000_000;
    private const long MaxBodyBytes = 256L * 1024 * 1024;

    private readonly object _gate = new();
    private readonly List<RequestRecord> _entries = new();
    private long _nextSeq;
    private long _bodyBytes;

    public RequestRecord Begin(HttpContext ctx, RawTarget target)
    {
        var h = ctx.Request.Headers;
        lock (_gate)
        {
            var record = new RequestRecord
            {
                Seq = ++_nextSeq,
                Method = ctx.Request.Method,
                Path = target.Path,
                Query = target.Query,
                UserAgent = Header(h.UserAgent),
                ContentType = Header(h.ContentType),
                RetryCount = Header(h["X-Retry-Count"]),
                Authorization = Header(h.Authorization),
                ReceivedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            };
            _entries.Add(record);
            Trim();
            return record;
        }
    }

    /// <summary>Keeps the body; the caller must not change the array afterwards.</summary>
    public void SetBody(RequestRecord record, byte[] body)
    {
        lock (_gate)
        {
            record.Body = body;
            _bodyBytes += body.Length;
            Trim();
        }
    }

    public void Complete(RequestRecord record, int status)
    {
        lock (_gate) record.Status = status;
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            _bodyBytes = 0;
            // Seq keeps counting: a test holding a "since" from before a reset still sees only new requests.
        }
    }

    /// <summary>Writes the requests with seq greater than <paramref name="since"/> as a JSON array.</summary>
    public void Write(Utf8JsonWriter w, long since)
    {
        lock (_gate)
        {
            w.WriteStartArray();
            for (var i = FirstAfter(since); i < _entries.Count; i++)
                WriteOne(w, _entries[i]);
            w.WriteEndArray();
        }
    }

    private static void WriteOne(Utf8JsonWriter w, RequestRecord r)
    {
        w.WriteStartObject();
        w.WriteNumber("seq", r.Seq);
        w.WriteString("method", r.Method);
        w.WriteString("path", r.Path);
        w.WriteString("query", r.Query);
        w.WriteStartObject("headers");
        w.WriteString("user-agent", r.UserAgent);
        w.WriteString("content-type", r.ContentType);
        w.WriteString("x-retry-count", r.RetryCount);
        w.WriteString("authorization", r.Authorization);
        w.WriteEndObject();
        w.WriteString("body", r.Body is null ? null : Encoding.UTF8.GetString(r.Body));
        w.WriteNumber("status", r.Status);
        w.WriteNumber("received_at_ms", r.ReceivedAtMs);
        w.WriteEndObject();
    }

    // Entries are in seq order: binary search for the first one after "since".
    private int FirstAfter(long since)
    {
        int lo = 0, hi = _entries.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_entries[mid].Seq <= since) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    // Drop the oldest tenth at a time, so trimming stays rare and cheap per request.
    private void Trim()
    {
        if (_entries.Count <= MaxEntries && _bodyBytes <= MaxBodyBytes) return;
        var drop = Math.Max(1, _entries.Count / 10);
        for (var i = 0; i < drop; i++) _bodyBytes -= _entries[i].Body?.Length ?? 0;
        _entries.RemoveRange(0, drop);
    }

    private static string? Header(Microsoft.Extensions.Primitives.StringValues v) => v.Count == 0 ? null : v.ToString();
}
