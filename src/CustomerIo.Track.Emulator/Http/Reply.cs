using System.Text;

namespace CustomerIo.Track.Emulator.Http;

/// <summary>An answer to a Track API request, in the service's shapes.</summary>
public sealed record Reply(int Status, string Body, string ContentType = "application/json")
{
    public static readonly Reply Ok = new(200, "{}");

    /// <summary>204 with no body (form submissions, as the file says).</summary>
    public static readonly Reply NoContent = new(204, "");

    public static readonly Reply Unauthorized = new(401, "Unauthorized request", "text/plain");

    public static readonly Reply NotFound = MetaError("not found", 404);

    /// <summary>v1 single error: {"meta":{"error":"..."}}.</summary>
    public static Reply MetaError(string message, int status = 400) =>
        new(status, Json.Build(w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("meta");
            w.WriteString("error", message);
            w.WriteEndObject();
            w.WriteEndObject();
        }));

    /// <summary>v1 validation errors: {"meta":{"errors":["...", ...]}} (the file's 400 for events, devices, segments, forms).</summary>
    public static Reply MetaErrors(IEnumerable<string> messages) =>
        new(400, Json.Build(w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("meta");
            w.WriteStartArray("errors");
            foreach (var m in messages) w.WriteStringValue(m);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }));

    public static readonly Reply InvalidJson = MetaError("invalid json");

    // Encoded once: the shared replies (Ok above all) are written for most requests.
    private byte[]? _utf8;

    public Task WriteAsync(HttpResponse response)
    {
        response.StatusCode = Status;
        if (Body.Length == 0) return Task.CompletedTask; // 204: no body, no content type
        response.ContentType = ContentType;
        var bytes = _utf8 ??= Encoding.UTF8.GetBytes(Body);
        // A known length lets Kestrel send the answer as it is, not in chunks.
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes).AsTask();
    }
}
