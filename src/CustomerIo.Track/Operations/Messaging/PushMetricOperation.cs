using CustomerIo.Track.Json;
using CustomerIo.Track.Operations.Rules;

namespace CustomerIo.Track.Operations.Messaging
{
    /// <summary>
    /// Deprecated push metric: POST /api/v1/push/events {"delivery_id","event","device_id"?,"timestamp"?}.
    /// The contract still serves it and points to /api/v1/metrics (or a v2 delivery event) instead.
    /// Ordered with the delivery's other metrics (same entity key).
    /// </summary>
    internal static class PushMetricOperation
    {
        public static Operation Create(string deliveryId, string eventName, string deviceId, object timestamp, object input)
        {
            deliveryId = TextRules.Required(deliveryId?.Trim(), "delivery_id",
                "every push metric names its delivery (-DeliveryId, the CIO-Delivery-ID of the notification)");
            eventName = DeliveryRules.DeviceMetric(eventName, "event");
            long? seconds = PowerShellValues.IsEmpty(timestamp) ? (long?)null : UnixTime.FromObject(timestamp, "timestamp");
            byte[] body;
            using (var json = JsonBuffer.Rent())
            {
                var w = json.Writer;
                w.WriteStartObject();
                w.WriteString("delivery_id", deliveryId);
                w.WriteString("event", eventName);
                if (!string.IsNullOrEmpty(deviceId)) w.WriteString("device_id", TextRules.Text(deviceId, "device_id"));
                if (seconds.HasValue) w.WriteNumber("timestamp", seconds.Value);
                w.WriteEndObject();
                body = json.ToArray();
            }
            return new Operation("delivery", "push_metric", deliveryId, "POST", "/api/v1/push/events", body, null, input);
        }
    }
}
