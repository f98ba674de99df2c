using System;
using CustomerIo.Track.Operations.Rules;

namespace CustomerIo.Track.Operations.Messaging
{
    /// <summary>
    /// Custom unsubscribe: POST /unsubscribe/{delivery_id} at the host root (not under /api/v1) with
    /// {"unsubscribe":true}. The service sets the person's unsubscribed attribute and attributes the
    /// unsubscribe to that delivery. Ordered with the delivery's metrics (same entity key).
    /// </summary>
    internal static class UnsubscribeOperation
    {
        private static readonly byte[] Body = System.Text.Encoding.UTF8.GetBytes("{\"unsubscribe\":true}");

        public static Operation Create(string deliveryId, object input)
        {
            deliveryId = TextRules.Required(deliveryId?.Trim(), "delivery_id",
                "an unsubscribe names the delivery it came from (-DeliveryId, the CIO-Delivery-ID of the message)");
            return new Operation("delivery", "unsubscribe", deliveryId, "POST", "/unsubscribe/" + Uri.EscapeDataString(deliveryId),
                (byte[])Body.Clone(), null, input);
        }
    }
}
