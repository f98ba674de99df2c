using System.Collections.Generic;
using System.Management.Automation;
using CustomerIo.Track.Cmdlets.Completion;
using CustomerIo.Track.Json;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Operations.Rules;
using CustomerIo.Track.Operations.Messaging;
using CustomerIo.Track.Operations.People;

namespace CustomerIo.Track.Cmdlets.Records
{
    /// <summary>
    /// How one event record becomes an operation, the same for Send-CioEvent (piped objects) and
    /// Import-CioEvent (CSV rows): a person's event (an id) or an anonymous one (an anonymous_id and
    /// no id); the record's fields that are not parameters are the data, -Data merged over them.
    /// </summary>
    internal sealed class EventRecord
    {
        private HashSet<string> _excluded;

        public string[] ExcludeProperty { get; set; }
        public bool IncludeEmpty { get; set; }

        /// <summary>
        /// Who the event is about: a person (who) or, when -AnonymousId is given (anonymousSet) or the record
        /// has no person id but an anonymous_id, nobody yet (anonymousId). Refused when it has neither.
        /// </summary>
        public static PersonIdentifier Identify(string boundId, string boundAnonymousId, bool anonymousSet, PSObject input, bool emailIdentifies, out string anonymousId)
        {
            string personId = RecordInput.Text(boundId, input, RecordNames.PersonId);
            if (string.IsNullOrEmpty(personId) && !anonymousSet) personId = RecordInput.Plain(input);
            anonymousId = anonymousSet
                ? boundAnonymousId
                : string.IsNullOrEmpty(personId) ? RecordInput.Text(null, input, "anonymous_id", "AnonymousId") : null;
            if (!string.IsNullOrEmpty(anonymousId) || anonymousSet)
            {
                IdentifierRules.Check(anonymousId, "anonymous_id");
                return null;
            }
            anonymousId = null;
            if (string.IsNullOrEmpty(personId))
                throw new RecordValidationException("id",
                    $"'id' is missing{(input == null ? ": the record is empty (null)" : "")}; give -Id or -AnonymousId, or pipe objects with an id, customer_id or anonymous_id property.",
                    "IdentifierMissing");
            return PersonIdentifier.FromId(personId, "id", emailIdentifies);
        }

        /// <summary>The event operation (who null: anonymous); throws RecordValidationException when a field breaks a rule.</summary>
        public Operation Build(PSObject input, PersonIdentifier who, string anonymousId,
            string name, object data, object timestamp, string eventId, string type)
        {
            bool anonymous = who == null;
            string eventType = EventOperation.CheckType(RecordInput.Text(type, input, "type"));
            if (anonymous && eventType != "event")
                throw new RecordValidationException("type",
                    $"'type' is '{eventType}', but page and screen views need a person (-Id); an anonymous event is of type event.",
                    "InvalidEventType");

            var record = PowerShellValues.IsRecord(input) ? input : null;
            var fields = AttributeSet.FromRecord(record, RecordInput.Excluded(ref _excluded, RecordNames.EventFields, ExcludeProperty), IncludeEmpty);
            FieldRules.MergeRecord(fields, RecordInput.Value(data, input, "data"), "data", IncludeEmpty);

            var e = EventParts.Build(RecordInput.Text(name, input, "name", "EventName"), fields,
                RecordInput.Value(timestamp, input, "timestamp"), RecordInput.Text(eventId, input, "event_id", "EventId"));
            var op = anonymous
                ? AnonymousEventOperation.Create(anonymousId, e, input)
                : EventOperation.Create(who, eventType, e, input);
            SeenValues.Note(SeenValues.EventNames, e.Name);
            return op;
        }
    }
}
