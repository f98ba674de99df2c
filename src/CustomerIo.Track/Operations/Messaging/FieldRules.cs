using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using CustomerIo.Track.Json;

namespace CustomerIo.Track.Operations.Messaging
{
    /// <summary>Checks shared by the v1 builders: required text, enumerated values, record-valued parameters.</summary>
    internal static class FieldRules
    {
        /// <summary>Refuses a missing or blank value and text with no UTF-8 form; returns the value.</summary>
        public static string Required(string value, string field, string what)
        {
            if (string.IsNullOrWhiteSpace(value))
                throw new RecordValidationException(field,
                    $"'{field}' is {(value == null ? "missing" : "empty")}; {what}.", "FieldMissing");
            return Text(value, field);
        }

        /// <summary>Refuses text with a lone UTF-16 surrogate (it has no UTF-8 form); returns the value.</summary>
        public static string Text(string value, string field)
        {
            if (value != null && Utf8.IndexOfLoneSurrogate(value) >= 0)
                throw new RecordValidationException(field, $"'{field}' contains a lone UTF-16 surrogate, which has no UTF-8 form.", "InvalidText");
            return value;
        }

        /// <summary>
        /// One of the allowed values, compared case-insensitively and returned as the allowed
        /// spelling (lower case); the error names the value and the allowed ones.
        /// </summary>
        public static string OneOf(string value, string field, IReadOnlyList<string> allowed, string errorId)
        {
            string trimmed = value?.Trim();
            foreach (var a in allowed)
                if (string.Equals(a, trimmed, StringComparison.OrdinalIgnoreCase)) return a;
            string shown = value == null ? "missing" : trimmed.Length == 0 ? "empty" : $"'{AttributeSet.Clip(value)}'";
            throw new RecordValidationException(field,
                $"'{field}' is {shown}; it must be one of {string.Join(", ", allowed)}.", errorId);
        }

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
