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
        if (!IsUnixTimeOrAbsent(Get(b, "timestamp")))
            return Reply.MetaError("timestamp must be an integer (unix timestamp in seconds)");
        store.AddMetric(b.GetRawText());
        return Reply.Ok;
    }

    /// <summary>
    /// POST /api/v1/push/events (deprecated, still served): recorded beside the metrics. The file
    /// requires none of its fields; those present must have the file's types and enum.
    /// </summary>
    public Reply PushEvent(ApiRequest req)
    {
        using var doc = req.ParseObject(out var parseError);
        if (doc is null) return parseError!;
        var b = doc.RootElement;
        foreach (var field in (string[])["delivery_id", "device_id"])
            if (Get(b, field).ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.String))
                return Reply.MetaError($"{field} must be a string");
        var ev = Get(b, "event");
        if (ev.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null) &&
            (ev.ValueKind != JsonValueKind.String || !DeviceEvents.Contains(ev.GetString())))
            return Reply.MetaError($"event must be one of {string.Join(", ", DeviceEvents)}");
        if (!IsUnixTimeOrAbsent(Get(b, "timestamp")))
            return Reply.MetaError("timestamp must be an integer (unix timestamp in seconds)");
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

    /// <summary>
    /// POST /api/v1/forms/{form_id}/submit: the file requires data with an email or an id, every
    /// value a string (else 400 {"meta":{"errors":[...]}}), and answers 204 with no body.
    /// </summary>
    public Reply SubmitForm(ApiRequest req, string formId)
    {
        if (string.IsNullOrWhiteSpace(formId))
            return Reply.MetaErrors(["form id cannot be blank"]);
        using var doc = req.ParseObject(out var parseError);
        if (doc is null) return parseError!;
        if (Get(doc.RootElement, "data") is not { ValueKind: JsonValueKind.Object } data)
            return Reply.MetaErrors(["data is required and must be an object"]);
        var errors = new List<string>();
        foreach (var p in data.EnumerateObject())
            if (p.Value.ValueKind != JsonValueKind.String)
                errors.Add($"form value '{Validation.TrackLimits.Shorten(p.Name)}' must be a string");
        if (!HasText(data, "email") && !HasText(data, "id"))
            errors.Add("data must hold an email or an id");
        if (errors.Count > 0) return Reply.MetaErrors(errors);
        store.AddForm(formId, data.GetRawText());
        return Reply.NoContent;
    }

    private static bool HasText(JsonElement obj, string name) =>
        Get(obj, name) is { ValueKind: JsonValueKind.String } v && !string.IsNullOrWhiteSpace(v.GetString());
}
