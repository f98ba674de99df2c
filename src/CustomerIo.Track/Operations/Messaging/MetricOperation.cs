using CustomerIo.Track.Json;

namespace CustomerIo.Track.Operations.Messaging
{
    /// <summary>
    /// Delivery metric: POST /api/v1/metrics {"delivery_id","metric","timestamp"?,"recipient"?,"reason"?,"href"?}.
    /// Metrics of one delivery are sent in input order (delivered before opened).
    /// </summary>
    internal static class MetricOperation
    {
        /// <summary>
        /// The contract's enum for "metric" (journeys-track.openapi.json, /api/v1/metrics): the union of its
        /// per-channel lists, email's being the widest. The service refuses any other value.
        /// </summary>
        public static readonly string[] Metrics =
        {
            "bounced", "clicked", "converted", "deferred", "delivered", "dropped", "opened", "spammed",
        };

        public static string CheckMetric(string metric) => FieldRules.OneOf(metric, "metric", Metrics, "InvalidMetric");

        public static Operation Create(string deliveryId, string metric, object timestamp, string recipient, string reason,
            string href, object input)
        {
            deliveryId = FieldRules.Required(deliveryId, "delivery_id", "every metric names its delivery (-DeliveryId)");
            metric = CheckMetric(metric);
            long? seconds = PowerShellValues.IsEmpty(timestamp) ? (long?)null : UnixTime.FromObject(timestamp, "timestamp");
            byte[] body;
            using (var json = JsonBuffer.Rent())
            {
                var w = json.Writer;
                w.WriteStartObject();
                w.WriteString("delivery_id", deliveryId);
                w.WriteString("metric", metric);
                if (seconds.HasValue) w.WriteNumber("timestamp", seconds.Value);
                if (!string.IsNullOrEmpty(recipient)) w.WriteString("recipient", FieldRules.Text(recipient, "recipient"));
                if (!string.IsNullOrEmpty(reason)) w.WriteString("reason", FieldRules.Text(reason, "reason"));
                if (!string.IsNullOrEmpty(href)) w.WriteString("href", FieldRules.Text(href, "href"));
                w.WriteEndObject();
                body = json.ToArray();
            }
            return new Operation("delivery", "metric", deliveryId, "POST", "/api/v1/metrics", body, null, input);
        }
    }
}
