namespace CustomerIo.Track.Emulator.Pipeline;

/// <summary>Credentials and behaviour; latency and rate limit change at runtime (POST /_emulator/config).</summary>
public sealed class EmulatorSettings(EmulatorOptions options)
{
    public string SiteId { get; } = options.SiteId;
    public string ApiKey { get; } = options.ApiKey;
    public string Region { get; } = options.Region;

    /// <summary>http://127.0.0.1:PORT, known once Kestrel has bound its port.</summary>
    public string BaseUrl { get; set; } = "";

    private volatile int _latencyMs = options.LatencyMs;
    private volatile int _rateLimit = options.RateLimit;

    public int LatencyMs { get => _latencyMs; set => _latencyMs = Math.Max(0, value); }

    /// <summary>Requests per second; 0 = unlimited.</summary>
    public int RateLimit { get => _rateLimit; set => _rateLimit = Math.Max(0, value); }
}
