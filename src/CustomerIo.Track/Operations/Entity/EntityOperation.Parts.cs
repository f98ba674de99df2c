using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using CustomerIo.Track.Json;
using CustomerIo.Track.Operations.Rules;

namespace CustomerIo.Track.Operations.Entity
{
    /// <summary>The parts of a v2 item other than its identifiers: name, event id, attributes or event data, relationships, device.</summary>
    internal static partial class EntityOperation
    {
        private static void WriteName(JsonBuffer json, object value, string type)
        {
            string what = type == "delivery" ? "the delivery metric (opened, converted or delivered)" : "the event name";
            json.Writer.WriteString("name", EventRules.Name(EntitySpec.Scalar(value, "name"), "give " + what));
        }

        private static void WriteEventId(JsonBuffer json, object value)
        {
            string id = EntitySpec.Scalar(value, "id");
            if (string.IsNullOrWhiteSpace(id))
                throw new RecordValidationException("id", "'id' (the event's id) is empty; leave it out or give a ULID.", "EventIdEmpty");
            IdentifierRules.Check(id, "id");
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
            EventRules.DataSize(json.Position - start, "attributes");
        }

        /// <summary>cio_relationships: a person's name objects, an object's name people.</summary>
        private static void WriteRelationships(JsonBuffer json, object value, string type, string action, bool emailIdentifies)
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
                else WritePersonIdentifiers(json, identifiers, field + ".identifiers", IdentifierRules.PersonKinds, emailIdentifies);
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
            token = DeviceRules.Token(token, "device.token", "give the device token");
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
                // The same platforms as v1 (the file's enum), sent in its spelling.
                w.WriteString("platform", DeviceRules.Platform(platform, "device.platform"));
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
