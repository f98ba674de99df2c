using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using CustomerIo.Track.Json;

namespace CustomerIo.Track.Operations.Messaging
{
    /// <summary>Record-valued parameters of the v1 builders (-Attributes, -Data): merged into a set, written as one JSON object.</summary>
    internal static class FieldRules
    {
        /// <summary>
        /// Merges a record-valued parameter (hashtable or object with properties) over a set; its
        /// empty values remove names unless includeEmpty. Null or an empty string adds nothing.
        /// </summary>
        public static void MergeRecord(AttributeSet set, object values, string field, bool includeEmpty)
        {
            object unwrapped = PowerShellValues.Unwrap(values);
            if (PowerShellValues.IsEmpty(unwrapped)) return;
            if (unwrapped is IDictionary dict) { set.Merge(dict, includeEmpty); return; }
            if (unwrapped is PSObject)
            {
                foreach (var f in PowerShellValues.Fields(unwrapped))
                {
                    if (!includeEmpty && PowerShellValues.IsEmpty(f.Value)) { set.Remove(f.Key); continue; }
                    set.Set(f.Key, f.Value);
                }
                return;
            }
            string hint = unwrapped is string ? " (JSON text? convert it with ConvertFrom-Json first)" : "";
            throw new RecordValidationException(field,
                $"'{field}' must be a hashtable or an object with properties; got {PowerShellValues.Describe(unwrapped)}{hint}.",
                "InvalidRecordValue");
        }

        /// <summary>Writes a set as one JSON object with no per-value limits (event data, form data).</summary>
        public static byte[] WriteObject(AttributeSet set, string field)
        {
            using (var json = JsonBuffer.Rent())
            {
                var w = json.Writer;
                w.WriteStartObject();
                foreach (var item in set.Items)
                {
                    if (string.IsNullOrWhiteSpace(item.Key))
                        throw new RecordValidationException(field, $"'{field}' has a field with an empty name.", "EmptyAttributeName");
                    json.Values.WritePropertyName(item.Key, field);
                    json.Values.Write(item.Value, field, item.Key);
                }
                w.WriteEndObject();
                return json.ToArray();
            }
        }
    }
}
