using Microsoft.AspNetCore.Http.Features;

namespace CustomerIo.Track.Emulator.Http;

/// <summary>
/// The request target exactly as it came over the wire. Kestrel's decoded Path keeps %2F
/// but decodes the rest, so identifiers like "id with/slash?&amp;" are only recoverable
/// from the raw target: tests assert on the raw path and routes decode each segment.
/// </summary>
public sealed class RawTarget
{
    public string Path { get; }
    public string Query { get; }
    /// <summary>Path segments, each percent-decoded once (no '+' to space: paths are not forms).</summary>
    public string[] Segments { get; }

    private RawTarget(string path, string query)
    {
        Path = path;
        Query = query;
        Segments = path.TrimStart('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
    }

    public static RawTarget From(HttpContext ctx)
    {
        var raw = ctx.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
            raw = ctx.Request.Path.ToUriComponent() + ctx.Request.QueryString.ToUriComponent();
        // Absolute-form targets ("http://host/path") are legal HTTP/1.1; keep the path only.
        if (raw.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ||
            raw.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var slash = raw.IndexOf('/', raw.IndexOf("//", StringComparison.Ordinal) + 2);
            raw = slash < 0 ? "/" : raw[slash..];
        }
        var q = raw.IndexOf('?');
        return q < 0 ? new RawTarget(raw, "") : new RawTarget(raw[..q], raw[(q + 1)..]);
    }

    /// <summary>Raw path and query, as a redirect must repeat them.</summary>
    public string PathAndQuery => Query.Length == 0 ? Path : Path + "?" + Query;
}
