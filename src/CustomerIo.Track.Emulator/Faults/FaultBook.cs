using System.Text;
using System.Text.Json;
using CustomerIo.Track.Emulator.Http;

namespace CustomerIo.Track.Emulator.Faults;

/// <summary>
/// The arranged faults, checked in the order they were added. Each request is matched once
/// against all of them: stalls add up, items faults mark batch indexes, and the first fault that
/// answers in the request's place wins. Counters are consumed per request a fault applies to.
/// </summary>
public sealed class FaultBook
{
    private readonly object _gate = new();
    private readonly List<Fault> _faults = new();
    private long _nextId;
    private readonly Random _random = new();

    public (long Id, string? Error) Add(byte[] body)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
        }
        catch (JsonException)
        {
            return (0, "invalid json");
        }
        using (doc)
        lock (_gate)
        {
            var fault = Fault.Parse(doc.RootElement, _nextId + 1, out var error);
            if (fault is null) return (0, error);
            _nextId++;
            _faults.Add(fault);
            return (fault.Id, null);
        }
    }

    public bool Remove(long id)
    {
        lock (_gate) return _faults.RemoveAll(f => f.Id == id) > 0;
    }

    public void Clear()
    {
        lock (_gate) _faults.Clear();
    }

    public void Write(Utf8JsonWriter w)
    {
        lock (_gate)
        {
            w.WriteStartArray();
            foreach (var f in _faults) f.Write(w);
            w.WriteEndArray();
        }
    }

    /// <summary>Decides what the faults do to this request; null when none applies.</summary>
    public FaultAction? Decide(ApiRequest req)
    {
        lock (_gate)
        {
            if (_faults.Count == 0) return null;
            FaultAction? action = null;
            // Decoded only when a fault matches on the body, at most once per request.
            string? bodyText = null;
            foreach (var f in _faults)
            {
                if (f.Exhausted || !Matches(f, req, ref bodyText)) continue;
                if ((f.Kind is FaultKind.Items or FaultKind.Unindexed or FaultKind.MetaOnly) && !IsBatch(req)) continue;
                f.Matched++;
                if (f.Every > 1 && f.Matched % f.Every != 0) continue;
                if (f.Kind == FaultKind.Chaos && _random.NextDouble() >= f.Ratio) continue;

                action ??= new FaultAction();
                if (f.Kind != FaultKind.Stall && f.Kind != FaultKind.Items && action.Terminal) continue;
                Apply(f, req, action);
                f.Applied++;
                if (f.Remaining > 0) f.Remaining--;
            }
            _faults.RemoveAll(f => f.Exhausted);
            return action;
        }
    }

    private void Apply(Fault f, ApiRequest req, FaultAction action)
    {
        switch (f.Kind)
        {
            case FaultKind.Stall:
                action.StallMs += f.StallMs;
                break;
            case FaultKind.Items:
                action.InvalidItems.UnionWith(f.Items);
                action.ItemsReason ??= f.Reason;
                break;
            case FaultKind.Drop:
                action.Drop = true;
                break;
            case FaultKind.Unauthorized:
                action.Reply = Reply.Unauthorized;
                break;
            case FaultKind.Redirect:
                action.Reply = new Reply(f.RedirectStatus, "");
                action.Headers["Location"] = f.Location!.TrimEnd('/') + req.Target.PathAndQuery;
                break;
            case FaultKind.Status:
                action.Reply = Reply.MetaError(f.Reason ?? "injected", f.Status);
                if (f.RetryAfter is not null) action.Headers["Retry-After"] = f.RetryAfter;
                break;
            case FaultKind.Unindexed:
                // 207 with errors that lack batch_index and one that carries null: nothing is applied.
                action.Reply = new Reply(207, Json.Build(w =>
                {
                    w.WriteStartObject();
                    w.WriteStartArray("errors");
                    w.WriteStartObject();
                    w.WriteString("reason", "invalid");
                    w.WriteString("message", f.Reason ?? "injected");
                    w.WriteEndObject();
                    w.WriteStartObject();
                    w.WriteNull("batch_index");
                    w.WriteString("reason", "invalid");
                    w.WriteString("message", f.Reason ?? "injected");
                    w.WriteEndObject();
                    w.WriteEndArray();
                    w.WriteEndObject();
                }));
                break;
            case FaultKind.MetaOnly:
                // 207 whose body holds only {"meta":{"error":"..."}}: nothing is applied.
                action.Reply = Reply.MetaError(f.Reason ?? "injected", 207);
                break;
            case FaultKind.Chaos:
                // The transient failures a real client meets, in a rough mix.
                switch (_random.Next(6))
                {
                    case 0: action.Reply = Reply.MetaError("injected", 500); break;
                    case 1: action.Reply = Reply.MetaError("injected", 502); break;
                    case 2: action.Reply = Reply.MetaError("injected", 503); break;
                    case 3:
                        action.Reply = Reply.MetaError("injected", 429);
                        action.Headers["Retry-After"] = "0";
                        break;
                    case 4: action.Drop = true; break;
                    default: action.Reply = Reply.MetaError("injected", 408); break;
                }
                break;
        }
    }

    private static bool IsBatch(ApiRequest req) => req.Segments is ["api", "v2", "batch"];

    /// <summary>
    /// A fault matches by method and by "match": a piece of the raw path that ends where a path
    /// segment ends, a whole decoded path segment, or a JSON string in the body equal to it.
    /// Ending at a segment boundary keeps "cust-1" from hitting "cust-10" among 10,000 records.
    /// </summary>
    private static bool Matches(Fault f, ApiRequest req, ref string? bodyText)
    {
        if (f.Method is not null && !string.Equals(f.Method, req.Method, StringComparison.OrdinalIgnoreCase))
            return false;
        if (f.Match is null) return true;
        if (InPath(req.Target.Path, f.Match)) return true;
        if (req.Segments.Contains(f.Match)) return true;
        if (req.Body.Length == 0) return false;
        bodyText ??= Encoding.UTF8.GetString(req.Body);
        var quoted = JsonSerializer.Serialize(f.Match, Json.SerializerOptions);
        return bodyText.Contains(quoted, StringComparison.Ordinal) ||
               bodyText.Contains('"' + f.Match + '"', StringComparison.Ordinal);
    }

    private static bool InPath(string path, string match)
    {
        for (var i = path.IndexOf(match, StringComparison.Ordinal); i >= 0;
             i = path.IndexOf(match, i + 1, StringComparison.Ordinal))
        {
            var end = i + match.Length;
            if (end == path.Length || path[end] == '/' || match.EndsWith('/')) return true;
        }
        return false;
    }
}
