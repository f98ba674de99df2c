using System;
using System.Collections.Generic;

namespace CustomerIo.Track.Results
{
    /// <summary>
    /// How the last record cmdlet run on a connection ended, kept on the connection so that after
    /// Ctrl+C a user can see which records were not sent: (Get-CioTrackConnection).LastRun.NotSent.
    /// </summary>
    public sealed class CioRunSummary
    {
        public string Command { get; internal set; }
        public DateTimeOffset StartedAt { get; internal set; }
        public TimeSpan Duration { get; internal set; }
        public long Records { get; internal set; }
        public long Succeeded { get; internal set; }
        public long Failed { get; internal set; }
        public int Requests { get; internal set; }
        /// <summary>True when the run was stopped (Ctrl+C, or a terminating error elsewhere in its pipeline) before it finished.</summary>
        public bool Stopped { get; internal set; }
        /// <summary>
        /// Inputs of the records read but never sent because the run was stopped: no byte of them left the
        /// machine. Pipe them back in to send them. Rows the cmdlet had not read yet are not here: skip
        /// the first Records rows of the input to find them. A record given by parameters, not piped in,
        /// is listed as its v2 operation (pipe it to Invoke-CioBatch), or where it has no v2 form as the
        /// parameters it was given (pipe it back to the same cmdlet); so are the lists below.
        /// </summary>
        public List<object> NotSent { get; } = new List<object>();
        /// <summary>
        /// Inputs of records sent before the stop whose answer did not come within the connection's
        /// timeout: the service may or may not have them. Sending them again is safe (identifies are
        /// idempotent, events keep their ids).
        /// </summary>
        public List<object> Unconfirmed { get; } = new List<object>();
        /// <summary>
        /// Inputs of records the service refused after the stop, when their errors could no longer be
        /// written (they are counted in Failed); send them again to see why.
        /// </summary>
        public List<object> Refused { get; } = new List<object>();

        public override string ToString() =>
            $"{Command}: {Records} records, {Succeeded} succeeded, {Failed} failed, {NotSent.Count} not sent, {Unconfirmed.Count} unconfirmed{(Stopped ? " (stopped)" : "")}";
    }
}
