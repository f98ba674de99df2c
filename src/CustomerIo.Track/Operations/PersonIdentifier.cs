using System;
using CustomerIo.Track.Json;

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
        /// An identifier given as an id, read by its shape as the v1 service reads a path: a cio_ prefix
        /// names a cio_id, an @ an email; so a batched record finds the same person as a single request.
        /// </summary>
        public static PersonIdentifier FromId(string value, string field)
        {
            Validate(value, field);
            if (value.StartsWith("cio_", StringComparison.Ordinal) && value.Length > 4)
                return new PersonIdentifier("cio_id", value.Substring(4), value);
            if (value.IndexOf('@') > 0)
                return new PersonIdentifier("email", value, value);
            return new PersonIdentifier("id", value, value);
        }

        public static PersonIdentifier FromEmail(string value, string field)
        {
            Validate(value, field);
            return new PersonIdentifier("email", value, value);
        }

        /// <summary>An identifier of a named type (id, email, cio_id), as merge and segments take them.</summary>
        public static PersonIdentifier Of(string kind, string value, string field)
        {
            switch (kind)
            {
                case "email": return FromEmail(value, field);
                case "cio_id":
                    Validate(value, field);
                    string bare = value.StartsWith("cio_", StringComparison.Ordinal) ? value.Substring(4) : value;
                    return new PersonIdentifier("cio_id", bare, "cio_" + bare);
                default:
                    Validate(value, field);
                    return new PersonIdentifier("id", value, value);
            }
        }

        /// <summary>Refuses empty identifiers, identifiers over 150 UTF-8 bytes and lone surrogates.</summary>
        public static void Validate(string value, string field)
        {
            if (string.IsNullOrWhiteSpace(value))
                throw new RecordValidationException(field,
                    $"'{field}' is {(value == null ? "missing" : "empty")}; every record needs an identifier.", "IdentifierMissing");
            if (Utf8.IndexOfLoneSurrogate(value) >= 0)
                throw new RecordValidationException(field, $"'{field}' contains a lone UTF-16 surrogate, which has no UTF-8 form.", "InvalidText");
            int bytes = Utf8.ByteCount(value);
            if (bytes > Limits.IdentifierBytes)
                throw new RecordValidationException(field,
                    $"'{field}' is {bytes} bytes; the limit is {Limits.IdentifierBytes} bytes (UTF-8).", "IdentifierTooLong");
        }
    }
}
