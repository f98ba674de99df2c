using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using CustomerIo.Track.Cmdlets.Base;
using CustomerIo.Track.Json;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Operations.People;
using CustomerIo.Track.Results;

namespace CustomerIo.Track.Cmdlets.People
{
    /// <summary>Set-CioCustomer: identify (create or update) people; a piped object's properties become attributes.</summary>
    [Cmdlet(VerbsCommon.Set, "CioCustomer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CioResult), typeof(PSObject))]
    public sealed class SetCioCustomerCommand : CioEntityCmdlet
    {
        internal static readonly string[] IdNames = { "id", "CustomerId", "customer_id" };

        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("CustomerId", "customer_id")]
        public string Id { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Email { get; set; }

        [Parameter(Position = 1)]
        public Hashtable Attributes { get; set; }

        [Parameter]
        public DateTime CreatedAt { get; set; }

        [Parameter]
        public SwitchParameter UpdateOnly { get; set; }

        [Parameter]
        public string[] ExcludeProperty { get; set; }

        [Parameter]
        public SwitchParameter IncludeEmpty { get; set; }

        [Parameter(ValueFromPipeline = true)]
        [AllowNull]
        public PSObject InputObject { get; set; }

        private HashSet<string> _excluded;
        private bool _emailGiven;

        protected override void BeginProcessing()
        {
            // -Email typed on the command line is applied to every record; an email column that binds
            // -Email by property name is already among the record's attributes (or was excluded).
            _emailGiven = MyInvocation.BoundParameters.ContainsKey(nameof(Email));
            base.BeginProcessing();
        }

        protected override object CurrentInput => InputObject;

        protected override void ProcessInput()
        {
            var who = Identify();
            // The identifier columns are the path, not attributes; -ExcludeProperty drops more.
            var excluded = RecordInput.Excluded(ref _excluded, IdNames, ExcludeProperty);
            var record = PowerShellValues.IsRecord(InputObject) ? InputObject : null;
            try
            {
                var attributes = AttributeSet.FromRecord(record, excluded, IncludeEmpty);
                if (_emailGiven && !string.IsNullOrEmpty(Email)) attributes.Set("email", Email);
                attributes.Merge(Attributes, IncludeEmpty);
                if (MyInvocation.BoundParameters.ContainsKey(nameof(CreatedAt))) attributes.Set("created_at", CreatedAt);
                if (UpdateOnly) attributes.Set("_update", true);
                Submit(IdentifyOperation.Create(who, attributes, InputObject));
            }
            catch (RecordValidationException ex) { ReportInvalid(ex, InputObject, who.PathValue, "identify"); }
        }

        // -Id, else an id field of a hashtable, else a piped plain string; then the email.
        private PersonIdentifier Identify()
        {
            string id = RecordInput.Text(Id, InputObject, IdNames);
            if (string.IsNullOrEmpty(id) && InputObject != null && !PowerShellValues.IsRecord(InputObject))
                id = Convert.ToString(PowerShellValues.Unwrap(InputObject), System.Globalization.CultureInfo.InvariantCulture);
            if (!string.IsNullOrEmpty(id)) return PersonIdentifier.FromId(id, "id", EmailIdentifiesPeople);
            string email = RecordInput.Text(Email, InputObject, "email");
            if (!string.IsNullOrEmpty(email)) return PersonIdentifier.FromEmail(email, "email", EmailIdentifiesPeople);
            throw new RecordValidationException("id",
                InputObject == null
                    ? "'id' is missing: the record is empty (null); give -Id or -Email, or pipe objects with an id, customer_id or email property."
                    : "'id' is missing: give -Id or -Email, or pipe objects with an id, customer_id or email property.",
                "IdentifierMissing");
        }
    }
}
