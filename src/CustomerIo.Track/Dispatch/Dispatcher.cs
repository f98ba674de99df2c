using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Transport;

namespace CustomerIo.Track.Dispatch
{
    /// <summary>
    /// Sends the Operations of one cmdlet invocation. Up to ThrottleLimit requests run at once, but
    /// never two about the same entity, and an entity's requests start in input order (retries
    /// included). Operations are packed into v2 batches where the mode allows. Outcomes are queued
    /// for the pipeline thread, which alone writes to the pipeline.
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
        private readonly TrackTransport _transport;
        private readonly BatchMode _mode;
        private readonly int _throttle;
        private readonly int _pendingLimit;
        // _cancel halts the run (nothing more starts); _abort gives up on requests already on the wire.
        private readonly CancellationToken _cancel;
        private readonly CancellationTokenSource _abort = new CancellationTokenSource();
        private readonly IRequestLog _log;
        // _openGate guards the open batch, _gate the scheduling state; always taken in that order.
        private readonly object _openGate = new object();
        private readonly object _gate = new object();
        private readonly LinkedList<WorkUnit> _pending = new LinkedList<WorkUnit>();
        private readonly Dictionary<string, int> _busyKeys = new Dictionary<string, int>();
        private readonly HashSet<WorkUnit> _running = new HashSet<WorkUnit>();
        private readonly ConcurrentQueue<Outcome> _outcomes = new ConcurrentQueue<Outcome>();
        private readonly SemaphoreSlim _signal = new SemaphoreSlim(0);
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly Timer _linger;
        private List<Operation> _open = new List<Operation>();
        private long _openBytes;
        private long _openSinceMs;
        private long _lastEnqueueMs;
        private int _inFlight;
        private volatile int _pendingCount;
        private volatile bool _completed;
        private int _requests;
        private volatile bool _anySucceeded;
        private bool _heldByUnauthorized; // guarded by _gate

        public Dispatcher(TrackTransport transport, BatchMode mode, int throttleLimit, CancellationToken cancel, IRequestLog log)
        {
            _transport = transport;
            _mode = mode;
            // A batch request carries up to 500 KB and thousands of rows that stay in memory until it is
            // answered: a few in flight already send faster than PowerShell reads rows, so batches use
            // at most MaxBatchesInFlight of the ThrottleLimit slots.
            _throttle = Math.Max(1, mode == BatchMode.Never ? throttleLimit : Math.Min(throttleLimit, MaxBatchesInFlight));
            _cancel = cancel;
            _log = log;
            // Waiting work is bounded so memory stays flat: a few singles per request slot, but only one
            // sealed batch (each holds thousands of input rows until it is answered).
            _pendingLimit = mode == BatchMode.Never ? Math.Max(4, _throttle * 2) : 1;
            // Auto: a batch that waits LingerMs for more records is sent as it is, so a slow pipeline
            // still sends. Always (Invoke-CioBatch) packs greedily: a batch goes when full or at the end.
            if (mode == BatchMode.Auto)
                _linger = new Timer(_ => SealIfLingering(), null, LingerMs, LingerMs);
        }

        /// <summary>HTTP requests started (a retried request counts once).</summary>
        public int Requests => Volatile.Read(ref _requests);

        /// <summary>
        /// Adds an operation (pipeline thread); false, adding nothing, while enough work waits that
        /// the pipeline thread should drain outcomes first (that keeps memory flat on any input).
        /// The open batch has its own lock, so a record costs no contention with the workers.
        /// </summary>
        public bool TryEnqueue(Operation op)
        {
            if (_pendingCount >= _pendingLimit) return false;
            if (_completed) throw new InvalidOperationException("The dispatcher was completed.");
            bool batchable = _mode != BatchMode.Never && op.BatchItem != null && BatchPacker.ItemFits(op.BatchItem.Length);
            lock (_openGate)
            {
                if (!batchable)
                {
                    // The open batch goes first: it holds earlier records, perhaps of the same entity.
                    var before = SealOpenBatch();
                    var single = new WorkUnit(new List<Operation> { op }, false);
                    lock (_gate)
                    {
                        if (before != null) AddUnit(before);
                        AddUnit(single);
                        Pump();
                    }
                    return true;
                }
                if (_open.Count > 0 && ((_mode == BatchMode.Auto && _open.Count >= AutoBatchMaxItems) || !BatchPacker.CanAdd(_openBytes, _open.Count, op.BatchItem.Length)))
                {
                    var full = SealOpenBatch();
                    lock (_gate)
                    {
                        AddUnit(full);
                        Pump();
                    }
                }
                long now = _clock.ElapsedMilliseconds;
                Volatile.Write(ref _lastEnqueueMs, now);
                if (_open.Count == 0) _openSinceMs = now;
                _openBytes = BatchPacker.Add(_openBytes, _open.Count, op.BatchItem.Length);
                _open.Add(op);
                // While records stream, this thread sends a batch that has waited long enough itself, or
                // one big enough that a request is ready to carry it now.
                if (_mode == BatchMode.Auto && (now - _openSinceMs >= LingerMs || (_open.Count >= EagerBatchItems && CanStartNow())))
                {
                    var ready = SealOpenBatch();
                    lock (_gate)
                    {
                        AddUnit(ready);
                        Pump();
                    }
                }
                return true;
            }
        }

        /// <summary>No more operations will come: send what is open (pipeline thread).</summary>
        public void Complete()
        {
            lock (_openGate)
            {
                _completed = true;
                var last = SealOpenBatch();
                lock (_gate)
                {
                    if (last != null) AddUnit(last);
                    Pump();
                }
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
                lock (_gate)
                    return _completed && _open.Count == 0 && _pending.Count == 0 && _inFlight == 0 && _outcomes.IsEmpty;
            }
        }

        /// <summary>After a stop: operations that were never started, in input order.</summary>
        public List<Operation> TakeUnsent()
        {
            lock (_openGate)
            lock (_gate)
            {
                var unsent = new List<Operation>();
                foreach (var unit in _pending) unsent.AddRange(unit.Operations);
                unsent.AddRange(_open);
                _pending.Clear();
                _pendingCount = 0;
                _open = new List<Operation>();
                _openBytes = 0;
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
            lock (_gate)
            {
                var ops = new List<Operation>();
                foreach (var unit in _running) unit.CollectUnanswered(ops);
                ops.Sort((a, b) => a.RecordNumber.CompareTo(b.RecordNumber));
                return ops;
            }
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
            while (Volatile.Read(ref _inFlight) > 0)
            {
                if (waited.Elapsed >= timeout) return false;
                Thread.Sleep(10);
            }
            return true;
        }

        // A request could start at once: a free slot, nothing sealed waiting, and a token of the rate limit.
        private bool CanStartNow() =>
            Volatile.Read(ref _inFlight) < _throttle && _pendingCount == 0 && _transport.Limiter.HasToken;

        // The timer only covers a pipeline that went quiet (a slow source): while records stream, the
        // pipeline thread seals aged batches itself, so the timer never holds the lock it needs.
        private void SealIfLingering()
        {
            if (_clock.ElapsedMilliseconds - Volatile.Read(ref _lastEnqueueMs) < LingerMs) return;
            lock (_openGate)
            {
                if (_open.Count == 0 || _clock.ElapsedMilliseconds - _openSinceMs < LingerMs) return;
                var unit = SealOpenBatch();
                lock (_gate)
                {
                    AddUnit(unit);
                    Pump();
                }
            }
        }

        /// <summary>Takes the open batch as a unit to add (caller holds _openGate), or null when it is empty.</summary>
        private WorkUnit SealOpenBatch()
        {
            if (_open.Count == 0) return null;
            var ops = _open;
            _open = new List<Operation>();
            _openBytes = 0;
            // A batch of one is the same record as its single request; in Auto mode send it that way.
            bool asBatch = _mode == BatchMode.Always || ops.Count > 1 || ops[0].Method == null;
            return new WorkUnit(ops, asBatch);
        }

        // Caller holds _gate.
        private void AddUnit(WorkUnit unit)
        {
            _pending.AddLast(unit);
            _pendingCount = _pending.Count;
        }

        // Starts what may start: in order, skipping units whose entities are busy or wait behind an earlier unit.
        private void Pump()
        {
            if (_cancel.IsCancellationRequested || _heldByUnauthorized) return;
            HashSet<string> blocked = null;
            var node = _pending.First;
            while (node != null && _inFlight < _throttle)
            {
                var next = node.Next;
                var unit = node.Value;
                bool conflict = false;
                foreach (var key in unit.Keys)
                    if (_busyKeys.ContainsKey(key) || (blocked != null && blocked.Contains(key))) { conflict = true; break; }
                if (conflict)
                {
                    if (blocked == null) blocked = new HashSet<string>();
                    blocked.UnionWith(unit.Keys);
                }
                else
                {
                    _pending.Remove(node);
                    _pendingCount = _pending.Count;
                    foreach (var key in unit.Keys) _busyKeys[key] = _busyKeys.TryGetValue(key, out int n) ? n + 1 : 1;
                    _inFlight++;
                    _running.Add(unit);
                    // Its token is taken now if there is one, so that CanStartNow does not count it again
                    // before the request gets round to it.
                    bool tokenTaken = _transport.Limiter.TryTake();
                    Task.Run(() => RunAsync(unit, tokenTaken));
                }
                node = next;
            }
        }

        private async Task RunAsync(WorkUnit unit, bool tokenTaken)
        {
            try
            {
                if (unit.IsBatch) await SendBatchAsync(unit, unit.Operations, tokenTaken).ConfigureAwait(false);
                else await SendSingleAsync(unit, unit.Operations[0], tokenTaken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // A bug here must not lose records: report each as failed.
                var unanswered = new List<Operation>();
                unit.CollectUnanswered(unanswered);
                foreach (var op in unanswered)
                    Post(unit, new Outcome
                    {
                        Operation = op, ErrorId = "CioInternalError", Category = System.Management.Automation.ErrorCategory.NotSpecified,
                        Message = "Internal error while sending: " + ex.Message, Exception = ex,
                    });
            }
            finally
            {
                lock (_gate)
                {
                    foreach (var key in unit.Keys)
                        if (_busyKeys.TryGetValue(key, out int n) && n > 1) _busyKeys[key] = n - 1; else _busyKeys.Remove(key);
                    _inFlight--;
                    _running.Remove(unit);
                    Pump();
                }
                _signal.Release();
            }
        }

        private async Task SendSingleAsync(WorkUnit unit, Operation op, bool tokenTaken)
        {
            Interlocked.Increment(ref _requests);
            var response = await _transport.SendAsync(op.Method, op.Path, RequestBody.FromBytes(op.Body), _cancel, _abort.Token, _log, tokenTaken).ConfigureAwait(false);
            Post(unit, response.IsSuccess
                ? Outcome.Success(op, response, op.Request, false)
                : Outcome.Failure(op, response, op.Request, false));
        }

        private async Task SendBatchAsync(WorkUnit unit, List<Operation> ops, bool tokenTaken)
        {
            const string request = "POST /api/v2/batch";
            Interlocked.Increment(ref _requests);
            var response = await _transport.SendAsync("POST", "/api/v2/batch", BatchPacker.Body(ops), _cancel, _abort.Token, _log, tokenTaken).ConfigureAwait(false);
            if (response.Status == 207)
            {
                await BatchAnswer.SettleAsync(ops, response, o => Post(unit, o), group => SendBatchAsync(unit, group, tokenTaken: false), _log).ConfigureAwait(false);
            }
            else if (response.IsSuccess)
            {
                Post(unit, Outcome.BatchSuccess(ops, response));
            }
            else if (response.Status == 400 && ops.Count > 1)
            {
                // The whole request was refused as malformed: halve it until the bad items stand alone.
                _log?.Verbose($"{request}: 400 for {ops.Count} items; splitting to isolate the bad ones");
                int half = ops.Count / 2;
                await SendBatchAsync(unit, ops.GetRange(0, half), tokenTaken: false).ConfigureAwait(false);
                await SendBatchAsync(unit, ops.GetRange(half, ops.Count - half), tokenTaken: false).ConfigureAwait(false);
            }
            else
            {
                foreach (var op in ops) Post(unit, Outcome.Failure(op, response, request, true));
            }
        }

        private void Post(WorkUnit unit, Outcome outcome)
        {
            unit.MarkAnswered(outcome);
            if (!_anySucceeded) NoteCredentials(outcome);
            _outcomes.Enqueue(outcome);
            _signal.Release();
        }

        // Until something succeeds, a 401 means the key is wrong and the cmdlet will stop the run: start
        // nothing more meanwhile (the message says nothing more was sent). A success seen later (another
        // request of the same run) means the 401 was about that record alone: go on.
        private void NoteCredentials(Outcome outcome)
        {
            lock (_gate)
            {
                if (outcome.Succeeded)
                {
                    _anySucceeded = true;
                    if (_heldByUnauthorized) { _heldByUnauthorized = false; Pump(); }
                }
                else if (outcome.ErrorId == "CioUnauthorized" && !_anySucceeded) _heldByUnauthorized = true;
            }
        }

        public void Dispose()
        {
            _linger?.Dispose();
        }
    }
}
