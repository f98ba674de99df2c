using System.Text.Json;
using CustomerIo.Track.Emulator.Http;
using CustomerIo.Track.Emulator.Store;
using static CustomerIo.Track.Emulator.Validation.EventReader;

namespace CustomerIo.Track.Emulator.V1;

/// <summary>POST /api/v1/metrics and /api/v1/forms/{form_id}/submit: recorded as received.</summary>
public sealed class MetricsAndFormsRoutes(TrackStore store)
{
    // The union of the file's per-channel enums for /api/v1/metrics (email's is the widest).
    public static readonly string[] Metrics =
        ["bounced", "clicked", "converted", "deferred", "delivered", "dropped", "opened", "spammed"];

    /// <summary>v2 delivery event names and the deprecated /api/v1/push/events "event" enum.</summary>
    public static readonly string[] DeviceEvents = ["opened", "converted", "delivered"];

    public Reply Metric(ApiRequest req)
    {
        using var doc = req.ParseObject(out var parseError);
        if (doc is null) return parseError!;
        var b = doc.RootElement;
        if (Get(b, "delivery_id") is not { ValueKind: JsonValueKind.String } d || string.IsNullOrWhiteSpace(d.GetString()))
            return Reply.MetaError("delivery_id cannot be blank");
        var metric = Get(b, "metric") is { ValueKind: JsonValueKind.String } m ? m.GetString() : null;
        if (metric is null || !Metrics.Contains(metric))
            return Reply.MetaError($"metric must be one of {string.Join(", ", Metrics)}");
        if (Get(b, "timestamp").ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Number))
            return Reply.MetaError("timestamp must be a number (unix timestamp in seconds)");
        store.AddMetric(b.GetRawText());
        return Reply.Ok;
    }

    /// <summary>POST /api/v1/push/events (deprecated, still served): recorded beside the metrics.</summary>
    public Reply PushEvent(ApiRequest req)
    {
        using var doc = req.ParseObject(out var parseError);
        if (doc is null) return parseError!;
        var b = doc.RootElement;
        if (Get(b, "delivery_id") is not { ValueKind: JsonValueKind.String } d || string.IsNullOrWhiteSpace(d.GetString()))
            return Reply.MetaError("delivery_id cannot be blank");
        var ev = Get(b, "event") is { ValueKind: JsonValueKind.String } e ? e.GetString() : null;
        if (ev is null || !DeviceEvents.Contains(ev))
            return Reply.MetaError($"event must be one of {string.Join(", ", DeviceEvents)}");
        if (Get(b, "timestamp").ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Number))
            return Reply.MetaError("timestamp must be a number (unix timestamp in seconds)");
        store.AddMetric(b.GetRawText());
        return Reply.Ok;
    }

    /// <summary>
    /// POST /unsubscribe/{delivery_id} at the host root: {"unsubscribe":true}. Deliveries are not
    /// modelled, so no person changes; the request is recorded among the metrics as
    /// {"delivery_id":"...","unsubscribe":true}.
    /// </summary>
    public Reply Unsubscribe(ApiRequest req, string deliveryId)
    {
        if (string.IsNullOrWhiteSpace(deliveryId))
            return Reply.MetaError("delivery_id cannot be blank");
        using var doc = req.ParseObject(out var parseError);
        if (doc is null) return parseError!;
        var u = Get(doc.RootElement, "unsubscribe");
        if (u.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.True or JsonValueKind.False))
            return Reply.MetaError("unsubscribe must be a boolean");
        store.AddMetric(Json.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString("delivery_id", deliveryId);
            w.WriteBoolean("unsubscribe", u.ValueKind == JsonValueKind.True);
            w.WriteEndObject();
        }));
        return Reply.Ok;
    }

    public Reply SubmitForm(ApiRequest req, string formId)
    {
        if (string.IsNullOrWhiteSpace(formId))
            return Reply.MetaError("form id cannot be blank");
        using var doc = req.ParseObject(out var parseError);
        if (doc is null) return parseError!;
        if (Get(doc.RootElement, "data") is not { ValueKind: JsonValueKind.Object } data)
            return Reply.MetaError("data must be an object");
        store.AddForm(formId, data.GetRawText());
        return Reply.Ok;
    }
}
