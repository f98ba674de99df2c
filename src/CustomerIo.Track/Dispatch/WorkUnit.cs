using System.Collections.Generic;
using CustomerIo.Track.Operations;

namespace CustomerIo.Track.Dispatch
{
    /// <summary>One request to make: a single operation, or a v2 batch of several.</summary>
    internal sealed class WorkUnit
    {
        // The operations no outcome has answered yet: after a stop, these alone are in doubt (a 207
        // answers a batch in several outcomes, some of which may already be written).
        private readonly HashSet<Operation> _unanswered;

        public WorkUnit(List<Operation> operations, bool isBatch)
        {
            Operations = operations;
            IsBatch = isBatch;
            _unanswered = new HashSet<Operation>(operations);
            foreach (var op in operations)
            {
                if (op.EntityKey != null) Keys.Add(op.EntityKey);
                if (op.RelatedKeys != null) Keys.UnionWith(op.RelatedKeys);
            }
        }

        public List<Operation> Operations { get; }

        public bool IsBatch { get; }

        /// <summary>The entities this request touches: no two requests touching one entity run at once.</summary>
        public HashSet<string> Keys { get; } = new HashSet<string>();

        /// <summary>Notes the operations an outcome answers (a worker, before the outcome is queued).</summary>
        public void MarkAnswered(Outcome outcome)
        {
            lock (_unanswered)
            {
                if (outcome.Operations != null) foreach (var op in outcome.Operations) _unanswered.Remove(op);
                else _unanswered.Remove(outcome.Operation);
            }
        }

        /// <summary>Adds the operations that no outcome has answered yet to the list.</summary>
        public void CollectUnanswered(List<Operation> into)
        {
            lock (_unanswered) into.AddRange(_unanswered);
        }
    }
}
