using System.Management.Automation;
using CustomerIo.Track.Cmdlets.Base;
using CustomerIo.Track.Cmdlets.Completion;
using CustomerIo.Track.Cmdlets.Records;
using CustomerIo.Track.Operations.Messaging;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Results;

namespace CustomerIo.Track.Cmdlets.Messaging
{
    /// <summary>Send-CioMetric: reports what happened to a message (POST /api/v1/metrics).</summary>
    [Cmdlet(VerbsCommunications.Send, "CioMetric", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CioResult))]
    public sealed class SendCioMetricCommand : CioRowCmdlet
    {
        /// <summary>The delivery's id (from the message's tracking data).</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("delivery_id")]
        public string DeliveryId { get; set; }

        /// <summary>bounced, clicked, converted, deferred, delivered, dropped, opened or spammed (the contract's enum).</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(MetricCompleter))]
        public string Metric { get; set; }

        /// <summary>When it happened: a DateTime, a DateTimeOffset or Unix seconds (default: when received).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public object Timestamp { get; set; }

        /// <summary>The recipient's address (email, phone or device token).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Recipient { get; set; }

        /// <summary>Why a message bounced, failed or was dropped.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Reason { get; set; }

        /// <summary>The link that was clicked.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Href { get; set; }

        protected override void ProcessInput()
        {
            var input = InputObject;
            string deliveryId = RecordInput.Text(DeliveryId, input, "delivery_id", "DeliveryId");
            NameRecord(deliveryId);
            Send(input, deliveryId);
        }

        private void Send(PSObject input, string deliveryId)
        {
            Submit(MetricOperation.Create(
                deliveryId,
                RecordInput.Text(Metric, input, "metric"),
                RecordInput.Value(Timestamp, input, "timestamp"),
                RecordInput.Text(Recipient, input, "recipient"),
                RecordInput.Text(Reason, input, "reason"),
                RecordInput.Text(Href, input, "href"),
                input));
        }
    }
}
