using System.Collections.Generic;
using System.Management.Automation;
using CustomerIo.Track.Cmdlets.Base;
using CustomerIo.Track.Cmdlets.Completion;
using CustomerIo.Track.Cmdlets.Records;
using CustomerIo.Track.Json;
using CustomerIo.Track.Operations.Messaging;
using CustomerIo.Track.Operations.People;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Results;

namespace CustomerIo.Track.Cmdlets.People
{
    /// <summary>
    /// Send-CioEvent: events, page and screen views of people (POST /api/v1/customers/{id}/events) and
    /// anonymous events (POST /api/v1/events). A piped object's properties that are not parameters
    /// become the event's data; -Data merges over them. Every event carries an id (-EventId or a new
    /// ULID), so a retried request is counted once.
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "CioEvent", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
        DefaultParameterSetName = PersonSet)]
    [OutputType(typeof(CioResult), typeof(PSObject))]
    public sealed class SendCioEventCommand : CioEntityRowCmdlet
    {
        private const string PersonSet = "Person";
        private const string AnonymousSet = "Anonymous";

        [Parameter(ParameterSetName = PersonSet, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("CustomerId", "customer_id")]
        public string Id { get; set; }

        [Parameter(ParameterSetName = AnonymousSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("anonymous_id")]
        public string AnonymousId { get; set; }

        [Parameter(ParameterSetName = PersonSet, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = AnonymousSet, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("EventName")]
        [ArgumentCompleter(typeof(SeenEventNameCompleter))]
        public string Name { get; set; }

        /// <summary>The event's data: a hashtable or an object; merged over the piped object's other properties.</summary>
        [Parameter(ParameterSetName = PersonSet, Position = 2, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = AnonymousSet, Position = 1, ValueFromPipelineByPropertyName = true)]
        public object Data { get; set; }

        /// <summary>When it happened: a DateTime, a DateTimeOffset or Unix seconds (default: when received).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public object Timestamp { get; set; }

        /// <summary>The event's id (a ULID by default): the service counts an id once.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("event_id")]
        public string EventId { get; set; }

        /// <summary>event (default), page (a page view: -Name is the URL) or screen (a mobile screen view).</summary>
        [Parameter(ParameterSetName = PersonSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(EventTypeCompleter))]
        public string Type { get; set; }

        /// <summary>Property names of piped objects that must not become data.</summary>
        [Parameter]
        public string[] ExcludeProperty { get; set; }

        /// <summary>Send empty values (empty CSV cells) as empty strings instead of leaving them out.</summary>
        [Parameter]
        public SwitchParameter IncludeEmpty { get; set; }

        private EventRecord _rules;

        protected override void BeginProcessing()
        {
            _rules = new EventRecord { ExcludeProperty = ExcludeProperty, IncludeEmpty = IncludeEmpty };
            base.BeginProcessing();
        }

        protected override void ProcessInput()
        {
            var input = InputObject;
            var who = EventRecord.Identify(Id, AnonymousId, ParameterSetName == AnonymousSet, input, EmailIdentifiesPeople, out string anonymousId);
            NameRecord(who?.PathValue ?? anonymousId);
            Submit(_rules.Build(input, who, anonymousId, Name, Data, Timestamp, EventId, Type));
        }
    }
}
