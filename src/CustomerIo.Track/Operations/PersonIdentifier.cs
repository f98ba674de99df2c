using System;
using CustomerIo.Track.Json;
using CustomerIo.Track.Operations.Rules;

namespace CustomerIo.Track.Operations
{
    /// <summary>
    /// A person's identifier: an id, an email or a cio_id. In v1 paths the service decides by shape
    /// (cio_ prefix = cio_id); in v2 it is named (identifiers: {"id"|"email"|"cio_id": ...}).
    /// </summary>
    internal sealed class PersonIdentifier
    {
        private PersonIdentifier(string kind, string value, string pathValue)
        {
            Kind = kind;
            Value = value;
            PathValue = pathValue;
        }

        /// <summary>id, email or cio_id (the v2 key).</summary>
        public string Kind { get; }

        /// <summary>The value as v2 wants it (no cio_ prefix for cio_id).</summary>
        public string Value { get; }

        /// <summary>The value as a v1 path segment wants it, before percent-encoding.</summary>
        public string PathValue { get; }

        /// <summary>The encoded v1 path segment.</summary>
        public string PathSegment => Uri.EscapeDataString(PathValue);

        public override string ToString() => PathValue;

        /// <summary>
        /// An identifier given as an id, read as the v1 service reads a path: a cio_ prefix names a
        /// cio_id; an @ names an email where the workspace identifies people by email (the connection
        /// says so, the service cannot be asked), else it is part of the id. So a batched record finds
        /// the same person as a single request.
        /// </summary>
        public static PersonIdentifier FromId(string value, string field, bool emailIdentifies)
        {
            IdentifierRules.Check(value, field);
            if (value.StartsWith("cio_", StringComparison.Ordinal) && value.Length > 4)
                return new PersonIdentifier("cio_id", value.Substring(4), value);
            if (emailIdentifies && value.IndexOf('@') > 0)
                return new PersonIdentifier("email", value, value);
            return new PersonIdentifier("id", value, value);
        }

        public static PersonIdentifier FromEmail(string value, string field, bool emailIdentifies)
        {
            IdentifierRules.Check(value, field);
            IdentifierRules.CheckKindAllowed("email", field, emailIdentifies);
            return new PersonIdentifier("email", value, value);
        }

        /// <summary>An identifier of a named type (id, email, cio_id), as merge and segments take them.</summary>
        public static PersonIdentifier Of(string kind, string value, string field, bool emailIdentifies)
        {
            switch (kind)
            {
                case "email": return FromEmail(value, field, emailIdentifies);
                case "cio_id":
                    IdentifierRules.Check(value, field);
                    string bare = value.StartsWith("cio_", StringComparison.Ordinal) ? value.Substring(4) : value;
                    return new PersonIdentifier("cio_id", bare, "cio_" + bare);
                default:
                    IdentifierRules.Check(value, field);
                    return new PersonIdentifier("id", value, value);
            }
        }
    }
}
