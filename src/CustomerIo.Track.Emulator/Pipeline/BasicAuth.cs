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
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            return decoded == settings.SiteId + ":" + settings.ApiKey;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
