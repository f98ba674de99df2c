using System.Management.Automation;

namespace CustomerIo.Track.Cmdlets.Base
{
    /// <summary>
    /// Record cmdlets fed by piped rows with no v2 form (metrics, forms, segments, unsubscribes): they
    /// own -InputObject, the row that is each record's input and the TargetObject of its errors.
    /// </summary>
    public abstract class CioRowCmdlet : CioRecordCmdlet
    {
        /// <summary>The piped row: an object (a CSV row), a hashtable, or a plain value where the cmdlet takes one.</summary>
        [Parameter(ValueFromPipeline = true)]
        [AllowNull]
        public PSObject InputObject { get; set; }

        protected override object CurrentInput => InputObject;
    }
}
