using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using CustomerIo.Track.Json;
using CustomerIo.Track.Operations.Rules;

namespace CustomerIo.Track.Operations.Entity
{
    /// <summary>
    /// Validates an EntitySpec and writes it as one v2 operation: POST /api/v2/entity with the
    /// item as the body, and the same bytes as its batch item. Every documented rule is checked
    /// here, before any I/O: the type and the actions it has, the identifiers each needs, the
    /// byte limits of identifiers, attributes, event names and data, and the 32,000-byte item.
    /// The identifier writers are in EntityOperation.Identifiers.cs, the other parts in
    /// EntityOperation.Parts.cs; the rules themselves live in Operations/Rules.
    /// </summary>
    internal static partial class EntityOperation
    {
        public const string Path = "/api/v2/entity";

        public static readonly string[] Types = { "person", "object", "delivery" };

        public static readonly string[] PersonActions =
        {
            "identify", "delete", "event", "page", "screen", "add_relationships", "delete_relationships",
            "add_device", "delete_device", "suppress", "unsuppress", "merge",
        };

        public static readonly string[] ObjectActions =
            { "identify", "identify_anonymous", "delete", "add_relationships", "delete_relationships" };

        public static readonly string[] DeliveryActions = { "event" };

        [Flags]
        private enum Part
        {
            None = 0, Attributes = 1, Name = 2, EventId = 4, Timestamp = 8, Relationships = 16, Device = 32, Merge = 64,
        }

        /// <summary>Builds the Operation of a piped hashtable or object in v2 shape.</summary>
        public static Operation FromRecord(object record, object input, bool emailIdentifies) => Build(EntitySpec.FromRecord(record), input, emailIdentifies);

        public static string[] ActionsOf(string type)
        {
            switch (type)
            {
                case "person": return PersonActions;
                case "object": return ObjectActions;
                case "delivery": return DeliveryActions;
                default: return new string[0];
            }
        }

        /// <param name="emailIdentifies">Whether the workspace identifies people by email (the connection's -PeopleIdentifiedBy).</param>
        public static Operation Build(EntitySpec spec, object input, bool emailIdentifies)
        {
            string type = spec.Type?.Trim().ToLowerInvariant();
            if (string.IsNullOrEmpty(type))
                throw new RecordValidationException("type", "'type' is missing; give person, object or delivery.", "OperationTypeMissing");
            if (!Types.Contains(type))
                throw new RecordValidationException("type",
                    $"'type' is '{AttributeSet.Clip(spec.Type)}'; it must be person, object or delivery.", "UnknownOperationType");
            string action = spec.Action?.Trim().ToLowerInvariant();
            string[] actions = ActionsOf(type);
            if (string.IsNullOrEmpty(action))
                throw new RecordValidationException("action",
                    $"'action' is missing; a {type} operation is one of {string.Join(", ", actions)}.", "OperationActionMissing");
            if (!actions.Contains(action))
                throw new RecordValidationException("action",
                    $"'{AttributeSet.Clip(spec.Action)}' is not an action of type {type}; it must be one of {string.Join(", ", actions)}.",
                    "UnknownOperationAction");

            Part allowed = Allowed(type, action);
            CheckParts(spec, type, action, allowed);
            if (type == "delivery")
            {
                spec.Name = DeliveryRules.DeviceMetric(EntitySpec.Scalar(spec.Name, "name"), "name");
                DeliveryRules.DeliveryEventAttributes(spec.Attributes);
            }

            byte[] item;
            string identifier;
            using (var json = JsonBuffer.Rent())
            {
                var w = json.Writer;
                w.WriteStartObject();
                w.WriteString("type", type);
                if (action == "merge")
                {
                    w.WriteString("action", action);
                    var primary = WriteMergeSide(json, "primary", spec.Primary, emailIdentifies);
                    var secondary = WriteMergeSide(json, "secondary", spec.Secondary, emailIdentifies);
                    if (IdentifierRules.SamePerson(primary.Kind, primary.Value, secondary.Kind, secondary.Value))
                        throw new RecordValidationException("secondary",
                            $"'primary' and 'secondary' are the same person ({primary.Kind} '{primary.Value}'); a person cannot be merged into themself.",
                            "MergeSamePerson");
                    identifier = primary.Key;
                }
                else
                {
                    if (spec.Identifiers == null)
                        throw new RecordValidationException("identifiers", $"'identifiers' is missing; {IdentifierHint(type)}", "IdentifierMissing");
                    w.WritePropertyName("identifiers");
                    identifier = type == "person" ? WritePersonIdentifiers(json, spec.Identifiers, "identifiers", IdentifierRules.PersonKinds, emailIdentifies).Key
                        : type == "object" ? WriteObjectIdentifiers(json, spec.Identifiers, "identifiers")
                        : WriteDeliveryIdentifiers(json, spec.Identifiers);
                    w.WriteString("action", action);
                }

                if (spec.Name != null || (allowed & Part.Name) != 0) WriteName(json, spec.Name, type);
                // Every person event carries an id, so a retried request is counted once by the service.
                object eventId = spec.EventId ?? (type == "person" && (allowed & Part.Name) != 0 ? Ulid.NewUlid() : null);
                if (eventId != null) WriteEventId(json, eventId);
                if (spec.Timestamp != null && !PowerShellValues.IsEmpty(spec.Timestamp))
                    w.WriteNumber("timestamp", UnixTime.FromObject(spec.Timestamp, "timestamp"));
                if (spec.Attributes != null)
                {
                    if ((allowed & Part.Name) != 0) WriteEventData(json, spec.Attributes);
                    else WriteAttributes(json, spec.Attributes, type == "person" && action == "identify");
                }
                if (spec.Relationships != null || action.EndsWith("_relationships", StringComparison.Ordinal))
                    WriteRelationships(json, spec.Relationships, type, action, emailIdentifies);
                if (spec.Device != null || action.EndsWith("_device", StringComparison.Ordinal))
                    WriteDevice(json, spec.Device, action);
                w.WriteEndObject();
                item = json.ToArray();
            }
            CheckItemSize(item.Length);
            return new Operation(type, action, identifier, "POST", Path, item, item, input);
        }

        /// <summary>Refuses an item over 32,000 bytes: too big for /api/v2/entity and for a batch.</summary>
        public static void CheckItemSize(int bytes)
        {
            if (bytes > Limits.BatchItemBytes)
                throw new RecordValidationException("item",
                    $"The v2 operation is {bytes} bytes; one /api/v2/entity request or /api/v2/batch item may be at most {Limits.BatchItemBytes} bytes.",
                    "BatchItemTooLarge");
        }

        private static Part Allowed(string type, string action)
        {
            switch (action)
            {
                case "identify":
                case "identify_anonymous": return Part.Attributes | Part.Relationships | Part.Timestamp;
                case "event": return type == "delivery" ? Part.Name | Part.Attributes | Part.Timestamp
                                                        : Part.Name | Part.EventId | Part.Attributes | Part.Timestamp;
                case "page":
                case "screen": return Part.Name | Part.EventId | Part.Attributes | Part.Timestamp;
                case "add_relationships":
                case "delete_relationships": return Part.Relationships | Part.Timestamp;
                case "add_device":
                case "delete_device": return Part.Device | Part.Timestamp;
                case "merge": return Part.Merge | Part.Timestamp;
                default: return Part.Timestamp; // delete, suppress, unsuppress
            }
        }

        private static void CheckParts(EntitySpec s, string type, string action, Part allowed)
        {
            void Refuse(object value, Part part, string name)
            {
                if (value != null && (allowed & part) == 0)
                    throw new RecordValidationException(name, $"A {type} {action} operation takes no '{name}'.", "FieldNotAllowed");
            }
            Refuse(s.Attributes, Part.Attributes, "attributes");
            Refuse(s.Name, Part.Name, "name");
            Refuse(s.EventId, Part.EventId, "id");
            Refuse(s.Relationships, Part.Relationships, "cio_relationships");
            Refuse(s.Device, Part.Device, "device");
            Refuse(s.Primary, Part.Merge, "primary");
            Refuse(s.Secondary, Part.Merge, "secondary");
            if (action == "merge" && s.Identifiers != null)
                throw new RecordValidationException("identifiers",
                    "A merge names its two people with 'primary' and 'secondary', not 'identifiers'.", "FieldNotAllowed");
        }

        private static string IdentifierHint(string type)
        {
            switch (type)
            {
                case "person": return "a person is named by exactly one of id, email, phone or cio_id, e.g. @{ id = 'cust-1' }.";
                case "object": return "an object is named by object_type_id and object_id (or cio_object_id), e.g. @{ object_type_id = '1'; object_id = 'acme' }.";
                default: return "a delivery is named by its id, e.g. @{ id = 'dlv-1' }.";
            }
        }
    }
}
