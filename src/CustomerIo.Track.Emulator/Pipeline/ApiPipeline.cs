using System.Text;
using System.Text.Json;
using CustomerIo.Track.Emulator.Http;
using CustomerIo.Track.Emulator.Inspection;
using CustomerIo.Track.Emulator.V1;

namespace CustomerIo.Track.Emulator.Pipeline;

/// <summary>
/// Every /api request goes through here: recorded on arrival, then auth, then the route.
/// The order matters to tests: a request is recorded even when it is refused.
/// </summary>
public sealed class ApiPipeline(
    RequestLog log,
    RequestStats stats,
    EmulatorSettings settings,
    V1Router v1)
{
    public async Task HandleAsync(HttpContext ctx)
    {
        var target = RawTarget.From(ctx);
        var record = log.Begin(ctx, target);
        stats.Begin();
        var status = 0;
        try
        {
            var body = await ReadBodyAsync(ctx.Request, ctx.RequestAborted);
            log.SetBody(record, Encoding.UTF8.GetString(body));
            var req = new ApiRequest(ctx, target, body);

            var reply = BasicAuth.IsAuthorized(ctx.Request.Headers.Authorization, settings)
                ? Dispatch(req)
                : Reply.Unauthorized;
            await reply.WriteAsync(ctx.Response);
            status = reply.Status;
        }
        catch (Exception) when (ctx.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
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
                ["api", "v1", ..] => v1.Dispatch(req),
                _ => Reply.NotFound,
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // E.g. a lone UTF-16 surrogate escape: valid JSON syntax, but not a string the service accepts.
            return Reply.InvalidJson;
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        var capacity = (int)Math.Min(request.ContentLength ?? 0, 64 * 1024 * 1024);
        using var ms = new MemoryStream(capacity);
        await request.Body.CopyToAsync(ms, ct);
        return ms.ToArray();
    }
}
