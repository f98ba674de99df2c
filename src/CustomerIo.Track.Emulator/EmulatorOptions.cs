namespace CustomerIo.Track.Emulator;

/// <summary>Command-line options. Parsed by hand: the emulator must start in a blink.</summary>
public sealed class EmulatorOptions
{
    public int Port { get; private set; }
    public string SiteId { get; private set; } = "emulator-site";
    public string ApiKey { get; private set; } = "emulator-key";
    public int LatencyMs { get; private set; }
    public int RateLimit { get; private set; }
    public string Region { get; private set; } = "us";
    /// <summary>The workspace's identifier setting: email-or-id (what new workspaces use) or id-only.</summary>
    public bool EmailIdentifies { get; private set; } = true;
    public bool ShowHelp { get; private set; }

    public const string Usage =
        "usage: dotnet CustomerIo.Track.Emulator.dll [--port 0] [--site-id emulator-site] " +
        "[--api-key emulator-key] [--latency-ms 0] [--rate-limit 0] [--region us|eu] [--people-identified-by email-or-id|id-only]";

    /// <summary>Returns null (and an error message) when the arguments make no sense.</summary>
    public static EmulatorOptions? Parse(string[] args, out string? error)
    {
        var o = new EmulatorOptions();
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string? value = null;
            // Accept both "--port 5000" and "--port=5000".
            var eq = name.IndexOf('=');
            if (name.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            if (name is "-h" or "--help" or "-?")
            {
                o.ShowHelp = true;
                return o;
            }
            if (value is null)
            {
                if (i + 1 >= args.Length)
                {
                    error = $"missing value for {name}\n{Usage}";
                    return null;
                }
                value = args[++i];
            }
            switch (name.ToLowerInvariant())
            {
                case "--port" when int.TryParse(value, out var p) && p is >= 0 and <= 65535: o.Port = p; break;
                case "--site-id" when value.Length > 0: o.SiteId = value; break;
                case "--api-key" when value.Length > 0: o.ApiKey = value; break;
                case "--latency-ms" when int.TryParse(value, out var l) && l >= 0: o.LatencyMs = l; break;
                case "--rate-limit" when int.TryParse(value, out var r) && r >= 0: o.RateLimit = r; break;
                case "--region" when value.ToLowerInvariant() is "us" or "eu": o.Region = value.ToLowerInvariant(); break;
                case "--people-identified-by" when value.ToLowerInvariant() is "email-or-id" or "id-only":
                    o.EmailIdentifies = value.ToLowerInvariant() == "email-or-id";
                    break;
                default:
                    error = $"invalid option or value: {name} {value}\n{Usage}";
                    return null;
            }
        }
        return o;
    }
}
