using System.Management.Automation;
using CustomerIo.Track.Cmdlets.Base;
using CustomerIo.Track.Cmdlets.Completion;
using CustomerIo.Track.Cmdlets.Records;
using CustomerIo.Track.Operations.Messaging;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Results;

namespace CustomerIo.Track.Cmdlets.Messaging
{
    /// <summary>
    /// Send-CioPushMetric: reports a device-side push metric with the deprecated
    /// POST /api/v1/push/events. Send-CioMetric (POST /api/v1/metrics) replaces it.
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "CioPushMetric", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CioResult))]
    public sealed class SendCioPushMetricCommand : CioRowCmdlet
    {
        /// <summary>The notification's CIO-Delivery-ID.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("delivery_id")]
        public string DeliveryId { get; set; }

        /// <summary>opened, converted or delivered.</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(DeviceMetricCompleter))]
        public string Event { get; set; }

        /// <summary>The notification's CIO-Delivery-Token: the device that received it.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("device_id")]
        public string DeviceId { get; set; }

        /// <summary>When it happened: a DateTime, a DateTimeOffset or Unix seconds (default: when received).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public object Timestamp { get; set; }

        protected override void ProcessInput()
        {
            var input = InputObject;
            string deliveryId = RecordInput.Text(DeliveryId, input, "delivery_id", "DeliveryId");
            NameRecord(string.IsNullOrWhiteSpace(deliveryId) ? null : deliveryId);
            Submit(PushMetricOperation.Create(
                deliveryId,
                RecordInput.Text(Event, input, "event"),
                RecordInput.Text(DeviceId, input, "device_id", "DeviceId"),
                RecordInput.Value(Timestamp, input, "timestamp"),
                input));
        }
    }
}
