using CustomerIo.Track.Json;

namespace CustomerIo.Track.Operations.Rules
{
    /// <summary>
    /// Delivery metrics as the contract names them: /api/v1/metrics "metric" (the union of its
    /// per-channel lists, email's being the widest), and the device-side metrics of a delivery, the
    /// v2 delivery event's "name" and the deprecated /api/v1/push/events "event" (opened, converted or
    /// delivered), which need the device the message reached (v2 attributes.device_token).
    /// </summary>
    internal static class DeliveryRules
    {
        public static readonly string[] Metrics =
        {
            "bounced", "clicked", "converted", "deferred", "delivered", "dropped", "opened", "spammed",
        };

        public static readonly string[] DeviceMetricNames = { "opened", "converted", "delivered" };

        public static string Metric(string metric) => TextRules.OneOf(metric, "metric", Metrics, "InvalidMetric");

        /// <summary>The allowed spelling of a device metric; the error names the field, the value and the list.</summary>
        public static string DeviceMetric(string value, string field) => TextRules.OneOf(value, field, DeviceMetricNames, "InvalidDeliveryMetric");

        /// <summary>
        /// A v2 delivery event's attributes: required, with a non-empty device_token (a string), as the
        /// contract's delivery_operations schema requires.
        /// </summary>
        public static void DeliveryEventAttributes(AttributeSet attributes)
        {
            const string what = "a delivery event's attributes hold the device_token of the device it happened on " +
                "(the CIO-Delivery-Token), e.g. @{ device_token = 'a83b219c-...' }";
            if (attributes == null)
                throw new RecordValidationException("attributes", $"'attributes' is missing; {what}.", "DeviceTokenMissing");
            bool present = attributes.TryGet("device_token", out object token);
            if (present)
            {
                // Names are matched as PowerShell matches them; the service reads the key exactly as the contract spells it.
                attributes.Remove("device_token");
                attributes.Set("device_token", token);
            }
            if (!present || PowerShellValues.IsEmpty(token))
                throw new RecordValidationException("attributes.device_token",
                    $"'attributes.device_token' is {(token == null ? "missing" : "empty")}; {what}.", "DeviceTokenMissing");
            if (!(PowerShellValues.Unwrap(token) is string text))
                throw new RecordValidationException("attributes.device_token",
                    $"'attributes.device_token' must be a string; got {PowerShellValues.Describe(token)}.", "NotAString");
            TextRules.Text(text, "attributes.device_token");
        }
    }
}
