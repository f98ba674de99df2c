using System.Management.Automation;
using CustomerIo.Track.Operations.Objects;
using CustomerIo.Track.Results;

namespace CustomerIo.Track.Cmdlets.Objects
{
    /// <summary>Remove-CioRelationship: unrelates a person from an object (v2 delete_relationships); both stay.</summary>
    [Cmdlet(VerbsCommon.Remove, "CioRelationship", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CioResult), typeof(PSObject))]
    public sealed class RemoveCioRelationshipCommand : CioRelationshipCmdlet
    {
        protected override void ProcessInput() =>
            Submit(ObjectOperations.Relate(Person(), Object(), null, add: false, InputObject));
    }
}
