using CustomerIo.Track.Emulator.Http;
using CustomerIo.Track.Emulator.Pipeline;

namespace CustomerIo.Track.Emulator.V1;

/// <summary>GET /api/v1/accounts/region: the module's credential check and region discovery.</summary>
public static class RegionRoute
{
    public static Reply Get(EmulatorSettings settings) =>
        new(200, Json.Build(w =>
        {
            w.WriteStartObject();
            // The emulator's own URL, so a client that follows the answer keeps talking to us.
            w.WriteString("url", settings.BaseUrl);
            w.WriteString("region", settings.Region);
            w.WriteNumber("environment_id", 1);
            w.WriteEndObject();
        }));
}
