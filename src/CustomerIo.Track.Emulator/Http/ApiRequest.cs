using System.Text.Json;

namespace CustomerIo.Track.Emulator.Http;

/// <summary>A Track API request with its body already read (the recorder and faults need it too).</summary>
public sealed class ApiRequest
{
    public ApiRequest(HttpContext context, RawTarget target, byte[] body)
    {
        Context = context;
        Target = target;
        Body = body;
    }

    public HttpContext Context { get; }
    public RawTarget Target { get; }
    public byte[] Body { get; }
    public string Method => Context.Request.Method;
    public string[] Segments => Target.Segments;

    /// <summary>Batch indexes a fault marked invalid (see Faults).</summary>
    public IReadOnlySet<int> InjectedInvalidItems { get; set; } = System.Collections.Frozen.FrozenSet<int>.Empty;

    /// <summary>The message for injected invalid items (the fault's reason, or "injected").</summary>
    public string? InjectedReason { get; set; }

    public string? Query(string name) =>
        Context.Request.Query.TryGetValue(name, out var v) ? v.ToString() : null;

    /// <summary>Parses the body; an empty body counts as {}. Null (and a 400) when it is not JSON.</summary>
    public JsonDocument? ParseBody(out Reply? error)
    {
        error = null;
        try
        {
            return JsonDocument.Parse(Body.Length == 0 ? "{}"u8.ToArray() : Body, Json.DocumentOptions);
        }
        catch (JsonException)
        {
            error = Reply.InvalidJson;
            return null;
        }
    }

    /// <summary>Parses a body that must be a JSON object.</summary>
    public JsonDocument? ParseObject(out Reply? error)
    {
        var doc = ParseBody(out error);
        if (doc is not null && doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            doc.Dispose();
            error = Reply.MetaError("request body must be a JSON object");
            return null;
        }
        return doc;
    }
}
