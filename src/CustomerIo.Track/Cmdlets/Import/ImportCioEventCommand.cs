using System.Management.Automation;
using CustomerIo.Track.Cmdlets.Completion;
using CustomerIo.Track.Cmdlets.Records;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Results;

namespace CustomerIo.Track.Cmdlets.Import
{
    /// <summary>
    /// Import-CioEvent: send the events of CSV files, each row as Import-Csv | Send-CioEvent would send
    /// it (an id or anonymous_id column says who, a name column the event; the other columns are its data).
    /// </summary>
    [Cmdlet(VerbsData.Import, "CioEvent", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
        DefaultParameterSetName = PathSet)]
    [OutputType(typeof(CioResult), typeof(PSObject))]
    public sealed class ImportCioEventCommand : CioCsvImportCmdlet
    {
        /// <summary>The event name of every row (instead of a name column).</summary>
        [Parameter]
        [Alias("EventName")]
        [ArgumentCompleter(typeof(SeenEventNameCompleter))]
        public string Name { get; set; }

        /// <summary>event (default), page or screen for every row (instead of a type column).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(EventTypeCompleter))]
        public string Type { get; set; }

        /// <summary>Data merged into every event, over the row's columns.</summary>
        [Parameter]
        public object Data { get; set; }

        private EventRecord _rules;

        protected override void BeginProcessing()
        {
            _rules = new EventRecord { ExcludeProperty = ExcludeProperty, IncludeEmpty = IncludeEmpty };
            base.BeginProcessing();
        }

        private protected override void ImportRow(PSObject row)
        {
            var who = EventRecord.Identify(null, null, false, row, EmailIdentifiesPeople, out string anonymousId);
            NameRecord(who?.PathValue ?? anonymousId);
            Submit(_rules.Build(row, who, anonymousId, Name, Data, null, null, Type));
        }
    }
}
