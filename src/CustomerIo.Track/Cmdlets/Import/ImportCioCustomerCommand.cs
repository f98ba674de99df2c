using System.Collections;
using System.Management.Automation;
using CustomerIo.Track.Cmdlets.Records;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Results;

namespace CustomerIo.Track.Cmdlets.Import
{
    /// <summary>
    /// Import-CioCustomer: identify the people of CSV files, each row as Import-Csv | Set-CioCustomer
    /// would send it (the id, customer_id or email column identifies; the other columns are attributes).
    /// </summary>
    [Cmdlet(VerbsData.Import, "CioCustomer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
        DefaultParameterSetName = PathSet)]
    [OutputType(typeof(CioResult), typeof(PSObject))]
    public sealed class ImportCioCustomerCommand : CioCsvImportCmdlet
    {
        /// <summary>Attributes set on every person, over the row's columns.</summary>
        [Parameter]
        public Hashtable Attributes { get; set; }

        /// <summary>Only update people who exist (identify with _update: true).</summary>
        [Parameter]
        public SwitchParameter UpdateOnly { get; set; }

        private IdentifyRecord _rules;

        protected override void BeginProcessing()
        {
            _rules = new IdentifyRecord { ExcludeProperty = ExcludeProperty, IncludeEmpty = IncludeEmpty, Attributes = Attributes, UpdateOnly = UpdateOnly };
            base.BeginProcessing();
        }

        private protected override void ImportRow(PSObject row)
        {
            var who = IdentifyRecord.Identify(null, null, row, EmailIdentifiesPeople);
            NameRecord(who.PathValue, "identify");
            Submit(_rules.Build(who, row));
        }
    }
}
