using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;

namespace CustomerIo.Track.Json
{
    /// <summary>Reads what users pipe in: PSObjects, PSCustomObjects (Import-Csv rows), hashtables, plain .NET values.</summary>
    internal static class PowerShellValues
    {
        /// <summary>Strips the PSObject wrapper of plain values; keeps it for PSCustomObjects, whose data are its properties.</summary>
        public static object Unwrap(object value)
        {
            while (value is PSObject pso)
            {
                if (pso.BaseObject is PSCustomObject) return pso;
                value = pso.BaseObject;
            }
            return value;
        }

        /// <summary>True for values that are records (have named fields): PSCustomObject or a dictionary.</summary>
        public static bool IsRecord(object value)
        {
            value = Unwrap(value);
            return value is PSObject || value is IDictionary;
        }

        /// <summary>The named fields of a piped record, in order.</summary>
        public static IEnumerable<KeyValuePair<string, object>> Fields(object input)
        {
            if (input == null) yield break;
            object unwrapped = Unwrap(input);
            if (unwrapped is IDictionary dict)
            {
                foreach (DictionaryEntry e in dict)
                    yield return new KeyValuePair<string, object>(Convert.ToString(e.Key, System.Globalization.CultureInfo.InvariantCulture), e.Value);
                yield break;
            }
            var pso = input as PSObject ?? unwrapped as PSObject;
            if (pso == null) yield break;
            bool custom = pso.BaseObject is PSCustomObject;
            foreach (var p in pso.Properties)
            {
                // A .NET object's adapted properties are all candidates; a custom object's are its notes.
                if (custom && p.MemberType != PSMemberTypes.NoteProperty && p.MemberType != PSMemberTypes.ScriptProperty) continue;
                object v;
                try { v = p.Value; }
                catch (Exception ex) { v = new UnreadableValue(ex.Message); }
                yield return new KeyValuePair<string, object>(p.Name, v);
            }
        }

        /// <summary>The value of the first field of the record named like one of the names (case-insensitive).</summary>
        public static bool TryGetField(object input, out object value, params string[] names)
        {
            object unwrapped = Unwrap(input);
            if (unwrapped is IDictionary dict)
            {
                foreach (var name in names)
                    foreach (DictionaryEntry e in dict)
                        if (string.Equals(Convert.ToString(e.Key), name, StringComparison.OrdinalIgnoreCase))
                        { value = e.Value; return true; }
            }
            else if ((input as PSObject ?? unwrapped as PSObject) is PSObject pso)
            {
                foreach (var name in names)
                {
                    var p = pso.Properties[name];
                    if (p != null) { value = p.Value; return true; }
                }
            }
            value = null;
            return false;
        }

        /// <summary>A short description of a value for error messages (type and a clipped text).</summary>
        public static string Describe(object value)
        {
            value = Unwrap(value);
            if (value == null) return "null";
            string text = value is PSObject ? "a custom object" : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
            if (text != null && text.Length > 40) text = text.Substring(0, 40) + "...";
            return $"[{value.GetType().Name}] '{text}'";
        }

        /// <summary>Null, an empty string or whitespace only: the value of an empty CSV cell.</summary>
        public static bool IsEmpty(object value)
        {
            value = Unwrap(value);
            return value == null || value is DBNull || (value is string s && s.Length == 0);
        }

        /// <summary>Marks a property whose getter threw, so the error names it instead of crashing the record.</summary>
        internal sealed class UnreadableValue
        {
            public UnreadableValue(string reason) { Reason = reason; }
            public string Reason { get; }
        }
    }
}
