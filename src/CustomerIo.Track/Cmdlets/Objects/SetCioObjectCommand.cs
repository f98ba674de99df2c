using System.Collections.Generic;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using System;
using CustomerIo.Track.Cmdlets.Base;
using CustomerIo.Track.Cmdlets.Completion;
using CustomerIo.Track.Cmdlets.Records;
using CustomerIo.Track.Json;
using CustomerIo.Track.Operations.Objects;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Results;

namespace CustomerIo.Track.Cmdlets.Objects
{
    /// <summary>
    /// Set-CioObject: identify (create or update) objects (companies, accounts...) with v2; a piped
    /// object's other properties become attributes, as with Set-CioCustomer.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "CioObject", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CioResult), typeof(PSObject))]
    public sealed class SetCioObjectCommand : CioEntityRowCmdlet
    {
        /// <summary>The object type's id (as in Data & Integrations > Objects), e.g. 1.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("object_type_id")]
        [ArgumentCompleter(typeof(SeenObjectTypeIdCompleter))]
        public string ObjectTypeId { get; set; }

        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("object_id")]
        public string ObjectId { get; set; }

        /// <summary>Names an existing object by the id Customer.io gave it, instead of type and id.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("cio_object_id")]
        public string CioObjectId { get; set; }

        [Parameter(Position = 2)]
        public IDictionary Attributes { get; set; }

        /// <summary>People to relate the object to: @{ identifiers = @{ id = '42' }; relationship_attributes = @{ role = 'admin' } } or @{ id = '42' }.</summary>
        [Parameter]
        [Alias("Relationships", "cio_relationships")]
        public IDictionary[] Relationship { get; set; }

        [Parameter]
        public string[] ExcludeProperty { get; set; }

        [Parameter]
        public SwitchParameter IncludeEmpty { get; set; }

        private HashSet<string> _excluded;

        protected override void ProcessInput()
        {
            var obj = ObjectRecord.Identity(ObjectTypeId, ObjectId, CioObjectId, InputObject);
            var excluded = RecordInput.Excluded(ref _excluded, RecordNames.ObjectTypeId.Concat(RecordNames.ObjectId).Concat(RecordNames.CioObjectId), ExcludeProperty);
            var record = PowerShellValues.IsRecord(InputObject) ? InputObject : null;
            var attributes = AttributeSet.FromRecord(record, excluded, IncludeEmpty);
            attributes.Merge(Attributes, IncludeEmpty);
            Submit(ObjectOperations.Identify(obj, attributes, Relationship, InputObject, EmailIdentifiesPeople));
            SeenValues.Note(SeenValues.ObjectTypeIds, obj.TypeId);
        }
    }
}
