using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using CustomerIo.Track.Json;
using CustomerIo.Track.Operations.Rules;

namespace CustomerIo.Track.Operations.Entity
{
    /// <summary>The identifier writers of a v2 item: a person, an object, a delivery, a merge side.</summary>
    internal static partial class EntityOperation
    {
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

        /// <summary>How a v2 item names a person: the kind, the value sent, and the key of messages and entity order.</summary>
        internal struct NamedPerson
        {
            public string Kind, Value, Key;
        }

        /// <summary>Writes {"id"|"email"|"phone"|"cio_id": value}.</summary>
        internal static NamedPerson WritePersonIdentifiers(JsonBuffer json, object record, string field, string[] keys, bool emailIdentifies)
        {
            string hint = $"A person is named by exactly one of {string.Join(", ", keys)}.";
            var ids = IdentifierFields(record, field, keys, hint);
            if (ids.Count == 0)
                throw new RecordValidationException(field, $"'{field}' names no person. {hint}", "IdentifierMissing");
            if (ids.Count > 1)
                throw new RecordValidationException(field,
                    $"'{field}' has {string.Join(" and ", ids.Select(kv => kv.Key))}. {hint}", "AmbiguousIdentifier");
            string kind = ids[0].Key, value = ids[0].Value;
            IdentifierRules.Check(value, field + "." + kind);
            IdentifierRules.CheckKindAllowed(kind, field + "." + kind, emailIdentifies);
            if (kind == "cio_id" && value.StartsWith("cio_", StringComparison.Ordinal) && value.Length > 4) value = value.Substring(4);
            var w = json.Writer;
            w.WriteStartObject();
            w.WriteString(kind, value);
            w.WriteEndObject();
            // The same text the v1 cmdlets key people by (a cio_id as cio_<id>), so keys agree.
            return new NamedPerson { Kind = kind, Value = value, Key = kind == "cio_id" ? "cio_" + value : value };
        }

        /// <summary>Writes {"object_type_id","object_id"} or {"cio_object_id"}; returns "type:id" (or the cio_object_id).</summary>
        internal static string WriteObjectIdentifiers(JsonBuffer json, object record, string field)
        {
            const string hint = "An object is named by object_type_id and object_id, or by cio_object_id.";
            var ids = IdentifierFields(record, field, IdentifierRules.ObjectKeys, hint);
            string Get(string k) => ids.FirstOrDefault(kv => kv.Key == k).Value;
            string typeId = Get("object_type_id"), objectId = Get("object_id"), cioObjectId = Get("cio_object_id");
            var w = json.Writer;
            w.WriteStartObject();
            string identifier;
            if (cioObjectId != null)
            {
                if (typeId != null || objectId != null)
                    throw new RecordValidationException(field, $"'{field}' has cio_object_id and object_type_id/object_id; give one or the other. {hint}", "AmbiguousIdentifier");
                IdentifierRules.Check(cioObjectId, field + ".cio_object_id");
                w.WriteString("cio_object_id", cioObjectId);
                identifier = cioObjectId;
            }
            else
            {
                if (typeId == null)
                    throw new RecordValidationException(field + ".object_type_id", $"'{field}.object_type_id' is missing. {hint}", "IdentifierMissing");
                if (objectId == null)
                    throw new RecordValidationException(field + ".object_id", $"'{field}.object_id' is missing. {hint}", "IdentifierMissing");
                IdentifierRules.Check(typeId, field + ".object_type_id");
                IdentifierRules.Check(objectId, field + ".object_id");
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
            IdentifierRules.Check(ids[0].Value, "identifiers.id");
            var w = json.Writer;
            w.WriteStartObject();
            w.WriteString("id", ids[0].Value);
            w.WriteEndObject();
            return ids[0].Value;
        }

        private static NamedPerson WriteMergeSide(JsonBuffer json, string side, object record, bool emailIdentifies)
        {
            if (record == null)
                throw new RecordValidationException(side,
                    $"'{side}' is missing; a merge names the person kept (primary) and the one merged into it (secondary), each by exactly one of id, email or cio_id.",
                    "IdentifierMissing");
            json.Writer.WritePropertyName(side);
            return WritePersonIdentifiers(json, record, side, IdentifierRules.NamedKinds, emailIdentifies);
        }
    }
}
