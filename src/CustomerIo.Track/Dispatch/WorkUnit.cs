using System.Collections.Generic;
using CustomerIo.Track.Operations;

namespace CustomerIo.Track.Dispatch
{
    /// <summary>One request to make: a single operation, or a v2 batch of several.</summary>
    internal sealed class WorkUnit
    {
        public WorkUnit(List<Operation> operations, bool isBatch)
        {
            Operations = operations;
            IsBatch = isBatch;
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
    }
}
