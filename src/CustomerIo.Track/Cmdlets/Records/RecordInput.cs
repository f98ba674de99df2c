using System;
using System.Collections.Generic;
using System.Globalization;
using CustomerIo.Track.Json;
using CustomerIo.Track.Operations;

namespace CustomerIo.Track.Cmdlets.Records
{
    /// <summary>
    /// Reads a record's fields the same way in every cmdlet: the bound parameter first, else the
    /// field of a piped record that did not bind by property name (hashtables), else for
    /// identifiers a piped plain value ('cust-1' | Remove-CioCustomer).
    /// </summary>
    internal static class RecordInput
    {
        /// <summary>The bound text, else the named field of the record (null when neither has one).</summary>
        public static string Text(string bound, object input, params string[] names)
        {
            if (!string.IsNullOrEmpty(bound)) return bound;
            if (input != null && PowerShellValues.TryGetField(input, out object value, names))
            {
                value = PowerShellValues.Unwrap(value);
                if (value != null && !(value is DBNull)) return Convert.ToString(value, CultureInfo.InvariantCulture);
            }
            return bound;
        }

        /// <summary>The bound value, else the named field of the record; empty values count as none.</summary>
        public static object Value(object bound, object input, params string[] names)
        {
            if (!PowerShellValues.IsEmpty(bound)) return bound;
            if (input != null && PowerShellValues.TryGetField(input, out object value, names) && !PowerShellValues.IsEmpty(value))
                return value;
            return null;
        }

        /// <summary>A piped value that is not a record (a string, a number): it is the identifier itself.</summary>
        public static string Plain(object input)
        {
            if (input == null || PowerShellValues.IsRecord(input)) return null;
            object value = PowerShellValues.Unwrap(input);
            return value == null ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
        }

        /// <summary>-Id, an id field of the record, or a piped plain value; refused with a clear error when none.</summary>
        public static PersonIdentifier Person(string bound, object input, string hint, bool emailIdentifies)
        {
            string id = Text(bound, input, RecordNames.PersonId);
            if (string.IsNullOrEmpty(id)) id = Plain(input);
            if (string.IsNullOrEmpty(id))
                throw new RecordValidationException("id",
                    input == null
                        ? $"'id' is missing: the record is empty (null); {hint}."
                        : $"'id' is missing: {hint}.",
                    "IdentifierMissing");
            return PersonIdentifier.FromId(id, "id", emailIdentifies);
        }

        /// <summary>The names a record's other properties must not use: the cmdlet's record parameters and their aliases.</summary>
        /// <summary>
        /// The names a piped row's data leaves out: the cmdlet's own parameters and -ExcludeProperty. Both are
        /// fixed for one call, so the set is built once into the caller's cache, not per record.
        /// </summary>
        public static HashSet<string> Excluded(ref HashSet<string> cache, IEnumerable<string> parameterNames, string[] excludeProperty)
        {
            if (cache != null) return cache;
            var set = new HashSet<string>(parameterNames, StringComparer.OrdinalIgnoreCase);
            if (excludeProperty != null) set.UnionWith(excludeProperty);
            return cache = set;
        }
    }
}
