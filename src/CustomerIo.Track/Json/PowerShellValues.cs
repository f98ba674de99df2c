using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Reflection;

namespace CustomerIo.Track.Json
{
    /// <summary>Reads what users pipe in: PSObjects, PSCustomObjects (Import-Csv rows), hashtables, plain .NET values.</summary>
    internal static class PowerShellValues
    {
        // PSObject.Properties builds PowerShell's whole member view (reserved member sets, type-table
        // members, a lock) on every call: most of a record's cost for an Import-Csv row. A custom
        // object's own properties are its instance members; read those directly where the engine
        // has them (pwsh 7 and Windows PowerShell 5.1), and fall back to Properties otherwise.
        private static readonly Func<PSObject, IEnumerable> InstanceMembers = InstanceMembersGetter();

        private static Func<PSObject, IEnumerable> InstanceMembersGetter()
        {
            try
            {
                var getter = typeof(PSObject).GetProperty("InstanceMembers", BindingFlags.NonPublic | BindingFlags.Instance)?.GetGetMethod(true);
                if (getter == null || !typeof(IEnumerable).IsAssignableFrom(getter.ReturnType)) return null;
                return (Func<PSObject, IEnumerable>)Delegate.CreateDelegate(typeof(Func<PSObject, IEnumerable>), getter, false);
            }
            catch (Exception) { return null; }
        }

        /// <summary>A custom object's own property of that name (case-insensitive), fast where possible.</summary>
        private static PSPropertyInfo FindCustomProperty(PSObject pso, string name)
        {
            if (InstanceMembers == null) return pso.Properties[name];
            foreach (object member in InstanceMembers(pso))
                if (member is PSPropertyInfo p && IsData(p) && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) return p;
            return null;
        }

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
        public static List<KeyValuePair<string, object>> Fields(object input)
        {
            var fields = new List<KeyValuePair<string, object>>();
            ReadFields(input, fields);
            return fields;
        }

        /// <summary>Adds the named fields of a piped record, in order, to a list (the per-row path reuses one).</summary>
        public static void ReadFields(object input, List<KeyValuePair<string, object>> into)
        {
            if (input == null) return;
            object unwrapped = Unwrap(input);
            if (unwrapped is IDictionary dict)
            {
                foreach (DictionaryEntry e in dict)
                    into.Add(new KeyValuePair<string, object>(Convert.ToString(e.Key, System.Globalization.CultureInfo.InvariantCulture), e.Value));
                return;
            }
            var pso = input as PSObject ?? unwrapped as PSObject;
            if (pso == null) return;
            // A .NET object's adapted properties are all candidates; a custom object's are its own.
            if (pso.BaseObject is PSCustomObject)
            {
                if (InstanceMembers != null)
                {
                    // Once a script has read $row.psobject, the hidden members (pstypenames...) are instance members too.
                    foreach (object member in InstanceMembers(pso))
                        if (member is PSPropertyInfo property && IsData(property)) into.Add(Field(property));
                    return;
                }
                foreach (var p in pso.Properties)
                    if (IsData(p)) into.Add(Field(p));
                return;
            }
            foreach (var p in pso.Properties) into.Add(Field(p));
        }

        // A custom object's data: its note and script properties, not the code properties PowerShell adds.
        private static bool IsData(PSPropertyInfo p) => p.MemberType == PSMemberTypes.NoteProperty || p.MemberType == PSMemberTypes.ScriptProperty;

        private static KeyValuePair<string, object> Field(PSPropertyInfo p)
        {
            object v;
            try { v = p.Value; }
            catch (Exception ex) { v = new UnreadableValue(ex.Message); }
            return new KeyValuePair<string, object>(p.Name, v);
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
                if (pso.BaseObject is PSCustomObject)
                {
                    foreach (var name in names)
                    {
                        var p = FindCustomProperty(pso, name);
                        if (p != null) { value = p.Value; return true; }
                    }
                }
                else
                {
                    foreach (var name in names)
                    {
                        var p = pso.Properties[name];
                        if (p != null) { value = p.Value; return true; }
                    }
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
