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
    private readonly EventRoutes _events = new(store);
    private readonly DeviceRoutes _devices = new(store);
    private readonly MergeRoute _merge = new(store);
    private readonly SegmentRoutes _segments = new(store);
    private readonly MetricsAndFormsRoutes _records = new(store);

    public Reply Dispatch(ApiRequest req) => (req.Method, req.Segments) switch
    {
        ("GET", ["api", "v1", "accounts", "region"]) => RegionRoute.Get(settings),
        ("PUT", ["api", "v1", "customers", var id]) => _customers.Identify(req, id),
        ("DELETE", ["api", "v1", "customers", var id]) => _customers.Delete(id),
        ("POST", ["api", "v1", "customers", var id, "suppress"]) => _customers.Suppress(id),
        ("POST", ["api", "v1", "customers", var id, "unsuppress"]) => _customers.Unsuppress(id),
        ("POST", ["api", "v1", "customers", var id, "events"]) => _events.PersonEvent(req, id),
        ("POST", ["api", "v1", "events"]) => _events.AnonymousEvent(req),
        ("PUT", ["api", "v1", "customers", var id, "devices"]) => _devices.Upsert(req, id),
        ("DELETE", ["api", "v1", "customers", var id, "devices", var token]) => _devices.Delete(id, token),
        ("POST", ["api", "v1", "merge_customers"]) => _merge.Merge(req),
        ("POST", ["api", "v1", "segments", var sid, "add_customers"]) => _segments.Change(req, sid, add: true),
        ("POST", ["api", "v1", "segments", var sid, "remove_customers"]) => _segments.Change(req, sid, add: false),
        ("POST", ["api", "v1", "metrics"]) => _records.Metric(req),
        ("POST", ["api", "v1", "push", "events"]) => _records.PushEvent(req),
        ("POST", ["unsubscribe", var deliveryId]) => _records.Unsubscribe(req, deliveryId),
        ("POST", ["api", "v1", "forms", var formId, "submit"]) => _records.SubmitForm(req, formId),
        _ => Reply.NotFound,
    };

    /// <summary>The file lists no security for these: the service answers them without credentials.</summary>
    public static bool NeedsNoAuth(ApiRequest req) => req.Segments is
        ["api", "v1", "metrics"] or ["api", "v1", "push", "events"] or ["unsubscribe", _];
}
