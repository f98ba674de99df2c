using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Transport;

namespace CustomerIo.Track.Dispatch
{
    /// <summary>
    /// Sends the Operations of one cmdlet invocation. Up to ThrottleLimit requests run at once, but
    /// never two about the same entity, and an entity's requests start in input order (retries
    /// included). Operations are packed into v2 batches where the mode allows. Outcomes are queued
    /// for the pipeline thread, which alone writes to the pipeline.
    /// The parts: <see cref="OpenBatch"/> fills a batch, <see cref="EntityScheduler"/> starts units,
    /// <see cref="RequestRunner"/> sends them and turns answers into outcomes.
    /// </summary>
    internal sealed class Dispatcher : IDisposable
    {
        private const int LingerMs = 100;
        private const int MaxBatchesInFlight = 2;
        // Auto batching sends a batch as soon as it holds this many records and a request could start
        // now (a free slot and a token of the rate limit); until then it keeps growing (see
        // AutoBatchMaxItems). Every row of a batch stays in memory until the batch is answered (it is the
        // TargetObject of any error): small batches answered quickly let rows die young, where a full
        // batch of thousands of rows would outlive collections and cost more in GC than in HTTP. When
        // the rate limit or the service is the bottleneck, batches grow and requests carry more.
        private const int EagerBatchItems = 500;
        // ...and grows to at most this many records (or 500,000 bytes): enough for 150,000 records/s at
        // 100 requests/s, while a stalled service cannot make each waiting batch hold thousands of rows.
        private const int AutoBatchMaxItems = 1500;
        private readonly BatchMode _mode;
        private readonly int _pendingLimit;
        private readonly CancellationToken _cancel;
        // _cancel halts the run (nothing more starts); _abort gives up on requests already on the wire.
        private readonly CancellationTokenSource _abort = new CancellationTokenSource();
        // Guards the open batch; taken before the scheduler's own lock, never after.
        private readonly object _openGate = new object();
        private readonly OpenBatch _open = new OpenBatch();
        private readonly EntityScheduler _scheduler;
        private readonly RequestRunner _runner;
        private readonly ConcurrentQueue<Outcome> _outcomes = new ConcurrentQueue<Outcome>();
        private readonly SemaphoreSlim _signal = new SemaphoreSlim(0);
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly Timer _linger;
        private long _lastEnqueueMs;
        private volatile bool _completed;

        public Dispatcher(TrackTransport transport, BatchMode mode, int throttleLimit, CancellationToken cancel, IRequestLog log)
        {
            _mode = mode;
            _cancel = cancel;
            // A batch request carries up to 500 KB and thousands of rows that stay in memory until it is
            // answered: a few in flight already send faster than PowerShell reads rows, so batches use
            // at most MaxBatchesInFlight of the ThrottleLimit slots.
            int throttle = Math.Max(1, mode == BatchMode.Never ? throttleLimit : Math.Min(throttleLimit, MaxBatchesInFlight));
            // Waiting work is bounded so memory stays flat: a few singles per request slot, but only one
            // sealed batch (each holds thousands of input rows until it is answered).
            _pendingLimit = mode == BatchMode.Never ? Math.Max(4, throttle * 2) : 1;
            _runner = new RequestRunner(transport, cancel, _abort.Token, log, Post);
            _scheduler = new EntityScheduler(throttle, transport.Limiter, cancel, _runner.RunAsync, () => _signal.Release());
            // Auto: a batch that waits LingerMs for more records is sent as it is, so a slow pipeline
            // still sends. Always (Invoke-CioBatch) packs greedily: a batch goes when full or at the end.
            if (mode == BatchMode.Auto)
                _linger = new Timer(_ => SealIfLingering(), null, LingerMs, LingerMs);
        }

        /// <summary>HTTP requests started (a retried request counts once).</summary>
        public int Requests => _runner.Requests;

        /// <summary>
        /// Adds an operation (pipeline thread); false, adding nothing, while enough work waits that
        /// the pipeline thread should drain outcomes first (that keeps memory flat on any input).
        /// The open batch has its own lock, so a record costs no contention with the workers.
        /// </summary>
        public bool TryEnqueue(Operation op)
        {
            if (_scheduler.PendingCount >= _pendingLimit) return false;
            if (_completed) throw new InvalidOperationException("The dispatcher was completed.");
            bool batchable = _mode != BatchMode.Never && op.BatchItem != null && BatchPacker.ItemFits(op.BatchItem.Length);
            lock (_openGate)
            {
                if (!batchable)
                {
                    // The open batch goes first: it holds earlier records, perhaps of the same entity.
                    _scheduler.Add(_open.Seal(_mode), new WorkUnit(new List<Operation> { op }, false));
                    return true;
                }
                int maxItems = _mode == BatchMode.Auto ? AutoBatchMaxItems : int.MaxValue;
                if (_open.Count > 0 && !_open.CanAdd(op, maxItems)) _scheduler.Add(_open.Seal(_mode));
                long now = _clock.ElapsedMilliseconds;
                Volatile.Write(ref _lastEnqueueMs, now);
                _open.Add(op, now);
                // While records stream, this thread sends a batch that has waited long enough itself, or
                // one big enough that a request is ready to carry it now.
                if (_mode == BatchMode.Auto && (now - _open.OpenedAtMs >= LingerMs || (_open.Count >= EagerBatchItems && _scheduler.CanStartNow)))
                    _scheduler.Add(_open.Seal(_mode));
                return true;
            }
        }

        /// <summary>No more operations will come: send what is open (pipeline thread).</summary>
        public void Complete()
        {
            lock (_openGate)
            {
                _completed = true;
                _scheduler.Add(_open.Seal(_mode));
            }
            _signal.Release();
        }

        public bool TryTakeOutcome(out Outcome outcome) => _outcomes.TryDequeue(out outcome);

        /// <summary>Waits until an outcome arrives or the timeout passes.</summary>
        public void WaitForActivity(TimeSpan timeout)
        {
            try { _signal.Wait(timeout, _cancel); }
            catch (OperationCanceledException) { }
        }

        /// <summary>Everything sent (or given up on) and every outcome taken.</summary>
        public bool IsFinished
        {
            get
            {
                lock (_openGate)
                    return _completed && _open.Count == 0 && _scheduler.IsIdle && _outcomes.IsEmpty;
            }
        }

        /// <summary>After a stop: operations that were never started, in input order.</summary>
        public List<Operation> TakeUnsent()
        {
            lock (_openGate)
            {
                var unsent = _scheduler.TakePending();
                unsent.AddRange(_open.TakeAll());
                unsent.Sort((a, b) => a.RecordNumber.CompareTo(b.RecordNumber));
                return unsent;
            }
        }

        /// <summary>
        /// Operations whose requests are running and that no outcome has answered yet (after a stop and
        /// <see cref="AbandonInFlight"/>: the service may or may not have them).
        /// </summary>
        public List<Operation> InFlightOperations()
        {
            var ops = _scheduler.Unanswered();
            ops.Sort((a, b) => a.RecordNumber.CompareTo(b.RecordNumber));
            return ops;
        }

        /// <summary>
        /// After a stop (the cancellation token given to the constructor): waits up to
        /// <paramref name="answerWait"/> for the requests on the wire to be answered, then gives up on the
        /// rest and waits briefly for them to report. Nothing new starts meanwhile. Returns true when every
        /// request was answered in time.
        /// </summary>
        public bool AbandonInFlight(TimeSpan answerWait)
        {
            bool answered = WaitUntilIdle(answerWait);
            if (!answered)
            {
                _abort.Cancel();
                WaitUntilIdle(TimeSpan.FromSeconds(1));
            }
            return answered;
        }

        private bool WaitUntilIdle(TimeSpan timeout)
        {
            var waited = Stopwatch.StartNew();
            while (_scheduler.InFlight > 0)
            {
                if (waited.Elapsed >= timeout) return false;
                Thread.Sleep(10);
            }
            return true;
        }

        // The timer only covers a pipeline that went quiet (a slow source): while records stream, the
        // pipeline thread seals aged batches itself, so the timer never holds the lock it needs.
        private void SealIfLingering()
        {
            if (_clock.ElapsedMilliseconds - Volatile.Read(ref _lastEnqueueMs) < LingerMs) return;
            lock (_openGate)
            {
                if (_open.Count == 0 || _clock.ElapsedMilliseconds - _open.OpenedAtMs < LingerMs) return;
                _scheduler.Add(_open.Seal(_mode));
            }
        }

        // A worker: the outcome answers its operations in the unit, may lift or set the credential hold,
        // and is queued for the pipeline thread.
        private void Post(WorkUnit unit, Outcome outcome)
        {
            unit.MarkAnswered(outcome);
            _scheduler.NoteOutcome(outcome);
            _outcomes.Enqueue(outcome);
            _signal.Release();
        }

        public void Dispose()
        {
            _linger?.Dispose();
        }
    }
}
