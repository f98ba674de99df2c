using System;

namespace CustomerIo.Track.Operations
{
    /// <summary>
    /// One record's request, built and validated before any I/O: the single request that carries
    /// it alone (v1, or v2 /entity where v1 has none), its v2 batch item where one exists, the
    /// entity it is about (records of one entity are sent in input order), and the input it came from.
    /// Nothing changes it once built: what a run adds (its record number) or a builder refines (the
    /// ordering keys) comes as a copy (Numbered, OrderedBy), so an operation emitted with -AsOperation
    /// and piped twice, or into two runs, is never changed under either.
    /// </summary>
    internal sealed class Operation
    {
        /// <summary>
        /// An operation whose single request body lies inside its batch item (identify: the body is the
        /// item's attributes), so one array serves both and the body is copied out only when needed.
        /// Its path is pathPrefix + the percent-encoded pathValue, also built only when needed: a batched
        /// record never uses it.
        /// </summary>
        public Operation(string entityType, string action, string identifier, string method, string pathPrefix, string pathValue,
            byte[] batchItem, int bodyOffset, int bodyLength, object inputObject)
            : this(entityType, action, identifier, method, null, null, batchItem, inputObject)
        {
            _pathPrefix = pathPrefix;
            _pathValue = pathValue;
            _bodyOffset = bodyOffset;
            _bodyLength = bodyLength;
        }

        public Operation(string entityType, string action, string identifier, string method, string path,
            byte[] body, byte[] batchItem, object inputObject)
        {
            EntityType = entityType;
            Action = action;
            Identifier = identifier;
            Method = method;
            _path = path;
            _body = body;
            BatchItem = batchItem;
            InputObject = inputObject;
            EntityKey = identifier == null ? null : entityType + ":" + identifier;
        }

        /// <summary>person, object, delivery, segment, metric, form or anonymous.</summary>
        public string EntityType { get; }

        /// <summary>The action as the v2 API names it (identify, event, add_device...).</summary>
        public string Action { get; }

        /// <summary>The entity's identifier as the user gave it (shown in messages and results).</summary>
        public string Identifier { get; }

        /// <summary>Records with the same key are sent one after another, in input order.</summary>
        public string EntityKey { get; private set; }

        /// <summary>
        /// Other entities the operation touches (a merge's secondary person, a relationship's object):
        /// they are ordered like EntityKey.
        /// </summary>
        public string[] RelatedKeys { get; private set; }

        public string Method { get; }

        private string _path;
        private readonly string _pathPrefix;
        private readonly string _pathValue;

        /// <summary>Path and query, already percent-encoded.</summary>
        public string Path => _path ?? (_pathPrefix == null ? null : (_path = _pathPrefix + Uri.EscapeDataString(_pathValue)));

        private byte[] _body;
        private readonly int _bodyOffset = -1;
        private readonly int _bodyLength;

        /// <summary>The single request's JSON body, or null for none.</summary>
        public byte[] Body
        {
            get
            {
                if (_body == null && _bodyOffset >= 0)
                {
                    var body = new byte[_bodyLength];
                    Buffer.BlockCopy(BatchItem, _bodyOffset, body, 0, _bodyLength);
                    _body = body;
                }
                return _body;
            }
        }

        /// <summary>The v2 batch item, or null where the operation has no v2 form.</summary>
        public byte[] BatchItem { get; }

        /// <summary>What the user piped in (the CSV row): the TargetObject of any error.</summary>
        public object InputObject { get; }

        /// <summary>Position of the record in the invocation's input (1-based), for messages.</summary>
        public long RecordNumber { get; private set; }

        /// <summary>This operation as record number n of a run (a copy; this one is unchanged).</summary>
        public Operation Numbered(long recordNumber)
        {
            var copy = (Operation)MemberwiseClone();
            copy.RecordNumber = recordNumber;
            return copy;
        }

        /// <summary>
        /// A copy ordered by other keys: entityKey (null: not ordered with anything) and the other
        /// entities it touches (a merge's secondary person, a relationship's object).
        /// </summary>
        public Operation OrderedBy(string entityKey, params string[] relatedKeys)
        {
            var copy = (Operation)MemberwiseClone();
            copy.EntityKey = entityKey;
            copy.RelatedKeys = relatedKeys != null && relatedKeys.Length > 0 ? relatedKeys : null;
            return copy;
        }

        /// <summary>How ShouldProcess and messages name what this operation touches.</summary>
        public string Target => Identifier == null ? EntityType : $"{EntityType} '{Identifier}'";

        public string Request => Method + " " + Path;

        public override string ToString() => $"{Action} {Target}";
    }
}
