using System.Collections.Generic;
using System.Management.Automation;
using CustomerIo.Track.Cmdlets.Base;
using CustomerIo.Track.Cmdlets.Completion;
using CustomerIo.Track.Cmdlets.Records;
using CustomerIo.Track.Json;
using CustomerIo.Track.Operations.Messaging;
using CustomerIo.Track.Operations.People;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Results;

namespace CustomerIo.Track.Cmdlets.People
{
    /// <summary>
    /// Add-CioDevice: adds or updates a person's push device (PUT /api/v1/customers/{id}/devices).
    /// A piped object's properties that are not parameters become device attributes.
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "CioDevice", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CioResult), typeof(PSObject))]
    public sealed class AddCioDeviceCommand : CioEntityRowCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("CustomerId", "customer_id")]
        public string Id { get; set; }

        /// <summary>The device token (APNs or FCM).</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("device_id", "token", "DeviceToken")]
        public string DeviceId { get; set; }

        /// <summary>ios or android.</summary>
        [Parameter(Position = 2, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(PlatformCompleter))]
        public string Platform { get; set; }

        /// <summary>When the device was last used: a DateTime, a DateTimeOffset or Unix seconds.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("last_used")]
        public object LastUsed { get; set; }

        /// <summary>Device attributes (hashtable or object), merged over the piped object's other properties.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public object Attributes { get; set; }

        [Parameter]
        public string[] ExcludeProperty { get; set; }

        [Parameter]
        public SwitchParameter IncludeEmpty { get; set; }

        private HashSet<string> _excluded;

        protected override void ProcessInput()
        {
            var input = InputObject;
            var who = RecordInput.Person(Id, input, "give -Id, or pipe objects with an id or customer_id property", EmailIdentifiesPeople);
            NameRecord(who.PathValue);
            var record = PowerShellValues.IsRecord(input) ? input : null;
            var attributes = AttributeSet.FromRecord(record, RecordInput.Excluded(ref _excluded, RecordNames.DeviceFields, ExcludeProperty), IncludeEmpty);
            FieldRules.MergeRecord(attributes, RecordInput.Value(Attributes, input, "attributes"), "attributes", IncludeEmpty);
            Submit(DeviceOperation.Add(who,
                RecordInput.Text(DeviceId, input, RecordNames.DeviceId),
                RecordInput.Text(Platform, input, "platform"),
                RecordInput.Value(LastUsed, input, "last_used", "LastUsed"),
                attributes, input));
        }
    }

    /// <summary>Remove-CioDevice: deletes a person's device (DELETE /api/v1/customers/{id}/devices/{token}).</summary>
    [Cmdlet(VerbsCommon.Remove, "CioDevice", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CioResult), typeof(PSObject))]
    public sealed class RemoveCioDeviceCommand : CioEntityRowCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("CustomerId", "customer_id")]
        public string Id { get; set; }

        /// <summary>The device token.</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("device_id", "token", "DeviceToken")]
        public string DeviceId { get; set; }

        protected override void ProcessInput()
        {
            var who = RecordInput.Person(Id, InputObject, "give -Id, or pipe objects with an id or customer_id property", EmailIdentifiesPeople);
            NameRecord(who.PathValue);
            Submit(DeviceOperation.Delete(who, RecordInput.Text(DeviceId, InputObject, RecordNames.DeviceId), InputObject));
        }
    }
}
