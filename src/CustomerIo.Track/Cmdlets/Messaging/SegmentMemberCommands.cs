using System.Collections.Generic;
using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System;
using CustomerIo.Track.Cmdlets.Base;
using CustomerIo.Track.Cmdlets.Completion;
using CustomerIo.Track.Cmdlets.Records;
using CustomerIo.Track.Json;
using CustomerIo.Track.Operations.Messaging;
using CustomerIo.Track.Operations.Rules;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Results;

namespace CustomerIo.Track.Cmdlets.Messaging
{
    /// <summary>
    /// Manual segment membership. Piped ids are collected per segment (and id type) and sent at most
    /// 1000 a request: full requests as the input streams, the rest when it ends. -PassThru gives one
    /// result per request; its InputObject is the array of the records it carried. After Ctrl+C the
    /// records collected but not sent are listed in LastRun.NotSent.
    /// </summary>
    public abstract class CioSegmentMemberCmdlet : CioRowCmdlet
    {
        private readonly Dictionary<string, Bucket> _buckets = new Dictionary<string, Bucket>(StringComparer.Ordinal);
        private readonly List<Bucket> _order = new List<Bucket>();
        // Guards the buckets: a stop takes what they hold from another thread (TakeHeldInputs).
        private readonly object _bucketsGate = new object();
        private bool _heldTaken;

        /// <summary>The manual segment's id.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("segment_id")]
        [ArgumentCompleter(typeof(SeenSegmentIdCompleter))]
        public string SegmentId { get; set; }

        /// <summary>The people's ids (or emails or cio_ids with -IdType).</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("CustomerId", "customer_id")]
        public string[] Id { get; set; }

        /// <summary>What the ids are: id, email or cio_id. Without it no id_type is sent (the service assumes id).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("id_type")]
        [ArgumentCompleter(typeof(IdentifierTypeCompleter))]
        public string IdType { get; set; }

        private protected abstract bool Add { get; }

        protected override void ProcessInput()
        {
            var input = InputObject;
            // With -Id and nothing piped, the command line's ids are the record.
            object record = input ?? (object)Id;
            string segmentText = RecordInput.Text(SegmentId, input, "segment_id", "SegmentId");
            string segmentId, idType;
            List<string> ids;
            try
            {
                segmentId = SegmentRules.SegmentId(segmentText);
                idType = SegmentRules.IdType(RecordInput.Text(IdType, input, "id_type", "IdType"), EmailIdentifiesPeople);
                ids = Ids(input);
                // The whole record is checked before any of its ids is collected.
                foreach (var id in ids) IdentifierRules.Check(id, "id");
            }
            catch (RecordValidationException ex)
            {
                ReportInvalid(ex, record, segmentText);
                return;
            }

            BeginRun();
            string key = segmentId + "\n" + idType;
            bool notedAfterStop = false;
            foreach (var id in ids)
            {
                Operation full = null;
                lock (_bucketsGate)
                {
                    if (_heldTaken)
                    {
                        // Read after a stop closed the run: nothing more goes out. As in a bucket, a
                        // piped record is listed once, and ids from the command line stand for themselves.
                        if (input == null) NoteNotSentAfterStop(id);
                        else if (!notedAfterStop) NoteNotSentAfterStop(input);
                        notedAfterStop = true;
                        continue;
                    }
                    if (!_buckets.TryGetValue(key, out var bucket))
                    {
                        bucket = new Bucket(segmentId, idType);
                        _buckets[key] = bucket;
                        _order.Add(bucket);
                    }
                    bucket.Add(id, input);
                    if (bucket.Ids.Count == Limits.SegmentIdsPerRequest) full = TakeRequest(bucket);
                }
                if (full != null) Send(full);
            }
        }

        protected override void EndInput()
        {
            var requests = new List<Operation>();
            lock (_bucketsGate)
            {
                foreach (var bucket in _order)
                    if (bucket.Ids.Count > 0) requests.Add(TakeRequest(bucket));
            }
            foreach (var op in requests) Send(op);
        }

        private protected override List<object> TakeHeldInputs()
        {
            lock (_bucketsGate)
            {
                _heldTaken = true;
                var held = new List<object>();
                foreach (var bucket in _order)
                {
                    held.AddRange(bucket.Inputs);
                    bucket.Clear();
                }
                return held;
            }
        }

        // The bucket's ids as one request, and the bucket emptied (caller holds _bucketsGate).
        private Operation TakeRequest(Bucket bucket)
        {
            var op = SegmentMembershipOperation.Create(bucket.SegmentId, bucket.IdType, Add, bucket.Ids, bucket.Inputs.ToArray());
            bucket.Clear();
            return op;
        }

        private void Send(Operation op)
        {
            Submit(op);
            SeenValues.Note(SeenValues.SegmentIds, op.Identifier);
        }

        // -Id, else the record's id field (one value or a list), else a piped plain value.
        private List<string> Ids(object input)
        {
            var ids = new List<string>();
            if (Id != null && Id.Length > 0)
            {
                foreach (var id in Id) ids.Add(id);
                return ids;
            }
            object value = input != null && PowerShellValues.TryGetField(input, out object v, RecordNames.PersonId) ? v : null;
            value = PowerShellValues.Unwrap(value);
            if (value == null) value = RecordInput.Plain(input);
            if (value is IEnumerable list && !(value is string) && !(value is IDictionary))
            {
                foreach (var item in list)
                {
                    object u = PowerShellValues.Unwrap(item);
                    ids.Add(u == null ? null : Convert.ToString(u, CultureInfo.InvariantCulture));
                }
            }
            else if (value != null) ids.Add(Convert.ToString(value, CultureInfo.InvariantCulture));
            if (ids.Count == 0)
                throw new RecordValidationException("id",
                    $"'id' is missing{(input == null ? ": the record is empty (null)" : "")}; give -Id, or pipe id strings or objects with an id or customer_id property.",
                    "IdentifierMissing");
            return ids;
        }

        private sealed class Bucket
        {
            private object _lastInput;

            public Bucket(string segmentId, string idType)
            {
                SegmentId = segmentId;
                IdType = idType;
            }

            public string SegmentId { get; }
            public string IdType { get; }
            public List<string> Ids { get; } = new List<string>();
            public List<object> Inputs { get; } = new List<object>();

            // Each record once per request; ids given on the command line stand for themselves.
            public void Add(string id, object input)
            {
                Ids.Add(id);
                if (input == null) Inputs.Add(id);
                else if (!ReferenceEquals(input, _lastInput)) { Inputs.Add(input); _lastInput = input; }
            }

            public void Clear()
            {
                Ids.Clear();
                Inputs.Clear();
                _lastInput = null;
            }
        }
    }

    /// <summary>Add-CioSegmentMember: adds people to a manual segment (POST /api/v1/segments/{id}/add_customers).</summary>
    [Cmdlet(VerbsCommon.Add, "CioSegmentMember", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CioResult))]
    public sealed class AddCioSegmentMemberCommand : CioSegmentMemberCmdlet
    {
        private protected override bool Add => true;
    }

    /// <summary>Remove-CioSegmentMember: removes people from a manual segment (POST /api/v1/segments/{id}/remove_customers).</summary>
    [Cmdlet(VerbsCommon.Remove, "CioSegmentMember", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CioResult))]
    public sealed class RemoveCioSegmentMemberCommand : CioSegmentMemberCmdlet
    {
        private protected override bool Add => false;
    }
}
