using System.Collections.Generic;
using System.Collections;
using System.Management.Automation;
using System;
using CustomerIo.Track.Cmdlets.Base;
using CustomerIo.Track.Cmdlets.Records;
using CustomerIo.Track.Json;
using CustomerIo.Track.Operations.People;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Results;

namespace CustomerIo.Track.Cmdlets.People
{
    /// <summary>Set-CioCustomer: identify (create or update) people; a piped object's properties become attributes.</summary>
    [Cmdlet(VerbsCommon.Set, "CioCustomer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CioResult), typeof(PSObject))]
    public sealed class SetCioCustomerCommand : CioEntityRowCmdlet
    {
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

        private IdentifyRecord _rules;

        protected override void BeginProcessing()
        {
            // -Email typed on the command line is applied to every record; an email column that binds
            // -Email by property name is already among the record's attributes (or was excluded).
            _rules = new IdentifyRecord
            {
                ExcludeProperty = ExcludeProperty, IncludeEmpty = IncludeEmpty, Attributes = Attributes, UpdateOnly = UpdateOnly,
                Email = MyInvocation.BoundParameters.ContainsKey(nameof(Email)) ? Email : null,
                CreatedAt = MyInvocation.BoundParameters.ContainsKey(nameof(CreatedAt)) ? CreatedAt : (DateTime?)null,
            };
            base.BeginProcessing();
        }

        protected override void ProcessInput()
        {
            var who = IdentifyRecord.Identify(Id, Email, InputObject, EmailIdentifiesPeople);
            NameRecord(who.PathValue, "identify");
            Submit(_rules.Build(who, InputObject));
        }
    }
}
