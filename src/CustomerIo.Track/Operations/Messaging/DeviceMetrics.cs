using CustomerIo.Track.Json;

namespace CustomerIo.Track.Operations.Messaging
{
    /// <summary>
    /// The device-side metrics of a delivery, as the contract names them in two places: the v2
    /// delivery event's "name" (type delivery, action event) and the deprecated
    /// POST /api/v1/push/events "event". Both take opened, converted or delivered, and both need the
    /// device the message reached (v2 attributes.device_token, push device_id).
    /// </summary>
    internal static class DeviceMetrics
    {
        public static readonly string[] Names = { "opened", "converted", "delivered" };

        /// <summary>The allowed spelling of a device metric; the error names the field, the value and the list.</summary>
        public static string Check(string value, string field) => FieldRules.OneOf(value, field, Names, "InvalidDeliveryMetric");

        /// <summary>
        /// A v2 delivery event's attributes: required, with a non-empty device_token (a string), as the
        /// contract's delivery_operations schema requires.
        /// </summary>
        public static void CheckDeliveryAttributes(AttributeSet attributes)
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
            FieldRules.Text(text, "attributes.device_token");
        }
    }
}
