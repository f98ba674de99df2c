using System;
using System.Collections.Generic;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Results;

namespace CustomerIo.Track.Dispatch
{
    /// <summary>
    /// The accounts of one run: records read, handed over, answered, succeeded and failed, and, when a
    /// stop ends the run, every record's fate in its LastRun summary. After a stop each record read is
    /// in exactly one place: Succeeded + Failed + NotSent + Unconfirmed = Records, and the failed ones
    /// whose errors could not be written are also in Refused.
    /// The pipeline thread counts; the stopping thread may close the run, so both go through one lock.
    /// </summary>
    internal sealed class RunLedger
    {
        private readonly object _gate = new object();
        private readonly List<Operation> _heldBack = new List<Operation>();
        private readonly Func<Operation, object> _resendable;
        private CioRunSummary _run;
        private Dispatcher _dispatcher;
        private long _records, _submitted, _answered, _succeeded, _failed;
        private bool _closed;

        /// <param name="resendable">What the summary lists for a record: something that sends it again.</param>
        public RunLedger(Func<Operation, object> resendable) { _resendable = resendable; }

        public long Records => _records;
        public long Succeeded => _succeeded;
        public long Failed => _failed;

        /// <summary>Handed over and not answered yet.</summary>
        public long InProgress => _submitted - _answered;

        public bool IsOpen => _run != null;

        public bool IsClosed { get { lock (_gate) return _closed; } }

        /// <summary>Starts the summary of a run whose records go to this dispatcher.</summary>
        public void Open(CioRunSummary run, Dispatcher dispatcher)
        {
            _run = run;
            _dispatcher = dispatcher;
        }

        /// <summary>A record was read (pipeline thread); returns its number.</summary>
        public long CountRead() => ++_records;

        public void CountSubmitted() => _submitted++;

        /// <summary>A record refused before anything of it was sent.</summary>
        public void CountRefused() => _failed++;

        /// <summary>Takes the next outcome and counts it, unless the run is closed (its summary is then final).</summary>
        public bool TryTakeOutcome(out Outcome outcome)
        {
            lock (_gate)
            {
                outcome = null;
                if (_closed || _dispatcher == null || !_dispatcher.TryTakeOutcome(out outcome)) return false;
                Count(outcome);
                return true;
            }
        }

        /// <summary>A record read but never handed over because the run was stopped.</summary>
        public void NoteNotSent(Operation op)
        {
            lock (_gate)
            {
                if (_closed) _run.NotSent.Add(_resendable(op));
                else _heldBack.Add(op);
            }
        }

        /// <summary>A record read after the run was closed, as it was piped in.</summary>
        public void NoteNotSent(object input)
        {
            lock (_gate) _run?.NotSent.Add(input);
        }

        /// <summary>
        /// Closes the run once (later calls do nothing): after a stop, sorts every record not yet
        /// accounted for into NotSent, Refused or Unconfirmed; held are records an aggregating cmdlet
        /// had read but not handed over. Returns false when the run was already closed or never opened.
        /// </summary>
        public bool Close(bool stopped, Func<List<object>> held, TimeSpan duration)
        {
            var run = _run;
            if (run == null) return false;
            lock (_gate)
            {
                if (_closed) return false;
                _closed = true;
                if (stopped) SortTheRest(run, held);
                run.Stopped = stopped;
                run.Records = _records;
                run.Succeeded = _succeeded;
                run.Failed = _failed;
                run.Requests = _dispatcher.Requests;
                run.Duration = duration;
            }
            return true;
        }

        // Caller holds _gate.
        private void SortTheRest(CioRunSummary run, Func<List<object>> held)
        {
            var notSent = new List<Operation>(_heldBack);
            var refused = new List<Operation>();
            var unconfirmed = new List<Operation>();
            // Answers that came but were not written (the pipeline was stopping).
            while (_dispatcher.TryTakeOutcome(out Outcome o))
            {
                switch (o.Fate)
                {
                    case RecordFate.Succeeded: Count(o); break;
                    case RecordFate.Failed: Count(o); AddAll(refused, o); break;
                    case RecordFate.NotSent: AddAll(notSent, o); break;
                    default: AddAll(unconfirmed, o); break;
                }
            }
            notSent.AddRange(_dispatcher.TakeUnsent());
            unconfirmed.AddRange(_dispatcher.InFlightOperations()); // given up on: no outcome yet
            AddInputs(run.NotSent, notSent);
            var heldInputs = held?.Invoke();
            if (heldInputs != null) run.NotSent.AddRange(heldInputs);
            AddInputs(run.Refused, refused);
            AddInputs(run.Unconfirmed, unconfirmed);
        }

        // Caller holds _gate.
        private void Count(Outcome o)
        {
            if (o.Cancelled) return; // no answer: unconfirmed, sorted when the run closes
            _answered += o.Count;
            if (o.Succeeded) _succeeded += o.Count;
            else _failed += o.Count;
        }

        private static void AddAll(List<Operation> into, Outcome o)
        {
            if (o.Operations != null) into.AddRange(o.Operations);
            else into.Add(o.Operation);
        }

        // In input order, each record once.
        private void AddInputs(List<object> into, List<Operation> ops)
        {
            ops.Sort((a, b) => a.RecordNumber.CompareTo(b.RecordNumber));
            var seen = new HashSet<Operation>();
            foreach (var op in ops)
                if (seen.Add(op)) into.Add(_resendable(op));
        }
    }
}
