using System.Management.Automation;
using CustomerIo.Track.Dispatch;

namespace CustomerIo.Track.Cmdlets.Base
{
    /// <summary>
    /// Person and object cmdlets: their operations have a v2 form, so they can be emitted
    /// (-AsOperation) for Invoke-CioBatch, and many piped records are packed into v2 batches.
    /// </summary>
    public abstract class CioEntityCmdlet : CioRecordCmdlet
    {
        /// <summary>Emit the v2 operation instead of sending it (pipe it to Invoke-CioBatch or ConvertTo-Json).</summary>
        [Parameter]
        public SwitchParameter AsOperation { get; set; }

        /// <summary>Send one request per record instead of packing many records into v2 batch requests.</summary>
        [Parameter]
        public SwitchParameter NoBatch { get; set; }

        internal override BatchMode Batching => NoBatch ? BatchMode.Never : BatchMode.Auto;

        protected override bool EmitsOperations => AsOperation;
    }
}
