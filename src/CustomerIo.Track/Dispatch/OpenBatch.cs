using System.Collections.Generic;
using CustomerIo.Track.Operations;

namespace CustomerIo.Track.Dispatch
{
    /// <summary>
    /// The v2 batch being filled: records join in input order until it is sealed into a WorkUnit.
    /// Not thread-safe: the dispatcher holds its open-batch lock around every call.
    /// </summary>
    internal sealed class OpenBatch
    {
        private List<Operation> _ops = new List<Operation>();
        private long _bytes;

        public int Count => _ops.Count;

        /// <summary>When (dispatcher clock, ms) the first record of this batch joined.</summary>
        public long OpenedAtMs { get; private set; }

        /// <summary>True when the item fits the batch's size limit (500,000 bytes) and at most maxItems records.</summary>
        public bool CanAdd(Operation op, int maxItems) =>
            _ops.Count < maxItems && BatchPacker.CanAdd(_bytes, _ops.Count, op.BatchItem.Length);

        public void Add(Operation op, long nowMs)
        {
            if (_ops.Count == 0) OpenedAtMs = nowMs;
            _bytes = BatchPacker.Add(_bytes, _ops.Count, op.BatchItem.Length);
            _ops.Add(op);
        }

        /// <summary>The batch as a unit to send (null when empty); a new batch opens.</summary>
        public WorkUnit Seal(BatchMode mode)
        {
            if (_ops.Count == 0) return null;
            var ops = TakeAll();
            // A batch of one is the same record as its single request; in Auto mode send it that way.
            bool asBatch = mode == BatchMode.Always || ops.Count > 1 || ops[0].Method == null;
            return new WorkUnit(ops, asBatch);
        }

        /// <summary>Empties the batch and returns its records (after a stop: never sent).</summary>
        public List<Operation> TakeAll()
        {
            var ops = _ops;
            _ops = new List<Operation>();
            _bytes = 0;
            return ops;
        }
    }
}
