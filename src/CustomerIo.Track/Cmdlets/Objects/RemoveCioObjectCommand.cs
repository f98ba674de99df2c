using System.Management.Automation;
using CustomerIo.Track.Cmdlets.Base;
using CustomerIo.Track.Cmdlets.Records;
using CustomerIo.Track.Operations.Objects;
using CustomerIo.Track.Results;

namespace CustomerIo.Track.Cmdlets.Objects
{
    /// <summary>Remove-CioObject: deletes objects (and with them their relationships to people). Irreversible.</summary>
    [Cmdlet(VerbsCommon.Remove, "CioObject", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(CioResult), typeof(PSObject))]
    public sealed class RemoveCioObjectCommand : CioEntityRowCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("object_type_id")]
        public string ObjectTypeId { get; set; }

        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("object_id")]
        public string ObjectId { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("cio_object_id")]
        public string CioObjectId { get; set; }

        protected override void ProcessInput()
        {
            var obj = ObjectRecord.Identity(ObjectTypeId, ObjectId, CioObjectId, InputObject);
            Submit(ObjectOperations.Delete(obj, InputObject));
        }
    }
}
