using System;
using System.Collections;
using System.Collections.Generic;
using CustomerIo.Track.Json;

namespace CustomerIo.Track.Operations
{
    /// <summary>
    /// The named values of one record (a person's attributes, an event's data), in input order,
    /// with PowerShell's case-insensitive names: a later value for the same name replaces the earlier.
    /// </summary>
    internal sealed class AttributeSet
    {
        // Records have a handful of fields: a list searched in order beats a dictionary per record.
        // Removed entries keep their slot with a null name, so positions stay stable.
        private readonly List<KeyValuePair<string, object>> _items = new List<KeyValuePair<string, object>>(8);
        private int _count;

        // Reused by FromRecord on each thread: reading a row's fields allocates nothing of its own.
        [ThreadStatic] private static List<KeyValuePair<string, object>> _scratch;

        public int Count => _count;

        public IEnumerable<KeyValuePair<string, object>> Items
        {
            get { foreach (var item in _items) if (item.Key != null) yield return item; }
        }

        /// <summary>The fields of a piped record, less the excluded names; empty cells dropped unless includeEmpty.</summary>
        public static AttributeSet FromRecord(object record, ICollection<string> excluded, bool includeEmpty)
        {
            var set = new AttributeSet();
            var fields = _scratch ?? (_scratch = new List<KeyValuePair<string, object>>());
            fields.Clear();
            PowerShellValues.ReadFields(record, fields);
            foreach (var field in fields)
            {
                if (excluded != null && excluded.Contains(field.Key)) continue;
                if (!includeEmpty && PowerShellValues.IsEmpty(field.Value)) continue;
                set.Set(field.Key, field.Value);
            }
            fields.Clear(); // drop the references: the row must not outlive its batch here
            return set;
        }

        /// <summary>Merges a hashtable over the set (its values win).</summary>
        public void Merge(IDictionary values, bool includeEmpty)
        {
            if (values == null) return;
            foreach (DictionaryEntry e in values)
            {
                string name = Convert.ToString(e.Key, System.Globalization.CultureInfo.InvariantCulture);
                if (!includeEmpty && PowerShellValues.IsEmpty(e.Value)) { Remove(name); continue; }
                Set(name, e.Value);
            }
        }

        public void Set(string name, object value)
        {
            int i = IndexOf(name);
            if (i >= 0) _items[i] = new KeyValuePair<string, object>(_items[i].Key, value);
            else
            {
                _items.Add(new KeyValuePair<string, object>(name, value));
                _count++;
            }
        }

        public bool TryGet(string name, out object value)
        {
            int i = IndexOf(name);
            value = i >= 0 ? _items[i].Value : null;
            return i >= 0;
        }

        public void Remove(string name)
        {
            int i = IndexOf(name);
            if (i < 0) return;
            _items[i] = new KeyValuePair<string, object>(null, null);
            _count--;
        }

        private int IndexOf(string name)
        {
            for (int i = 0; i < _items.Count; i++)
                if (_items[i].Key != null && string.Equals(_items[i].Key, name, StringComparison.OrdinalIgnoreCase)) return i;
            return -1;
        }

        /// <summary>
        /// Writes the set as one JSON object, checking each name (150 bytes) and each value
        /// (valueLimit bytes) and the count; field names the object in messages ("attributes", "data").
        /// </summary>
        public void WriteObject(JsonBuffer json, string field, int maxCount, int valueLimit)
        {
            int count = _count;
            if (count > maxCount)
                throw new RecordValidationException(field,
                    $"'{field}' has {count} attributes; Customer.io accepts at most {maxCount} in one request.", "TooManyAttributes");

            var w = json.Writer;
            w.WriteStartObject();
            foreach (var item in _items)
            {
                string name = item.Key;
                if (name == null) continue; // removed
                if (string.IsNullOrWhiteSpace(name))
                    throw new RecordValidationException(field, $"'{field}' has an attribute with an empty name.", "EmptyAttributeName");
                int nameBytes = Utf8.ByteCount(name);
                if (nameBytes > Limits.AttributeNameBytes)
                    throw new RecordValidationException(field + "." + name,
                        $"The attribute name '{Clip(name)}' is {nameBytes} bytes; the limit is {Limits.AttributeNameBytes} bytes (UTF-8).",
                        "AttributeNameTooLong");
                json.Values.WritePropertyName(name, field);
                long before = json.Position;
                json.Values.Write(item.Value, name);
                long size = PowerShellValues.Unwrap(item.Value) is string s ? Utf8.ByteCount(s) : json.Position - before;
                if (size > valueLimit)
                    throw new RecordValidationException(name,
                        $"The value of '{Clip(name)}' is {size} bytes; the limit is {valueLimit} bytes (UTF-8).",
                        "AttributeValueTooLong");
            }
            w.WriteEndObject();
        }

        internal static string Clip(string s) => s.Length > 40 ? s.Substring(0, 40) + "..." : s;
    }
}
