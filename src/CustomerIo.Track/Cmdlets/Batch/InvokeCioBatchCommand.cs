using System.Management.Automation;
using CustomerIo.Track.Cmdlets.Base;
using CustomerIo.Track.Dispatch;
using CustomerIo.Track.Json;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Operations.Entity;
using CustomerIo.Track.Results;

namespace CustomerIo.Track.Cmdlets.Batch
{
    /// <summary>
    /// Invoke-CioBatch: sends piped v2 operations (from -AsOperation, or hashtables / objects /
    /// JSON texts in v2 shape) to POST /api/v2/batch, packed greedily in input order into requests
    /// of at most 500,000 bytes. An item over 32,000 bytes is an error for that item only; items
    /// the service rejects (207) or a refused request (400, split to isolate the bad items) come
    /// back as errors whose TargetObject is the original input row.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "CioBatch", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CioResult))]
    public sealed class InvokeCioBatchCommand : CioRecordCmdlet
    {
        private object _current;

        /// <summary>The operations: output of -AsOperation, or hashtables / objects / JSON texts in v2 shape.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [AllowNull]
        [AllowEmptyCollection]
        public PSObject[] Operation { get; set; }

        /// <summary>Every operation goes in a /api/v2/batch request, even a lone one.</summary>
        internal override BatchMode Batching => BatchMode.Always;

        protected override object CurrentInput => _current;

        protected override void ProcessInput()
        {
            if (Operation == null)
            {
                Add(null);
                return;
            }
            foreach (var value in Operation)
                foreach (var item in EntityInput.Expand(value))
                    Add(item);
        }

        private void Add(object value)
        {
            _current = PowerShellValues.Unwrap(value);
            try
            {
                var op = EntityInput.ToOperation(value, EmailIdentifiesPeople);
                _current = op.InputObject;
                EntityOperation.CheckItemSize(op.BatchItem.Length);
                Submit(AsBatchItem(op));
            }
            catch (RecordValidationException ex)
            {
                ReportInvalid(ex, _current, null);
            }
        }

        // The request that carries an item alone here is a batch of one (what -WhatIf and messages name).
        private static Operation AsBatchItem(Operation op) =>
            op.Path == BatchPath ? op
            : new Operation(op.EntityType, op.Action, op.Identifier, "POST", BatchPath,
                BatchPacker.Envelope(new[] { op }), op.BatchItem, op.InputObject).OrderedBy(op.EntityKey, op.RelatedKeys);

        private const string BatchPath = "/api/v2/batch";
    }
}
