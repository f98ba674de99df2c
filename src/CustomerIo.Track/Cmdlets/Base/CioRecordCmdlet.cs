using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using System.Text;
using System.Threading;
using CustomerIo.Track.Connection;
using CustomerIo.Track.Dispatch;
using CustomerIo.Track.Json;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Results;

namespace CustomerIo.Track.Cmdlets.Base
{
    /// <summary>
    /// The request pipeline of every record cmdlet: a derived cmdlet binds parameters, builds an
    /// Operation and calls Submit. This class validates (errors name the record), asks ShouldProcess,
    /// hands the Operation to a Dispatcher, and writes outcomes, progress and the summary, always
    /// on the pipeline thread.
    /// </summary>
    public abstract class CioRecordCmdlet : CioConnectedCmdlet, IDisposable
    {
        private const int ProgressActivityId = 0x0C10;
        private CioConnection _connection;
        private Dispatcher _dispatcher;
        private PipelineLog _log;
        private readonly Stopwatch _clock = new Stopwatch();
        private TimeSpan _lastProgress;
        private bool _progressShown;
        private long _records, _submitted, _answered, _succeeded, _failed;
        private CioRunSummary _run;
        private bool _whatIf;
        private bool _mustAsk;
        private int _finished;
        private int _endingEarly;
        private readonly ManualResetEventSlim _endedEarly = new ManualResetEventSlim(false);
        private readonly object _accounting = new object();
        private readonly List<Operation> _heldBack = new List<Operation>();

        /// <summary>Emit one result per record (identifier, action, status, attempts, elapsed).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>How many requests may be in flight at once for this call.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 10;

        /// <summary>How this cmdlet may use v2 batches.</summary>
        internal virtual BatchMode Batching => BatchMode.Never;

        /// <summary>True when the cmdlet emits operations instead of sending (-AsOperation).</summary>
        protected virtual bool EmitsOperations => false;

        /// <summary>The record being processed (the TargetObject of its errors).</summary>
        protected abstract object CurrentInput { get; }

        /// <summary>Turn the current pipeline input into operations and Submit them.</summary>
        protected abstract void ProcessInput();

        /// <summary>Called once input ends, before waiting for what is in flight (aggregating cmdlets submit here).</summary>
        protected virtual void EndInput() { }

        /// <summary>Position of the current record in this call's input (1-based).</summary>
        protected long RecordNumber => _records;

        /// <summary>
        /// Records read but not handed over yet (an aggregating cmdlet's partial requests), taken when a
        /// stop ends the run: they are listed in LastRun.NotSent. Called on the stopping thread.
        /// </summary>
        private protected virtual List<object> TakeHeldInputs() => null;

        /// <summary>
        /// Starts the run's accounting (LastRun) before anything is submitted, for a cmdlet that holds
        /// records before it sends them; the first Submit does it otherwise.
        /// </summary>
        private protected void BeginRun()
        {
            if (!_whatIf && !EmitsOperations) EnsureDispatcher();
        }

        /// <summary>A record read after the run was stopped and its accounting closed: it was not sent.</summary>
        private protected void NoteNotSentAfterStop(object input)
        {
            lock (_accounting) _run?.NotSent.Add(input);
        }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _clock.Start();
            _whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out object w) && LanguagePrimitives.IsTrue(w);
            _mustAsk = ShouldProcessMatters();
            if (!EmitsOperations && !_whatIf) _connection = RequireConnection();
        }

        protected sealed override void ProcessRecord()
        {
            _records++;
            try { ProcessInput(); }
            catch (RecordValidationException ex) { ReportInvalid(ex, CurrentInput, null); }
            Drain();
        }

        protected sealed override void EndProcessing()
        {
            try { EndInput(); }
            catch (RecordValidationException ex) { ReportInvalid(ex, CurrentInput, null); }
            if (_dispatcher == null) return;
            _dispatcher.Complete();
            while (!_dispatcher.IsFinished && !StopRequested)
            {
                _dispatcher.WaitForActivity(TimeSpan.FromMilliseconds(200));
                Drain();
            }
            Drain();
            if (StopRequested) EndEarly(); // the stopping thread may still be waiting for answers: LastRun is final after this
            else Finish(stopped: false);
        }

        protected override void StopProcessing() => EndEarly();

        /// <summary>
        /// PowerShell disposes a cmdlet when its pipeline ends, however it ends. A stop does not always
        /// reach StopProcessing: in a script or a function the inner pipeline may unwind from another of
        /// its commands first (about one Ctrl+C in five while an upstream command was busy). A run still
        /// open here ended early: nothing more is sent, and LastRun says what was and was not sent.
        /// </summary>
        public void Dispose() => EndEarly();

        // Ctrl+C, a fatal 401, or a pipeline that ended without EndProcessing: nothing more starts, and the
        // requests on the wire get up to the connection's timeout to be answered, so that what the service
        // answered is known (Unconfirmed holds only what it did not answer in time). The pipeline cannot
        // be written to any more, so every record's fate goes into LastRun. Runs once; a second caller
        // (the pipeline thread's Dispose while Ctrl+C's thread waits) waits for it. A finished run stays as it is.
        private void EndEarly()
        {
            TimeSpan answerWait = TimeSpan.FromSeconds(_connection?.TimeoutSec ?? 0);
            if (Interlocked.Exchange(ref _endingEarly, 1) != 0)
            {
                _endedEarly.Wait(answerWait + TimeSpan.FromSeconds(5));
                return;
            }
            try
            {
                CancelWork();
                if (_dispatcher == null) return;
                if (_finished == 0) _dispatcher.AbandonInFlight(answerWait);
                Finish(stopped: true);
            }
            finally { _endedEarly.Set(); }
        }

        /// <summary>Validates nothing more (the Operation is valid by construction) and sends or emits it.</summary>
        private protected void Submit(Operation op)
        {
            op.RecordNumber = _records;
            if (EmitsOperations)
            {
                if (op.BatchItem == null)
                    throw new RecordValidationException("AsOperation", $"{op.Action} has no v2 form; send it without -AsOperation.", "NoV2Form");
                if (!BatchPacker.ItemFits(op.BatchItem.Length))
                    throw new RecordValidationException("batch item",
                        $"The v2 operation is {op.BatchItem.Length} bytes; a batch item may be at most {Limits.BatchItemBytes} bytes.", "BatchItemTooLarge");
                WriteObject(OperationView.Create(op));
                return;
            }
            if (_mustAsk && !ShouldProcess(op.Target, Describe(op, _whatIf))) return;
            EnsureDispatcher();
            bool enqueued = false;
            while (!StopRequested && !(enqueued = _dispatcher.TryEnqueue(op)))
            {
                _dispatcher.WaitForActivity(TimeSpan.FromMilliseconds(100));
                try { Drain(); }
                catch (PipelineStoppedException) { NoteNotSent(op); throw; } // a write met the stop
            }
            if (StopRequested)
            {
                // Stopped while this record was handed over: it, and anything queued after the stop took
                // stock, would otherwise be in no list.
                if (!enqueued) NoteNotSent(op);
                foreach (var late in _dispatcher.TakeUnsent()) NoteNotSent(late);
                return;
            }
            _submitted++;
        }

        // A record read but never handed over because the run was stopped.
        private void NoteNotSent(Operation op)
        {
            lock (_accounting)
            {
                if (_finished != 0) _run.NotSent.Add(Resendable(op));
                else _heldBack.Add(op);
            }
        }

        /// <summary>
        /// Would ShouldProcess do anything in this call (-WhatIf, a confirmation, or its verbose line)?
        /// When not, it answers yes to every record, and asking it per record is half a record's cost.
        /// </summary>
        private bool ShouldProcessMatters()
        {
            if (_whatIf || LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"))) return true;
            if (IsStreamEnabled("Verbose", "VerbosePreference")) return true;
            if (MyInvocation.BoundParameters.TryGetValue("Confirm", out object confirm)) return LanguagePrimitives.IsTrue(confirm);
            var cmdlet = (CmdletAttribute)Attribute.GetCustomAttribute(GetType(), typeof(CmdletAttribute));
            if (cmdlet == null || !cmdlet.SupportsShouldProcess) return false;
            object preference = GetVariableValue("ConfirmPreference");
            if (preference == null || !LanguagePrimitives.TryConvertTo(preference, out ConfirmImpact threshold)) threshold = ConfirmImpact.High;
            return threshold != ConfirmImpact.None && cmdlet.ConfirmImpact >= threshold;
        }

        /// <summary>Reports a record refused before sending; nothing of it is sent.</summary>
        protected void ReportInvalid(RecordValidationException ex, object input, string identifier, string action = null)
        {
            _failed++;
            string who = identifier != null ? $" ('{identifier}')" : "";
            var wrapped = new RecordValidationException(ex.Field, $"Record {_records}{who}: {ex.Message} Nothing of this record was sent.", ex.ErrorId);
            WriteError(Error(wrapped, ex.ErrorId, ErrorCategory.InvalidData, input));
            if (PassThru)
                WriteObject(new CioResult { Record = _records, Identifier = identifier, Action = action, Succeeded = false, Error = ex.Message, InputObject = input });
        }

        private void EnsureDispatcher()
        {
            if (_dispatcher != null) return;
            if (_connection == null) _connection = RequireConnection();
            _log = new PipelineLog(IsStreamEnabled("Verbose", "VerbosePreference"), IsStreamEnabled("Debug", "DebugPreference"));
            _dispatcher = new Dispatcher(_connection.Transport, Batching, ThrottleLimit, StopToken, _log);
            _run = new CioRunSummary { Command = MyInvocation.MyCommand.Name, StartedAt = DateTimeOffset.Now };
            _connection.LastRun = _run;
        }

        /// <summary>Writes what workers produced: results, errors, log lines, progress.</summary>
        protected void Drain()
        {
            if (_dispatcher == null || StopRequested) return; // stopping: nothing more is written
            while (_log.TryTake(out bool debug, out string text))
            {
                if (debug) WriteDebug(text); else WriteVerbose(text);
            }
            while (true)
            {
                Outcome outcome;
                lock (_accounting)
                {
                    // Once the run is finished (stopped) its summary is final; later answers are its Unconfirmed.
                    if (_finished != 0 || !_dispatcher.TryTakeOutcome(out outcome)) break;
                    Count(outcome);
                }
                Write(outcome);
            }
            UpdateProgress();
        }

        // Caller holds _accounting.
        private void Count(Outcome o)
        {
            if (o.Cancelled) return; // no answer: unconfirmed, counted by Finish
            _answered += o.Count;
            if (o.Succeeded) _succeeded += o.Count;
            else _failed += o.Count;
        }

        private void Write(Outcome o)
        {
            if (!o.Succeeded)
            {
                if (o.Cancelled) return;
                var op = o.Operation;
                string message = $"Record {op.RecordNumber} ({op.Action} {op.Target}): {o.Message}";
                var exception = new CioRequestException(message, o.Status, o.Request, o.Exception);
                if (o.ErrorId == "CioUnauthorized" && _succeeded == 0)
                {
                    // Bad credentials: every later record would fail the same way.
                    EndEarly();
                    ThrowTerminatingError(Error(
                        new CioRequestException($"Customer.io refused the credentials of site '{_connection.SiteId}' ({o.Message}). Nothing more was sent.", 401, o.Request),
                        "CioUnauthorized", ErrorCategory.AuthenticationError, op.InputObject,
                        "Check the Site ID and the Track API key (Settings > API Credentials), then run Connect-CioTrack again."));
                }
                WriteError(Error(exception, o.ErrorId, o.Category, op.InputObject));
            }
            if (!PassThru) return;
            if (o.Operations == null) WriteObject(Result(o, o.Operation));
            else foreach (var op in o.Operations) WriteObject(Result(o, op));
        }

        private static CioResult Result(Outcome o, Operation op) => new CioResult
        {
            Record = op.RecordNumber, EntityType = op.EntityType, Identifier = op.Identifier,
            Action = op.Action, Succeeded = o.Succeeded, StatusCode = o.Status, Request = o.Request,
            Batched = o.Batched, Attempts = o.Attempts, Elapsed = o.Elapsed,
            Error = o.Succeeded ? null : o.Message, InputObject = op.InputObject,
        };

        private void UpdateProgress()
        {
            var now = _clock.Elapsed;
            if (now < TimeSpan.FromSeconds(1) || now - _lastProgress < TimeSpan.FromMilliseconds(250)) return;
            _lastProgress = now;
            _progressShown = true;
            long done = _succeeded + _failed;
            double rate = done / Math.Max(now.TotalSeconds, 0.001);
            WriteProgress(new ProgressRecord(ProgressActivityId, "Sending to Customer.io",
                $"{_succeeded} sent, {_failed} failed, {_submitted - _answered} in progress, {_records} read, {rate:0} records/s"));
        }

        // Runs once: on the pipeline thread at the end, or from EndEarly after a stop (or a fatal 401).
        // After a stop every record read is in exactly one place: Succeeded + Failed + NotSent +
        // Unconfirmed = Records, and the Failed ones whose errors could not be written are in Refused.
        private void Finish(bool stopped)
        {
            var run = _run;
            if (run == null) return;
            lock (_accounting)
            {
                if (_finished != 0) return;
                _finished = 1;
                if (stopped)
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
                    var held = TakeHeldInputs();
                    if (held != null) foreach (var input in held) run.NotSent.Add(input);
                    AddInputs(run.Refused, refused);
                    AddInputs(run.Unconfirmed, unconfirmed);
                }
                run.Stopped = stopped;
                run.Records = _records;
                run.Succeeded = _succeeded;
                run.Failed = _failed;
                run.Requests = _dispatcher.Requests;
                run.Duration = _clock.Elapsed;
            }
            _dispatcher.Dispose();
            if (stopped) return; // the pipeline is stopping: no more writes
            if (_progressShown)
                WriteProgress(new ProgressRecord(ProgressActivityId, "Sending to Customer.io", "Done") { RecordType = ProgressRecordType.Completed });
            WriteVerbose($"{run.Command}: {_records} records, {_succeeded} succeeded, {_failed} failed, " +
                $"{run.Requests} requests in {run.Duration.TotalSeconds:0.00} s ({_records / Math.Max(run.Duration.TotalSeconds, 0.001):0} records/s).");
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
                if (seen.Add(op)) into.Add(Resendable(op));
        }

        // What LastRun lists for a record: what was piped in, so that it can be piped back. A record
        // given by parameters (Set-CioCustomer -Id x) has no input object, so it is listed as something
        // that sends it again: its v2 item as -AsOperation shows it (pipe it to Invoke-CioBatch), or,
        // for a request with no v2 form, the parameters it was given (pipe it back to the same cmdlet).
        private object Resendable(Operation op)
        {
            if (op.InputObject != null) return op.InputObject;
            if (op.BatchItem != null) return OperationView.Create(op);
            return BoundParameters.Of(MyInvocation.BoundParameters);
        }

        // Under -WhatIf the body is shown too: it is what would be sent.
        private static string Describe(Operation op, bool withBody)
        {
            var sb = new StringBuilder(op.Action).Append(" (").Append(op.Request);
            if (withBody && op.Body != null)
            {
                string body = Encoding.UTF8.GetString(op.Body);
                sb.Append(' ').Append(body.Length > 300 ? body.Substring(0, 300) + "..." : body);
            }
            return sb.Append(')').ToString();
        }
    }
}
