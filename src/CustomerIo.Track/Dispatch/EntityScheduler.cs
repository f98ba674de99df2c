using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Transport;

namespace CustomerIo.Track.Dispatch
{
    /// <summary>
    /// Starts waiting work units: in input order, up to the throttle at once, never two touching one
    /// entity (a unit waits behind an earlier unit about the same entity, so an entity's requests start
    /// in input order), and nothing while a stop or a credential hold is on.
    /// </summary>
    internal sealed class EntityScheduler
    {
        private readonly object _gate = new object();
        private readonly LinkedList<WorkUnit> _pending = new LinkedList<WorkUnit>();
        private readonly Dictionary<string, int> _busyKeys = new Dictionary<string, int>();
        private readonly HashSet<WorkUnit> _running = new HashSet<WorkUnit>();
        private readonly CredentialHold _hold = new CredentialHold();
        private readonly int _throttle;
        private readonly RateLimiter _limiter;
        private readonly CancellationToken _cancel;
        private readonly Func<WorkUnit, bool, Task> _run;
        private readonly Action _finished;
        private int _inFlight;
        private volatile int _pendingCount;

        /// <param name="run">Sends a unit (on a worker); its bool says the rate limit's token is already taken.</param>
        /// <param name="finished">Called after each unit is done (to wake the pipeline thread).</param>
        public EntityScheduler(int throttle, RateLimiter limiter, CancellationToken cancel, Func<WorkUnit, bool, Task> run, Action finished)
        {
            _throttle = throttle;
            _limiter = limiter;
            _cancel = cancel;
            _run = run;
            _finished = finished;
        }

        /// <summary>Units waiting to start.</summary>
        public int PendingCount => _pendingCount;

        public int InFlight => Volatile.Read(ref _inFlight);

        /// <summary>A request could start at once: a free slot, nothing waiting, and a token of the rate limit.</summary>
        public bool CanStartNow => InFlight < _throttle && _pendingCount == 0 && _limiter.HasToken;

        /// <summary>Adds units (null ones are skipped) behind those waiting, and starts what may start.</summary>
        public void Add(WorkUnit first, WorkUnit second = null)
        {
            lock (_gate)
            {
                if (first != null) _pending.AddLast(first);
                if (second != null) _pending.AddLast(second);
                _pendingCount = _pending.Count;
                Pump();
            }
        }

        /// <summary>Nothing waits and nothing runs.</summary>
        public bool IsIdle
        {
            get { lock (_gate) return _pending.Count == 0 && _inFlight == 0; }
        }

        /// <summary>After a stop: the operations of the units that never started, in input order.</summary>
        public List<Operation> TakePending()
        {
            lock (_gate)
            {
                var ops = new List<Operation>();
                foreach (var unit in _pending) ops.AddRange(unit.Operations);
                _pending.Clear();
                _pendingCount = 0;
                return ops;
            }
        }

        /// <summary>The operations of running units that no outcome has answered yet.</summary>
        public List<Operation> Unanswered()
        {
            lock (_gate)
            {
                var ops = new List<Operation>();
                foreach (var unit in _running) unit.CollectUnanswered(ops);
                return ops;
            }
        }

        /// <summary>Notes an outcome for the credential hold (a worker); a released hold starts what waits.</summary>
        public void NoteOutcome(Outcome outcome)
        {
            if (_hold.Settled) return;
            lock (_gate)
                if (_hold.Note(outcome)) Pump();
        }

        // Caller holds _gate. Starts what may start: in order, skipping units whose entities are busy or
        // wait behind an earlier unit.
        private void Pump()
        {
            if (_cancel.IsCancellationRequested || _hold.IsHeld) return;
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
                else Start(node);
                node = next;
            }
        }

        // Caller holds _gate.
        private void Start(LinkedListNode<WorkUnit> node)
        {
            var unit = node.Value;
            _pending.Remove(node);
            _pendingCount = _pending.Count;
            foreach (var key in unit.Keys) _busyKeys[key] = _busyKeys.TryGetValue(key, out int n) ? n + 1 : 1;
            _inFlight++;
            _running.Add(unit);
            // Its token is taken now if there is one, so that CanStartNow does not count it again before
            // the request gets round to it.
            bool tokenTaken = _limiter.TryTake();
            Task.Run(async () =>
            {
                try { await _run(unit, tokenTaken).ConfigureAwait(false); }
                finally { Finish(unit); }
            });
        }

        private void Finish(WorkUnit unit)
        {
            lock (_gate)
            {
                foreach (var key in unit.Keys)
                    if (_busyKeys.TryGetValue(key, out int n) && n > 1) _busyKeys[key] = n - 1; else _busyKeys.Remove(key);
                _inFlight--;
                _running.Remove(unit);
                Pump();
            }
            _finished();
        }
    }
}
