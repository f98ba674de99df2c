using CustomerIo.Track.Emulator.Http;
using CustomerIo.Track.Emulator.Pipeline;
using CustomerIo.Track.Emulator.Store;

namespace CustomerIo.Track.Emulator.V1;

/// <summary>
/// Maps /api/v1 requests to handlers. Matching on decoded raw segments (not ASP.NET routing)
/// keeps identifiers with '/', '?' or '%' intact and an empty identifier routable (it is a 400).
/// </summary>
public sealed class V1Router(TrackStore store, EmulatorSettings settings)
{
    private readonly CustomerRoutes _customers = new(store);

    public Reply Dispatch(ApiRequest req) => (req.Method, req.Segments) switch
    {
        ("GET", ["api", "v1", "accounts", "region"]) => RegionRoute.Get(settings),
        ("PUT", ["api", "v1", "customers", var id]) => _customers.Identify(req, id),
        ("DELETE", ["api", "v1", "customers", var id]) => _customers.Delete(id),
        ("POST", ["api", "v1", "customers", var id, "suppress"]) => _customers.Suppress(id),
        ("POST", ["api", "v1", "customers", var id, "unsuppress"]) => _customers.Unsuppress(id),
        _ => Reply.NotFound,
    };
}
