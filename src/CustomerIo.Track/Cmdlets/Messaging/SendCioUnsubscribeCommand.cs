using System.Management.Automation;
using CustomerIo.Track.Cmdlets.Base;
using CustomerIo.Track.Cmdlets.Records;
using CustomerIo.Track.Operations.Messaging;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Results;

namespace CustomerIo.Track.Cmdlets.Messaging
{
    /// <summary>
    /// Send-CioUnsubscribe: unsubscribes the person a delivery went to, attributed to that delivery
    /// (POST /unsubscribe/{delivery_id} {"unsubscribe":true}, at the host root).
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "CioUnsubscribe", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CioResult))]
    public sealed class SendCioUnsubscribeCommand : CioRowCmdlet
    {
        /// <summary>The delivery the person unsubscribed from (the CIO-Delivery-ID of the message).</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("delivery_id")]
        public string DeliveryId { get; set; }

        protected override void ProcessInput()
        {
            var input = InputObject;
            string deliveryId = RecordInput.Text(DeliveryId, input, "delivery_id", "DeliveryId");
            if (deliveryId == null) deliveryId = RecordInput.Plain(input); // a piped id string
            NameRecord(deliveryId);
            Submit(UnsubscribeOperation.Create(deliveryId, input));
        }
    }
}
