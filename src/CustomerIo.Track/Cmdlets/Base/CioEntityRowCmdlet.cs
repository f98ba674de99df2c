using System.Management.Automation;

namespace CustomerIo.Track.Cmdlets.Base
{
    /// <summary>
    /// Person and object cmdlets fed by piped rows: CioEntityCmdlet's -AsOperation and -NoBatch, and
    /// -InputObject as CioRowCmdlet has it (C# has one base; the file importers are entity cmdlets
    /// whose input is a file, so -InputObject cannot live in CioEntityCmdlet).
    /// </summary>
    public abstract class CioEntityRowCmdlet : CioEntityCmdlet
    {
        /// <summary>The piped row: an object (a CSV row), a hashtable, or a plain value where the cmdlet takes one.</summary>
        [Parameter(ValueFromPipeline = true)]
        [AllowNull]
        public PSObject InputObject { get; set; }

        protected override object CurrentInput => InputObject;
    }
}
