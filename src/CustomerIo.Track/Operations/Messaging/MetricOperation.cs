using CustomerIo.Track.Json;
using CustomerIo.Track.Operations.Rules;

namespace CustomerIo.Track.Operations.Messaging
{
    /// <summary>
    /// Delivery metric: POST /api/v1/metrics {"delivery_id","metric","timestamp"?,"recipient"?,"reason"?,"href"?}.
    /// Metrics of one delivery are sent in input order (delivered before opened).
    /// </summary>
    internal static class MetricOperation
    {
        public static Operation Create(string deliveryId, string metric, object timestamp, string recipient, string reason,
            string href, object input)
        {
            deliveryId = TextRules.Required(deliveryId, "delivery_id", "every metric names its delivery (-DeliveryId)");
            metric = DeliveryRules.Metric(metric);
            long? seconds = PowerShellValues.IsEmpty(timestamp) ? (long?)null : UnixTime.FromObject(timestamp, "timestamp");
            byte[] body;
            using (var json = JsonBuffer.Rent())
            {
                var w = json.Writer;
                w.WriteStartObject();
                w.WriteString("delivery_id", deliveryId);
                w.WriteString("metric", metric);
                if (seconds.HasValue) w.WriteNumber("timestamp", seconds.Value);
                if (!string.IsNullOrEmpty(recipient)) w.WriteString("recipient", TextRules.Text(recipient, "recipient"));
                if (!string.IsNullOrEmpty(reason)) w.WriteString("reason", TextRules.Text(reason, "reason"));
                if (!string.IsNullOrEmpty(href)) w.WriteString("href", TextRules.Text(href, "href"));
                w.WriteEndObject();
                body = json.ToArray();
            }
            return new Operation("delivery", "metric", deliveryId, "POST", "/api/v1/metrics", body, null, input);
        }
    }
}
