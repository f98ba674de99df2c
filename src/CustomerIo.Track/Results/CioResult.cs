using System;

namespace CustomerIo.Track.Results
{
    /// <summary>What -PassThru emits: one per record, whether it landed or not.</summary>
    public sealed class CioResult
    {
        /// <summary>The record's position in the cmdlet's input (1-based).</summary>
        public long Record { get; internal set; }
        public string EntityType { get; internal set; }
        public string Identifier { get; internal set; }
        /// <summary>The v2 name of what was done: identify, event, delete, add_device...</summary>
        public string Action { get; internal set; }
        public bool Succeeded { get; internal set; }
        /// <summary>The HTTP status of the request that carried the record; 0 when none answered.</summary>
        public int StatusCode { get; internal set; }
        /// <summary>"PUT /api/v1/customers/cust-1" or "POST /api/v2/batch".</summary>
        public string Request { get; internal set; }
        /// <summary>True when the record went in a v2 batch with others.</summary>
        public bool Batched { get; internal set; }
        public int Attempts { get; internal set; }
        public TimeSpan Elapsed { get; internal set; }
        /// <summary>Why the record failed, or null.</summary>
        public string Error { get; internal set; }
        /// <summary>What was piped in.</summary>
        public object InputObject { get; internal set; }

        public override string ToString() => $"{Action} {EntityType} '{Identifier}': {(Succeeded ? "ok" : "failed")} ({StatusCode})";
    }
}
