using System.Management.Automation;
using CustomerIo.Track.Cmdlets.Base;
using CustomerIo.Track.Cmdlets.Completion;
using CustomerIo.Track.Cmdlets.Records;
using CustomerIo.Track.Operations.People;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Results;

namespace CustomerIo.Track.Cmdlets.People
{
    /// <summary>
    /// Merge-CioCustomer: merges the secondary person into the primary and deletes the secondary
    /// (POST /api/v1/merge_customers). Irreversible.
    /// </summary>
    [Cmdlet(VerbsData.Merge, "CioCustomer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(CioResult), typeof(PSObject))]
    public sealed class MergeCioCustomerCommand : CioEntityRowCmdlet
    {
        /// <summary>The person who remains.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        public string Primary { get; set; }

        /// <summary>The person merged into the primary and then deleted.</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        public string Secondary { get; set; }

        /// <summary>What -Primary is: id (default), email or cio_id.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("primary_type")]
        [ArgumentCompleter(typeof(IdentifierTypeCompleter))]
        public string PrimaryType { get; set; }

        /// <summary>What -Secondary is: id (default), email or cio_id.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("secondary_type")]
        [ArgumentCompleter(typeof(IdentifierTypeCompleter))]
        public string SecondaryType { get; set; }

        protected override void ProcessInput()
        {
            var input = InputObject;
            string primaryType = MergeOperation.CheckType(RecordInput.Text(PrimaryType, input, "primary_type", "PrimaryType"), "primary_type");
            string secondaryType = MergeOperation.CheckType(RecordInput.Text(SecondaryType, input, "secondary_type", "SecondaryType"), "secondary_type");
            var primary = PersonIdentifier.Of(primaryType, RecordInput.Text(Primary, input, "primary"), "primary", EmailIdentifiesPeople);
            var secondary = PersonIdentifier.Of(secondaryType, RecordInput.Text(Secondary, input, "secondary"), "secondary", EmailIdentifiesPeople);
            NameRecord(primary.PathValue + " <- " + secondary.PathValue);
            Submit(MergeOperation.Create(primary, secondary, input));
        }
    }
}
