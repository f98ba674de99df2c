using System.Text.Json;
using CustomerIo.Track.Emulator.Faults;
using CustomerIo.Track.Emulator.Http;
using CustomerIo.Track.Emulator.Inspection;
using CustomerIo.Track.Emulator.V1;

namespace CustomerIo.Track.Emulator.Pipeline;

/// <summary>
/// Every /api request goes through here, in this order: recorded on arrival (so tests see
/// refused requests too, in arrival order), latency, arranged faults, rate limit, auth, route.
/// Faults and the rate limit answer without applying the request, like a failing service.
/// </summary>
public sealed class ApiPipeline(
    RequestLog log,
    RequestStats stats,
    EmulatorSettings settings,
    FaultBook faults,
    RateLimiter rateLimiter,
    V1Router v1,
    Func<ApiRequest, Reply> v2)
{
    private static readonly Reply TooManyRequests = Reply.MetaError("rate limit exceeded", 429);

    public async Task HandleAsync(HttpContext ctx)
    {
        var target = RawTarget.From(ctx);
        var record = log.Begin(ctx, target);
        stats.Begin();
        var status = 0;
        var aborted = ctx.RequestAborted;
        try
        {
            var body = await ReadBodyAsync(ctx.Request, aborted);
            log.SetBody(record, body);
            var req = new ApiRequest(ctx, target, body);

            // Never block a thread: many requests wait here at once.
            if (settings.LatencyMs > 0)
                await Task.Delay(settings.LatencyMs, aborted);

            var fault = faults.Decide(req);
            if (fault is not null)
            {
                if (fault.StallMs > 0)
                    await Task.Delay(fault.StallMs, aborted);
                if (fault.Drop)
                {
                    ctx.Abort();
                    return;
                }
                foreach (var (name, value) in fault.Headers)
                    ctx.Response.Headers[name] = value;
                if (fault.Reply is { } injected)
                {
                    status = injected.Status;
                    log.Complete(record, status);
                    await injected.WriteAsync(ctx.Response);
                    return;
                }
                req.InjectedInvalidItems = fault.InvalidItems;
                req.InjectedReason = fault.ItemsReason;
            }

            Reply reply;
            if (!rateLimiter.TryAcquire())
            {
                ctx.Response.Headers.RetryAfter = "1";
                reply = TooManyRequests;
            }
            else if (!V1Router.NeedsNoAuth(req) && !BasicAuth.IsAuthorized(ctx.Request.Headers.Authorization, settings))
            {
                reply = Reply.Unauthorized;
            }
            else
            {
                reply = Dispatch(req);
            }
            // The answer is in the log before it goes out: a client that reads the log as soon as it
            // has its answer finds the status there.
            status = reply.Status;
            log.Complete(record, status);
            await reply.WriteAsync(ctx.Response);
        }
        catch (Exception) when (aborted.IsCancellationRequested)
        {
            // The client went away (timed out during a stall, say); nothing to answer.
            status = 0;
        }
        finally
        {
            log.Complete(record, status);
            stats.End(status);
        }
    }

    private Reply Dispatch(ApiRequest req)
    {
        try
        {
            return req.Segments switch
            {
                ["api", "v1", ..] or ["unsubscribe", _] => v1.Dispatch(req),
                ["api", "v2", ..] => v2(req),
                _ => Reply.NotFound,
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // E.g. a lone UTF-16 surrogate escape: valid JSON syntax, but not a string the service accepts.
            return Reply.InvalidJson;
        }
    }

    /// <summary>
    /// Reads the body into one array of its exact size when Content-Length says it (the usual
    /// case: one allocation, no copy); otherwise through a growing buffer.
    /// </summary>
    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength is { } length && length <= MaxBodyBytes)
        {
            if (length == 0) return [];
            // Not zeroed first: the reads fill it (a short body is cut below). A 100 KB batch is a
            // large-object allocation, and clearing it was a memset per request for nothing.
            var body = GC.AllocateUninitializedArray<byte>((int)length);
            var read = 0;
            while (read < body.Length)
            {
                var n = await request.Body.ReadAsync(body.AsMemory(read), ct);
                if (n == 0) break;
                read += n;
            }
            // Kestrel ends the body at Content-Length; a short body means the client went away.
            if (read == body.Length) return body;
            return body[..read];
        }
        using var ms = new MemoryStream();
        await request.Body.CopyToAsync(ms, ct);
        return ms.ToArray();
    }

    private const long MaxBodyBytes = 64 * 1024 * 1024;
}
