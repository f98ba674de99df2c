using System.Text.Json;
using CustomerIo.Track.Emulator.Http;
using CustomerIo.Track.Emulator.Pipeline;
using CustomerIo.Track.Emulator.Store;

namespace CustomerIo.Track.Emulator.Inspection;

/// <summary>
/// /_emulator/...: what tests and runbook rehearsals use to look inside (state, requests,
/// stats) and to steer the emulator (reset, config, faults, shutdown). No auth, by design:
/// it only listens on 127.0.0.1.
/// </summary>
public sealed class InspectionRoutes(
    TrackStore store,
    RequestLog log,
    RequestStats stats,
    EmulatorSettings settings,
    Faults.FaultBook faults,
    RateLimiter rateLimiter,
    IHostApplicationLifetime lifetime)
{
    public async Task HandleAsync(HttpContext ctx)
    {
        var target = RawTarget.From(ctx);
        var response = ctx.Response;
        switch (ctx.Request.Method, target.Segments)
        {
            case ("GET", ["_emulator", "state"]):
                await Json.WriteAsync(response, 200, w => store.Read(s => { StateWriter.WriteState(w, s); return 0; }));
                break;

            case ("GET", ["_emulator", "people", var identifier]):
                var person = store.Read(s => s.FindForInspection(identifier) is { } p
                    ? Json.Build(w => StateWriter.WritePerson(w, p))
                    : null);
                await (person is null ? Reply.MetaError("person not found", 404) : new Reply(200, person)).WriteAsync(response);
                break;

            case ("GET", ["_emulator", "requests"]):
                var since = long.TryParse(ctx.Request.Query["since"], out var s0) ? s0 : 0;
                await Json.WriteAsync(response, 200, w => log.Write(w, since));
                break;

            case ("GET", ["_emulator", "stats"]):
                await Json.WriteAsync(response, 200, stats.Write);
                break;

            case ("POST", ["_emulator", "reset"]):
                store.Clear();
                log.Clear();
                stats.Clear();
                faults.Clear();
                rateLimiter.Reset();
                await Reply.Ok.WriteAsync(response);
                break;

            case ("GET", ["_emulator", "config"]):
                await WriteConfig(response);
                break;

            case ("POST", ["_emulator", "config"]):
                if (await ReadJson(ctx) is not { } config)
                {
                    await Reply.InvalidJson.WriteAsync(response);
                    break;
                }
                using (config)
                {
                    if (config.RootElement.TryGetProperty("latency_ms", out var l) && l.TryGetInt32(out var latency))
                        settings.LatencyMs = latency;
                    if (config.RootElement.TryGetProperty("rate_limit", out var r) && r.TryGetInt32(out var rate))
                        settings.RateLimit = rate;
                    if (config.RootElement.TryGetProperty("people_identified_by", out var pi) && pi.GetString() is "email_or_id" or "id_only")
                        store.EmailIdentifies = pi.GetString() == "email_or_id";
                }
                await WriteConfig(response);
                break;

            case ("GET", ["_emulator", "faults"]):
                await Json.WriteAsync(response, 200, faults.Write);
                break;

            case ("POST", ["_emulator", "faults"]):
                var (id, error) = faults.Add(await ReadBody(ctx));
                if (error is not null) await Reply.MetaError(error).WriteAsync(response);
                else await Json.WriteAsync(response, 200, w => { w.WriteStartObject(); w.WriteNumber("id", id); w.WriteEndObject(); });
                break;

            case ("DELETE", ["_emulator", "faults"]):
                faults.Clear();
                await Reply.Ok.WriteAsync(response);
                break;

            case ("DELETE", ["_emulator", "faults", var faultId]):
                var removed = long.TryParse(faultId, out var fid) && faults.Remove(fid);
                await (removed ? Reply.Ok : Reply.MetaError("fault not found", 404)).WriteAsync(response);
                break;

            case ("POST", ["_emulator", "shutdown"]):
                // Answer first, then stop: the caller should see its request succeed.
                response.OnCompleted(() => { lifetime.StopApplication(); return Task.CompletedTask; });
                await Reply.Ok.WriteAsync(response);
                break;

            default:
                await Reply.NotFound.WriteAsync(response);
                break;
        }
    }

    private Task WriteConfig(HttpResponse response) =>
        Json.WriteAsync(response, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("url", settings.BaseUrl);
            w.WriteString("site_id", settings.SiteId);
            w.WriteString("region", settings.Region);
            w.WriteNumber("latency_ms", settings.LatencyMs);
            w.WriteNumber("rate_limit", settings.RateLimit);
            w.WriteString("people_identified_by", store.EmailIdentifies ? "email_or_id" : "id_only");
            w.WriteEndObject();
        });

    private static async Task<byte[]> ReadBody(HttpContext ctx)
    {
        using var ms = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(ms, ctx.RequestAborted);
        return ms.ToArray();
    }

    private static async Task<JsonDocument?> ReadJson(HttpContext ctx)
    {
        var body = await ReadBody(ctx);
        try
        {
            return JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
