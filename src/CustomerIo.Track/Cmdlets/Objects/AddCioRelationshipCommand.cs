using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using CustomerIo.Track.Json;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Operations.Objects;
using CustomerIo.Track.Results;

namespace CustomerIo.Track.Cmdlets.Objects
{
    /// <summary>
    /// Add-CioRelationship: relates a person to an object (v2 add_relationships). A piped row's
    /// other properties become relationship attributes; -RelationshipAttributes adds to them.
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "CioRelationship", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CioResult), typeof(PSObject))]
    public sealed class AddCioRelationshipCommand : CioRelationshipCmdlet
    {
        [Parameter(Position = 3)]
        [Alias("relationship_attributes")]
        public IDictionary RelationshipAttributes { get; set; }

        [Parameter]
        public string[] ExcludeProperty { get; set; }

        [Parameter]
        public SwitchParameter IncludeEmpty { get; set; }

        protected override void ProcessInput()
        {
            var who = Person();
            var obj = Object();
            var excluded = new HashSet<string>(IdentifyingNames(), StringComparer.OrdinalIgnoreCase);
            if (ExcludeProperty != null) excluded.UnionWith(ExcludeProperty);
            var record = PowerShellValues.IsRecord(InputObject) ? InputObject : null;
            var attributes = AttributeSet.FromRecord(record, excluded, IncludeEmpty);
            attributes.Merge(RelationshipAttributes, IncludeEmpty);
            Submit(ObjectOperations.Relate(who, obj, attributes, add: true, InputObject));
        }
    }
}
