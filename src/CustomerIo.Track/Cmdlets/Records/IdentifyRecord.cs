using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using CustomerIo.Track.Json;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Operations.People;

namespace CustomerIo.Track.Cmdlets.Records
{
    /// <summary>
    /// How one person record becomes an identify operation, the same for Set-CioCustomer (piped
    /// objects) and Import-CioCustomer (CSV rows): the identifier, then the record's fields less the
    /// identifier columns and -ExcludeProperty, with -Email, -Attributes, -CreatedAt and -UpdateOnly
    /// over them. The settings are fixed for one call; only the record changes.
    /// </summary>
    internal sealed class IdentifyRecord
    {
        private HashSet<string> _excluded;

        public string[] ExcludeProperty { get; set; }
        public bool IncludeEmpty { get; set; }
        /// <summary>-Email typed on the command line (null otherwise): set on every record.</summary>
        public string Email { get; set; }
        public Hashtable Attributes { get; set; }
        public DateTime? CreatedAt { get; set; }
        public bool UpdateOnly { get; set; }

        /// <summary>The id (bound, else an id field, else a piped plain value), else the email; refused when neither.</summary>
        public static PersonIdentifier Identify(string boundId, string boundEmail, PSObject input, bool emailIdentifies)
        {
            string id = RecordInput.Text(boundId, input, RecordNames.PersonId);
            if (string.IsNullOrEmpty(id) && input != null && !PowerShellValues.IsRecord(input))
                id = Convert.ToString(PowerShellValues.Unwrap(input), System.Globalization.CultureInfo.InvariantCulture);
            if (!string.IsNullOrEmpty(id)) return PersonIdentifier.FromId(id, "id", emailIdentifies);
            string email = RecordInput.Text(boundEmail, input, "email");
            if (!string.IsNullOrEmpty(email)) return PersonIdentifier.FromEmail(email, "email", emailIdentifies);
            throw new RecordValidationException("id",
                input == null
                    ? "'id' is missing: the record is empty (null); give -Id or -Email, or pipe objects with an id, customer_id or email property."
                    : "'id' is missing: give -Id or -Email, or pipe objects with an id, customer_id or email property.",
                "IdentifierMissing");
        }

        /// <summary>The identify operation of the record; throws RecordValidationException when a field breaks a rule.</summary>
        public Operation Build(PersonIdentifier who, PSObject input)
        {
            // The identifier columns are the path, not attributes; -ExcludeProperty drops more.
            var excluded = RecordInput.Excluded(ref _excluded, RecordNames.PersonId, ExcludeProperty);
            var record = PowerShellValues.IsRecord(input) ? input : null;
            var attributes = AttributeSet.FromRecord(record, excluded, IncludeEmpty);
            if (!string.IsNullOrEmpty(Email)) attributes.Set("email", Email);
            attributes.Merge(Attributes, IncludeEmpty);
            if (CreatedAt.HasValue) attributes.Set("created_at", CreatedAt.Value);
            if (UpdateOnly) attributes.Set("_update", true);
            return IdentifyOperation.Create(who, attributes, input);
        }
    }
}
