using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
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
    public abstract partial class CioRecordCmdlet : CioConnectedCmdlet, IDisposable
    {
        private const int ProgressActivityId = 0x0C10;
        private CioConnection _connection;
        private Dispatcher _dispatcher;
        private PipelineLog _log;
        private readonly Stopwatch _clock = new Stopwatch();
        private TimeSpan _lastProgress;
        private bool _progressShown;
        private readonly RunLedger _ledger;
        private bool _whatIf;
        private bool _mustAsk;
        private int _endingEarly;
        private readonly ManualResetEventSlim _endedEarly = new ManualResetEventSlim(false);

        protected CioRecordCmdlet() { _ledger = new RunLedger(Resendable); }

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
        protected long RecordNumber => _ledger.Records;

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
        private protected void NoteNotSentAfterStop(object input) => _ledger.NoteNotSent(input);

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _clock.Start();
            _whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out object w) && LanguagePrimitives.IsTrue(w);
            _mustAsk = ShouldProcessMatters();
            if (!EmitsOperations && !_whatIf) _connection = RequireConnection();
        }

        /// <summary>
        /// True when one pipeline input holds many records (a file Import-CioCustomer reads): ProcessInput
        /// then reads them and hands each to ProcessEach, which counts it as a piped record is counted.
        /// </summary>
        private protected virtual bool InputHoldsRecords => false;

        protected sealed override void ProcessRecord()
        {
            if (InputHoldsRecords) { ProcessInput(); Drain(); }
            else ProcessEach(ProcessInput);
        }

        /// <summary>One record: counted, built (build Submits it), refused with one error when invalid; then what came back is written.</summary>
        private protected void ProcessEach(Action build)
        {
            _ledger.CountRead();
            _recordName = null;
            _recordAction = null;
            try { build(); }
            catch (RecordValidationException ex) { ReportInvalid(ex, CurrentInput, _recordName, _recordAction); }
            Drain();
        }

        private string _recordName, _recordAction;

        /// <summary>
        /// How the current record's errors name it ('cust-1'; and the action, for -PassThru), once the
        /// cmdlet knows: a rule broken after this is reported by the base with that name, so cmdlets
        /// need no catch of their own. Blank names none.
        /// </summary>
        private protected void NameRecord(string identifier, string action = null)
        {
            _recordName = string.IsNullOrWhiteSpace(identifier) ? null : identifier;
            _recordAction = action;
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
                if (!_ledger.IsClosed) _dispatcher.AbandonInFlight(answerWait);
                Finish(stopped: true);
            }
            finally { _endedEarly.Set(); }
        }

        /// <summary>Validates nothing more (the Operation is valid by construction) and sends or emits it.</summary>
        private protected void Submit(Operation op)
        {
            op = op.Numbered(_ledger.Records);
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
            _ledger.CountSubmitted();
        }

        private void NoteNotSent(Operation op) => _ledger.NoteNotSent(op);

        private void EnsureDispatcher()
        {
            if (_dispatcher != null) return;
            if (_connection == null) _connection = RequireConnection();
            _log = new PipelineLog(IsStreamEnabled("Verbose", "VerbosePreference"), IsStreamEnabled("Debug", "DebugPreference"));
            _dispatcher = new Dispatcher(_connection.Transport, Batching, ThrottleLimit, StopToken, _log);
            var run = new CioRunSummary { Command = MyInvocation.MyCommand.Name, StartedAt = DateTimeOffset.Now };
            _ledger.Open(run, _dispatcher);
            _connection.LastRun = run;
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
    }
}
