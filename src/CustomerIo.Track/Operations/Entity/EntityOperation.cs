using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using CustomerIo.Track.Json;
using CustomerIo.Track.Operations.Messaging;

namespace CustomerIo.Track.Operations.Entity
{
    /// <summary>
    /// Validates an EntitySpec and writes it as one v2 operation: POST /api/v2/entity with the
    /// item as the body, and the same bytes as its batch item. Every documented rule is checked
    /// here, before any I/O: the type and the actions it has, the identifiers each needs, the
    /// byte limits of identifiers, attributes, event names and data, and the 32,000-byte item.
    /// </summary>
    internal static class EntityOperation
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

        /// <summary>A person is named by exactly one of these in v2.</summary>
        public static readonly string[] PersonKeys = { "id", "email", "phone", "cio_id" };

        /// <summary>A side of a merge is named by exactly one of these.</summary>
        private static readonly string[] MergeKeys = { "id", "email", "cio_id" };

        private static readonly string[] ObjectKeys = { "object_type_id", "object_id", "cio_object_id" };

        [Flags]
        private enum Part
        {
            None = 0, Attributes = 1, Name = 2, EventId = 4, Timestamp = 8, Relationships = 16, Device = 32, Merge = 64,
        }

        /// <summary>Builds the Operation of a piped hashtable or object in v2 shape.</summary>
        public static Operation FromRecord(object record, object input) => Build(EntitySpec.FromRecord(record), input);

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

        public static Operation Build(EntitySpec spec, object input)
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
                spec.Name = DeviceMetrics.Check(EntitySpec.Scalar(spec.Name, "name"), "name");
                DeviceMetrics.CheckDeliveryAttributes(spec.Attributes);
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
                    identifier = WriteMergeSide(json, "primary", spec.Primary);
                    string secondary = WriteMergeSide(json, "secondary", spec.Secondary);
                    if (string.Equals(identifier, secondary, StringComparison.Ordinal))
                        throw new RecordValidationException("secondary", "'primary' and 'secondary' name the same person; a merge needs two.", "MergeSamePerson");
                }
                else
                {
                    if (spec.Identifiers == null)
                        throw new RecordValidationException("identifiers", $"'identifiers' is missing; {IdentifierHint(type)}", "IdentifierMissing");
                    w.WritePropertyName("identifiers");
                    identifier = type == "person" ? WritePersonIdentifiers(json, spec.Identifiers, "identifiers", PersonKeys)
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
                    WriteRelationships(json, spec.Relationships, type, action);
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

        // ---- identifiers ----

        /// <summary>The non-empty fields of an identifiers record, with names checked against the allowed set.</summary>
        private static List<KeyValuePair<string, string>> IdentifierFields(object record, string field, string[] allowed, string hint)
        {
            if (!PowerShellValues.IsRecord(record))
                throw new RecordValidationException(field,
                    $"'{field}' must be a hashtable or an object; got {PowerShellValues.Describe(record)}. {hint}", "NotARecord");
            var result = new List<KeyValuePair<string, string>>();
            foreach (var f in PowerShellValues.Fields(record))
            {
                string key = f.Key.ToLowerInvariant();
                if (!allowed.Contains(key))
                    throw new RecordValidationException(field + "." + f.Key,
                        $"'{field}' has '{AttributeSet.Clip(f.Key)}', which is not an identifier here. {hint}", "UnknownIdentifier");
                string value = EntitySpec.Scalar(f.Value, field + "." + key);
                if (string.IsNullOrEmpty(value)) continue;
                result.RemoveAll(kv => kv.Key == key);
                result.Add(new KeyValuePair<string, string>(key, value));
            }
            return result;
        }

        /// <summary>Writes {"id"|"email"|"phone"|"cio_id": value}; returns how the person is named in messages and entity keys.</summary>
        internal static string WritePersonIdentifiers(JsonBuffer json, object record, string field, string[] keys)
        {
            string hint = $"A person is named by exactly one of {string.Join(", ", keys)}.";
            var ids = IdentifierFields(record, field, keys, hint);
            if (ids.Count == 0)
                throw new RecordValidationException(field, $"'{field}' names no person. {hint}", "IdentifierMissing");
            if (ids.Count > 1)
                throw new RecordValidationException(field,
                    $"'{field}' has {string.Join(" and ", ids.Select(kv => kv.Key))}. {hint}", "AmbiguousIdentifier");
            string kind = ids[0].Key, value = ids[0].Value;
            PersonIdentifier.Validate(value, field + "." + kind);
            if (kind == "cio_id" && value.StartsWith("cio_", StringComparison.Ordinal) && value.Length > 4) value = value.Substring(4);
            var w = json.Writer;
            w.WriteStartObject();
            w.WriteString(kind, value);
            w.WriteEndObject();
            // The same text the v1 cmdlets key people by (a cio_id as cio_<id>), so keys agree.
            return kind == "cio_id" ? "cio_" + value : value;
        }

        /// <summary>Writes {"object_type_id","object_id"} or {"cio_object_id"}; returns "type:id" (or the cio_object_id).</summary>
        internal static string WriteObjectIdentifiers(JsonBuffer json, object record, string field)
        {
            const string hint = "An object is named by object_type_id and object_id, or by cio_object_id.";
            var ids = IdentifierFields(record, field, ObjectKeys, hint);
            string Get(string k) => ids.FirstOrDefault(kv => kv.Key == k).Value;
            string typeId = Get("object_type_id"), objectId = Get("object_id"), cioObjectId = Get("cio_object_id");
            var w = json.Writer;
            w.WriteStartObject();
            string identifier;
            if (cioObjectId != null)
            {
                if (typeId != null || objectId != null)
                    throw new RecordValidationException(field, $"'{field}' has cio_object_id and object_type_id/object_id; give one or the other. {hint}", "AmbiguousIdentifier");
                PersonIdentifier.Validate(cioObjectId, field + ".cio_object_id");
                w.WriteString("cio_object_id", cioObjectId);
                identifier = cioObjectId;
            }
            else
            {
                if (typeId == null)
                    throw new RecordValidationException(field + ".object_type_id", $"'{field}.object_type_id' is missing. {hint}", "IdentifierMissing");
                if (objectId == null)
                    throw new RecordValidationException(field + ".object_id", $"'{field}.object_id' is missing. {hint}", "IdentifierMissing");
                PersonIdentifier.Validate(typeId, field + ".object_type_id");
                PersonIdentifier.Validate(objectId, field + ".object_id");
                w.WriteString("object_type_id", typeId);
                w.WriteString("object_id", objectId);
                identifier = typeId + ":" + objectId;
            }
            w.WriteEndObject();
            return identifier;
        }

        private static string WriteDeliveryIdentifiers(JsonBuffer json, object record)
        {
            const string hint = "A delivery is named by its id (the delivery_id of the message).";
            var ids = IdentifierFields(record, "identifiers", new[] { "id" }, hint);
            if (ids.Count == 0) throw new RecordValidationException("identifiers.id", $"'identifiers.id' is missing. {hint}", "IdentifierMissing");
            PersonIdentifier.Validate(ids[0].Value, "identifiers.id");
            var w = json.Writer;
            w.WriteStartObject();
            w.WriteString("id", ids[0].Value);
            w.WriteEndObject();
            return ids[0].Value;
        }

        private static string WriteMergeSide(JsonBuffer json, string side, object record)
        {
            if (record == null)
                throw new RecordValidationException(side,
                    $"'{side}' is missing; a merge names the person kept (primary) and the one merged into it (secondary), each by exactly one of id, email or cio_id.",
                    "IdentifierMissing");
            json.Writer.WritePropertyName(side);
            return WritePersonIdentifiers(json, record, side, MergeKeys);
        }

        // ---- the rest ----

        private static void WriteName(JsonBuffer json, object value, string type)
        {
            string what = type == "delivery" ? "the delivery metric (opened, converted or delivered)" : "the event name";
            string name = EntitySpec.Scalar(value, "name")?.Trim();
            if (string.IsNullOrEmpty(name))
                throw new RecordValidationException("name", $"'name' is {(value == null ? "missing" : "empty")}; give {what}.", "EventNameMissing");
            if (Utf8.IndexOfLoneSurrogate(name) >= 0)
                throw new RecordValidationException("name", "'name' contains a lone UTF-16 surrogate, which has no UTF-8 form.", "InvalidText");
            int bytes = Utf8.ByteCount(name);
            if (bytes > Limits.EventNameBytes)
                throw new RecordValidationException("name",
                    $"The name '{AttributeSet.Clip(name)}' is {bytes} bytes; the limit is {Limits.EventNameBytes} bytes (UTF-8).", "EventNameTooLong");
            json.Writer.WriteString("name", name);
        }

        private static void WriteEventId(JsonBuffer json, object value)
        {
            string id = EntitySpec.Scalar(value, "id");
            if (string.IsNullOrWhiteSpace(id))
                throw new RecordValidationException("id", "'id' (the event's id) is empty; leave it out or give a ULID.", "EventIdEmpty");
            PersonIdentifier.Validate(id, "id");
            json.Writer.WriteString("id", id);
        }

        private static void WriteAttributes(JsonBuffer json, AttributeSet attributes, bool personIdentify)
        {
            // As with v1 identify, the service needs created_at as a number: a date or digit string becomes Unix seconds.
            if (personIdentify && attributes.TryGet("created_at", out object createdAt) && !PowerShellValues.IsEmpty(createdAt))
                attributes.Set("created_at", UnixTime.FromObject(createdAt, "created_at"));
            json.Writer.WritePropertyName("attributes");
            attributes.WriteObject(json, "attributes", Limits.AttributesPerIdentify, Limits.AttributeValueBytes);
        }

        /// <summary>Event data: any JSON object up to 100,000 bytes.</summary>
        private static void WriteEventData(JsonBuffer json, AttributeSet data)
        {
            var w = json.Writer;
            w.WritePropertyName("attributes");
            w.Flush();
            long start = json.Position;
            w.WriteStartObject();
            foreach (var item in data.Items)
            {
                if (string.IsNullOrWhiteSpace(item.Key))
                    throw new RecordValidationException("attributes", "'attributes' has a field with an empty name.", "EmptyAttributeName");
                json.Values.WritePropertyName(item.Key, "attributes");
                json.Values.Write(item.Value, "attributes", item.Key);
            }
            w.WriteEndObject();
            w.Flush();
            long size = json.Position - start;
            if (size > Limits.EventDataBytes)
                throw new RecordValidationException("attributes",
                    $"The event data is {size} bytes; the limit is {Limits.EventDataBytes} bytes (UTF-8 JSON).", "EventDataTooLarge");
        }

        /// <summary>cio_relationships: a person's name objects, an object's name people.</summary>
        private static void WriteRelationships(JsonBuffer json, object value, string type, string action)
        {
            string what = type == "person" ? "objects (identifiers: object_type_id and object_id)" : "people (identifiers: id, email, phone or cio_id)";
            var list = AsList(value);
            if (list.Count == 0)
            {
                if (action.EndsWith("_relationships", StringComparison.Ordinal))
                    throw new RecordValidationException("cio_relationships",
                        $"'cio_relationships' is {(value == null ? "missing" : "empty")}; {action} needs at least one relationship to {what}.",
                        "RelationshipsMissing");
            }
            var w = json.Writer;
            w.WritePropertyName("cio_relationships");
            w.WriteStartArray();
            for (int i = 0; i < list.Count; i++)
            {
                string field = $"cio_relationships[{i}]";
                object rel = PowerShellValues.Unwrap(list[i]);
                if (!PowerShellValues.IsRecord(rel))
                    throw new RecordValidationException(field,
                        $"'{field}' must be a hashtable like @{{ identifiers = @{{ ... }}; relationship_attributes = @{{ ... }} }}; got {PowerShellValues.Describe(rel)}.",
                        "NotARecord");
                object identifiers = null;
                AttributeSet attributes = null;
                OrderedShorthand shorthand = null;
                foreach (var f in PowerShellValues.Fields(rel))
                {
                    string key = f.Key.ToLowerInvariant();
                    if (key == "identifiers") identifiers = PowerShellValues.Unwrap(f.Value);
                    else if (key == "relationship_attributes" || key == "attributes")
                    {
                        object v = PowerShellValues.Unwrap(f.Value);
                        if (v != null) attributes = EntitySpec.AttributesOf(v, field + ".relationship_attributes");
                    }
                    else
                    {
                        // Shorthand: @{ object_type_id = '1'; object_id = 'acme' } or @{ id = '42' } names the other side directly.
                        (shorthand ?? (shorthand = new OrderedShorthand())).Add(f.Key, f.Value);
                    }
                }
                if (identifiers != null && shorthand != null)
                    throw new RecordValidationException(field + "." + shorthand.FirstKey,
                        $"'{field}' has identifiers and also '{AttributeSet.Clip(shorthand.FirstKey)}'; put every identifier inside 'identifiers'.",
                        "UnknownIdentifier");
                identifiers = identifiers ?? shorthand?.Table;
                if (identifiers == null)
                    throw new RecordValidationException(field + ".identifiers",
                        $"'{field}.identifiers' is missing; a relationship names {what}.", "IdentifierMissing");
                w.WriteStartObject();
                w.WritePropertyName("identifiers");
                if (type == "person") WriteObjectIdentifiers(json, identifiers, field + ".identifiers");
                else WritePersonIdentifiers(json, identifiers, field + ".identifiers", PersonKeys);
                if (attributes != null)
                {
                    if (action == "delete_relationships")
                        throw new RecordValidationException(field + ".relationship_attributes",
                            $"'{field}' has relationship_attributes, but delete_relationships takes none.", "FieldNotAllowed");
                    w.WritePropertyName("relationship_attributes");
                    attributes.WriteObject(json, field + ".relationship_attributes", Limits.AttributesPerIdentify, Limits.AttributeValueBytes);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }

        private static void WriteDevice(JsonBuffer json, object value, string action)
        {
            object device = PowerShellValues.Unwrap(value);
            if (device == null)
                throw new RecordValidationException("device",
                    $"'device' is missing; {action} needs @{{ token = '...'{(action == "add_device" ? "; platform = 'ios' or 'android'" : "")} }}.", "DeviceMissing");
            if (!PowerShellValues.IsRecord(device))
                throw new RecordValidationException("device", $"'device' must be a hashtable or an object; got {PowerShellValues.Describe(device)}.", "NotARecord");
            string token = null, platform = null;
            object lastUsed = null, attributes = null;
            foreach (var f in PowerShellValues.Fields(device))
            {
                switch (f.Key.ToLowerInvariant())
                {
                    case "token":
                    case "id": token = EntitySpec.Scalar(f.Value, "device.token"); break;
                    case "platform": platform = EntitySpec.Scalar(f.Value, "device.platform"); break;
                    case "last_used": lastUsed = PowerShellValues.Unwrap(f.Value); break;
                    case "attributes": attributes = PowerShellValues.Unwrap(f.Value); break;
                    default:
                        throw new RecordValidationException("device." + f.Key,
                            $"'device' has '{AttributeSet.Clip(f.Key)}'; a device has token, platform, last_used and attributes.", "UnknownDeviceField");
                }
            }
            if (string.IsNullOrWhiteSpace(token))
                throw new RecordValidationException("device.token", "'device.token' is missing; give the device token (v2 calls it token, not id).", "DeviceTokenMissing");
            if (Utf8.IndexOfLoneSurrogate(token) >= 0)
                throw new RecordValidationException("device.token", "'device.token' contains a lone UTF-16 surrogate, which has no UTF-8 form.", "InvalidText");
            var w = json.Writer;
            w.WritePropertyName("device");
            w.WriteStartObject();
            w.WriteString("token", token);
            if (action == "delete_device")
            {
                if (platform != null || lastUsed != null || attributes != null)
                    throw new RecordValidationException("device", "delete_device takes only device.token.", "FieldNotAllowed");
            }
            else
            {
                if (string.IsNullOrWhiteSpace(platform))
                    throw new RecordValidationException("device.platform", "'device.platform' is missing; give ios or android.", "DevicePlatformMissing");
                w.WriteString("platform", platform);
                if (lastUsed != null && !PowerShellValues.IsEmpty(lastUsed))
                    w.WriteNumber("last_used", UnixTime.FromObject(lastUsed, "device.last_used"));
                if (attributes != null)
                {
                    w.WritePropertyName("attributes");
                    EntitySpec.AttributesOf(attributes, "device.attributes")
                        .WriteObject(json, "device.attributes", Limits.AttributesPerIdentify, Limits.AttributeValueBytes);
                }
            }
            w.WriteEndObject();
        }

        /// <summary>A list of records from one record, an array or any enumerable (not a string or a dictionary).</summary>
        private static List<object> AsList(object value)
        {
            var list = new List<object>();
            value = PowerShellValues.Unwrap(value);
            if (value == null) return list;
            if (value is string || value is IDictionary || value is System.Management.Automation.PSObject)
            {
                list.Add(value);
                return list;
            }
            if (value is IEnumerable items)
            {
                foreach (var item in items) list.Add(item);
                return list;
            }
            list.Add(value);
            return list;
        }

        /// <summary>The identifier fields of a shorthand relationship, kept in order.</summary>
        private sealed class OrderedShorthand
        {
            public System.Collections.Specialized.OrderedDictionary Table { get; } = new System.Collections.Specialized.OrderedDictionary(StringComparer.OrdinalIgnoreCase);
            public string FirstKey { get; private set; }

            public void Add(string key, object value)
            {
                if (FirstKey == null) FirstKey = key;
                Table[key] = value;
            }
        }
    }
}
