using System.Collections.Generic;
using System.Management.Automation;
using CustomerIo.Track.Cmdlets.Base;
using CustomerIo.Track.Cmdlets.Completion;
using CustomerIo.Track.Json;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Operations.Messaging;
using CustomerIo.Track.Operations.People;
using CustomerIo.Track.Results;
using CustomerIo.Track.Operations.Rules;

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
    public sealed class SendCioEventCommand : CioEntityCmdlet
    {
        private const string PersonSet = "Person";
        private const string AnonymousSet = "Anonymous";

        // The record parameters and their aliases: a piped object's other properties are the data.
        private static readonly string[] ParameterNames =
        {
            "Id", "CustomerId", "customer_id", "AnonymousId", "anonymous_id", "Name", "EventName", "Data",
            "Timestamp", "EventId", "event_id", "Type",
        };

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

        [Parameter(ValueFromPipeline = true)]
        [AllowNull]
        public PSObject InputObject { get; set; }

        private HashSet<string> _excluded;

        protected override object CurrentInput => InputObject;

        protected override void ProcessInput()
        {
            var input = InputObject;
            // Anonymous when -AnonymousId is given, or a piped record has no person id but an anonymous_id.
            string personId = RecordInput.Text(Id, input, RecordInput.PersonIdNames);
            if (string.IsNullOrEmpty(personId) && ParameterSetName == PersonSet) personId = RecordInput.Plain(input);
            string anonymousId = ParameterSetName == AnonymousSet
                ? AnonymousId
                : string.IsNullOrEmpty(personId) ? RecordInput.Text(null, input, "anonymous_id", "AnonymousId") : null;
            bool anonymous = !string.IsNullOrEmpty(anonymousId) || ParameterSetName == AnonymousSet;

            PersonIdentifier who = null;
            if (anonymous) IdentifierRules.Check(anonymousId, "anonymous_id");
            else if (string.IsNullOrEmpty(personId))
                throw new RecordValidationException("id",
                    $"'id' is missing{(input == null ? ": the record is empty (null)" : "")}; give -Id or -AnonymousId, or pipe objects with an id, customer_id or anonymous_id property.",
                    "IdentifierMissing");
            else who = PersonIdentifier.FromId(personId, "id", EmailIdentifiesPeople);

            try { Build(input, who, anonymous ? anonymousId : null); }
            catch (RecordValidationException ex) { ReportInvalid(ex, input, who?.PathValue ?? anonymousId); }
        }

        private void Build(PSObject input, PersonIdentifier who, string anonymousId)
        {
            bool anonymous = who == null;
            string type = EventOperation.CheckType(RecordInput.Text(Type, input, "type"));
            if (anonymous && type != "event")
                throw new RecordValidationException("type",
                    $"'type' is '{type}', but page and screen views need a person (-Id); an anonymous event is of type event.",
                    "InvalidEventType");

            var record = PowerShellValues.IsRecord(input) ? input : null;
            var data = AttributeSet.FromRecord(record, RecordInput.Excluded(ref _excluded, ParameterNames, ExcludeProperty), IncludeEmpty);
            FieldRules.MergeRecord(data, RecordInput.Value(Data, input, "data"), "data", IncludeEmpty);

            var e = EventParts.Build(RecordInput.Text(Name, input, "name", "EventName"), data,
                RecordInput.Value(Timestamp, input, "timestamp"), RecordInput.Text(EventId, input, "event_id", "EventId"));
            Submit(anonymous
                ? AnonymousEventOperation.Create(anonymousId, e, input)
                : EventOperation.Create(who, type, e, input));
            SeenValues.Note(SeenValues.EventNames, e.Name);
        }
    }
}
