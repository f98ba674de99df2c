using System;
using CustomerIo.Track.Json;

namespace CustomerIo.Track.Operations.Rules
{
    /// <summary>
    /// Who a record names, as the contract has it: the identifier kinds of a person (v2
    /// identifiers), of a merge side and a segment's id_type, of an object; and the limits of an
    /// identifier's value. Whether email identifies people is a workspace setting the Track API does
    /// not expose, so it comes from the connection (Connect-CioTrack -PeopleIdentifiedBy).
    /// </summary>
    internal static class IdentifierRules
    {
        /// <summary>A person in v2 is named by exactly one of these (identifiers, cio_relationships).</summary>
        public static readonly string[] PersonKinds = { "id", "email", "phone", "cio_id" };

        /// <summary>A merge side has exactly one of these; a segment's id_type is one of them.</summary>
        public static readonly string[] NamedKinds = { "id", "email", "cio_id" };

        /// <summary>An object is named by object_type_id and object_id, or by cio_object_id.</summary>
        public static readonly string[] ObjectKeys = { "object_type_id", "object_id", "cio_object_id" };

        /// <summary>Refuses empty identifiers, identifiers over 150 UTF-8 bytes and lone surrogates.</summary>
        public static void Check(string value, string field)
        {
            if (string.IsNullOrWhiteSpace(value))
                throw new RecordValidationException(field,
                    $"'{field}' is {(value == null ? "missing" : "empty")}; every record needs an identifier.", "IdentifierMissing");
            TextRules.Text(value, field);
            int bytes = Utf8.ByteCount(value);
            if (bytes > Limits.IdentifierBytes)
                throw new RecordValidationException(field,
                    $"'{field}' is {bytes} bytes; the limit is {Limits.IdentifierBytes} bytes (UTF-8).", "IdentifierTooLong");
        }

        /// <summary>
        /// Refuses an email (or phone) as a person's identifier where the connection says the workspace
        /// identifies people by id only: the service would refuse it, or read it as an id.
        /// </summary>
        public static void CheckKindAllowed(string kind, string field, bool emailIdentifies)
        {
            if (emailIdentifies || kind == "id" || kind == "cio_id") return;
            throw new RecordValidationException(field,
                $"'{field}' names the person by {kind}, but this connection says the workspace identifies people by id only " +
                "(Connect-CioTrack -PeopleIdentifiedBy IdOnly); name them by id or cio_id, or connect with -PeopleIdentifiedBy EmailOrId if the workspace uses email as an identifier.",
                "IdentifierNotInWorkspace");
        }

        /// <summary>
        /// Whether two people named this way are the same person: the same kind and value, an email
        /// compared without case (as the service does), anything else exactly.
        /// </summary>
        public static bool SamePerson(string kindA, string valueA, string kindB, string valueB) =>
            kindA == kindB && string.Equals(valueA, valueB,
                kindA == "email" ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }
}
