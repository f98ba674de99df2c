using System.Text;

namespace CustomerIo.Track.Emulator.Pipeline;

/// <summary>HTTP Basic auth as the Track API checks it: base64(site_id + ":" + api_key).</summary>
public static class BasicAuth
{
    public static bool IsAuthorized(string? header, EmulatorSettings settings)
    {
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            return false;
        try
        {
            // The official Go client sends URL-safe Base64 and the service accepts it: read both alphabets.
            var text = header[6..].Trim().Replace('-', '+').Replace('_', '/');
            text = text.PadRight(text.Length + (4 - text.Length % 4) % 4, '=');
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(text));
            return decoded == settings.SiteId + ":" + settings.ApiKey;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
