using System.Text.Json;
using CustomerIo.Track.Emulator.Validation;

namespace CustomerIo.Track.Emulator.Faults;

/// <summary>What a fault does to a request it matches.</summary>
/// Unindexed and MetaOnly answer a /api/v2/batch with a 207 that names no item, as the file allows.
public enum FaultKind { Status, Drop, Stall, Redirect, Unauthorized, Items, Chaos, Unindexed, MetaOnly }

/// <summary>One arranged fault (POST /_emulator/faults). Mutable counters are guarded by FaultBook's lock.</summary>
public sealed class Fault
{
    public long Id { get; init; }
    public FaultKind Kind { get; init; }
    /// <summary>Substring of the raw path, or an identifier in the path or JSON body; null = any request.</summary>
    public string? Match { get; init; }
    public string? Method { get; init; }
    /// <summary>How many more times it applies; -1 = forever.</summary>
    public int Remaining { get; set; } = 1;
    public int Status { get; init; } = 503;
    public string? RetryAfter { get; init; }
    public int StallMs { get; init; }
    public string? Location { get; init; }
    public int RedirectStatus { get; init; } = 307;
    public IReadOnlyList<int> Items { get; init; } = [];
    public string? Reason { get; init; }
    /// <summary>Apply to every Nth matching request instead of the next ones (0 = every one).</summary>
    public int Every { get; init; }
    /// <summary>Chaos: the fraction of matching requests that fail.</summary>
    public double Ratio { get; init; }

    public long Matched { get; set; }
    public long Applied { get; set; }

    public bool Exhausted => Remaining == 0;

    /// <summary>Parses a fault request; null with a message when it makes no sense.</summary>
    public static Fault? Parse(JsonElement b, long id, out string? error)
    {
        error = null;
        string? Str(string name) => b.TryGetProperty(name, out var v) ? RelationshipReader.ScalarText(v) : null;
        int Int(string name, int fallback) =>
            b.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : fallback;

        if (b.ValueKind != JsonValueKind.Object)
        {
            error = "fault must be a JSON object";
            return null;
        }
        if (!Enum.TryParse<FaultKind>(Str("kind"), ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
        {
            error = "kind must be one of status, drop, stall, redirect, unauthorized, items, chaos, unindexed, metaonly";
            return null;
        }
        var items = new List<int>();
        if (b.TryGetProperty("items", out var itemsValue) && itemsValue.ValueKind == JsonValueKind.Array)
            foreach (var i in itemsValue.EnumerateArray())
                if (i.TryGetInt32(out var n)) items.Add(n);
        var fault = new Fault
        {
            Id = id,
            Kind = kind,
            Match = string.IsNullOrEmpty(Str("match")) ? null : Str("match"),
            Method = string.IsNullOrEmpty(Str("method")) ? null : Str("method")!.ToUpperInvariant(),
            Remaining = Int("count", 1),
            Status = Int("status", 503),
            RetryAfter = Str("retry_after"),
            StallMs = Int("stall_ms", 0),
            Location = Str("location"),
            RedirectStatus = Int("redirect_status", 307),
            Items = items,
            Reason = Str("reason"),
            Every = Int("every", 0),
            Ratio = b.TryGetProperty("ratio", out var r) && r.TryGetDouble(out var ratio) ? ratio : 0,
        };
        error = kind switch
        {
            _ when fault.Remaining < -1 || fault.Remaining == 0 => "count must be a positive number, or -1 for forever",
            _ when fault.Every < 0 => "every must be positive",
            FaultKind.Status when fault.Status is < 100 or > 599 => "status must be an HTTP status code",
            FaultKind.Stall when fault.StallMs <= 0 => "stall_ms must be positive",
            FaultKind.Redirect when !Uri.TryCreate(fault.Location, UriKind.Absolute, out _) =>
                "location must be an absolute URL, e.g. http://localhost:PORT",
            FaultKind.Redirect when fault.RedirectStatus is < 300 or > 399 => "redirect_status must be a 3xx status",
            FaultKind.Items when fault.Items.Count == 0 => "items must list batch indexes, e.g. [0,3]",
            FaultKind.Chaos when fault.Ratio is <= 0 or > 1 => "ratio must be between 0 (excluded) and 1",
            _ => null,
        };
        return error is null ? fault : null;
    }

    public void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteNumber("id", Id);
        w.WriteString("kind", Kind.ToString().ToLowerInvariant());
        w.WriteString("match", Match);
        w.WriteString("method", Method);
        w.WriteNumber("count", Remaining);
        w.WriteNumber("status", Status);
        w.WriteString("retry_after", RetryAfter);
        w.WriteNumber("stall_ms", StallMs);
        w.WriteString("location", Location);
        w.WriteNumber("redirect_status", RedirectStatus);
        w.WriteStartArray("items");
        foreach (var i in Items) w.WriteNumberValue(i);
        w.WriteEndArray();
        w.WriteString("reason", Reason);
        w.WriteNumber("every", Every);
        w.WriteNumber("ratio", Ratio);
        w.WriteNumber("matched", Matched);
        w.WriteNumber("applied", Applied);
        w.WriteEndObject();
    }
}
