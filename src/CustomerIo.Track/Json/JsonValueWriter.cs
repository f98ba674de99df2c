using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Numerics;
using System.Text.Json;
using CustomerIo.Track.Operations;

namespace CustomerIo.Track.Json
{
    /// <summary>
    /// The one place that turns PowerShell values into JSON. Type rules: strings stay strings (no
    /// guessing), numbers and booleans keep their types, DateTime/DateTimeOffset become Unix seconds,
    /// hashtables and custom objects become objects, lists become arrays. Values with no JSON form
    /// (ScriptBlocks, NaN, cycles, lone surrogates, arbitrary .NET objects) are refused with the path named.
    /// </summary>
    internal sealed class JsonValueWriter
    {
        private readonly Utf8JsonWriter _writer;
        private readonly List<object> _visiting = new List<object>();

        public JsonValueWriter(Utf8JsonWriter writer) { _writer = writer; }

        public void Write(object value, string path) => Write(value, null, path, 0);

        /// <summary>Writes a field's value; its path (parent.name) is only spelled out for a message or a nested value.</summary>
        public void Write(object value, string parent, string name) => Write(value, parent, name, 0);

        private static string PathOf(string parent, string name) => parent == null ? name : parent + "." + name;

        // Records have many scalar fields: nothing is allocated for them (no path string, no closure).
        private void Write(object value, string parent, string name, int depth)
        {
            value = PowerShellValues.Unwrap(value);
            switch (value)
            {
                case null:
                case DBNull _:
                    _writer.WriteNullValue(); return;
                case string s: WriteString(s, parent, name); return;
                case char c: WriteString(c.ToString(), parent, name); return;
                case bool b: _writer.WriteBooleanValue(b); return;
                case int i: _writer.WriteNumberValue(i); return;
                case long l: _writer.WriteNumberValue(l); return;
                case short sh: _writer.WriteNumberValue(sh); return;
                case byte by: _writer.WriteNumberValue(by); return;
                case sbyte sb: _writer.WriteNumberValue(sb); return;
                case ushort us: _writer.WriteNumberValue(us); return;
                case uint ui: _writer.WriteNumberValue(ui); return;
                case ulong ul: _writer.WriteNumberValue(ul); return;
                case BigInteger bi: _writer.WriteRawValue(bi.ToString(CultureInfo.InvariantCulture), skipInputValidation: true); return;
                case decimal m: _writer.WriteNumberValue(m); return;
                case double d: WriteDouble(d, parent, name); return;
                case float f: WriteDouble(f, parent, name); return;
                case DateTime dt: _writer.WriteNumberValue(UnixTime.FromDateTime(dt, PathOf(parent, name))); return;
                case DateTimeOffset dto: _writer.WriteNumberValue(UnixTime.FromDateTimeOffset(dto, PathOf(parent, name))); return;
                case Guid g: _writer.WriteStringValue(g.ToString()); return;
                case Uri u: WriteString(u.OriginalString, parent, name); return;
                case Enum e: _writer.WriteStringValue(e.ToString()); return;
                case ScriptBlock _:
                    throw NoJsonForm(PathOf(parent, name), "a ScriptBlock", "run it first and pass its result");
                case PowerShellValues.UnreadableValue unreadable:
                    string unreadablePath = PathOf(parent, name);
                    throw new RecordValidationException(unreadablePath, $"'{unreadablePath}' could not be read: {unreadable.Reason}", "UnreadableValue");
                case PSObject _:
                case IDictionary _:
                case IEnumerable _:
                    WriteContainer(value, PathOf(parent, name), depth); return;
                default:
                    throw NoJsonForm(PathOf(parent, name), $"a [{value.GetType().FullName}]",
                        "pass a string, number, boolean, date, hashtable, custom object or array instead");
            }
        }

        private void WriteString(string s, string parent, string name)
        {
            int bad = Utf8.IndexOfLoneSurrogate(s);
            if (bad >= 0)
            {
                string path = PathOf(parent, name);
                throw new RecordValidationException(path,
                    $"'{path}' contains a lone UTF-16 surrogate (U+{(int)s[bad]:X4} at position {bad}), which has no UTF-8 form.",
                    "InvalidText");
            }
            _writer.WriteStringValue(s);
        }

        private void WriteDouble(double d, string parent, string name)
        {
            if (double.IsNaN(d) || double.IsInfinity(d))
            {
                string path = PathOf(parent, name);
                throw new RecordValidationException(path,
                    $"'{path}' is {d.ToString(CultureInfo.InvariantCulture)}, which JSON cannot represent; send a finite number.",
                    "NumberNotFinite");
            }
            _writer.WriteNumberValue(d);
        }

        // A custom object or dictionary becomes an object, any other list an array.
        private void WriteContainer(object container, string path, int depth)
        {
            if (depth >= Limits.MaxDepth)
                throw new RecordValidationException(path,
                    $"'{path}' is nested more than {Limits.MaxDepth} levels deep; flatten it.", "NestedTooDeep");
            foreach (var seen in _visiting)
                if (ReferenceEquals(seen, container))
                    throw new RecordValidationException(path, $"'{path}' refers back to itself (a circular reference).", "CircularReference");
            _visiting.Add(container);
            try
            {
                if (container is PSObject || container is IDictionary) WriteFields(container, path, depth);
                else WriteArray((IEnumerable)container, path, depth);
            }
            finally { _visiting.RemoveAt(_visiting.Count - 1); }
        }

        private void WriteFields(object record, string path, int depth)
        {
            _writer.WriteStartObject();
            foreach (var field in PowerShellValues.Fields(record))
            {
                WritePropertyName(field.Key, path);
                Write(field.Value, path, field.Key, depth + 1);
            }
            _writer.WriteEndObject();
        }

        private void WriteArray(IEnumerable list, string path, int depth)
        {
            _writer.WriteStartArray();
            int index = 0;
            foreach (var item in list)
                Write(item, null, path + "[" + index++ + "]", depth + 1);
            _writer.WriteEndArray();
        }

        /// <summary>Writes a field's name; the message names the field as parent.name.</summary>
        public void WritePropertyName(string name, string parent)
        {
            if (Utf8.IndexOfLoneSurrogate(name) >= 0)
            {
                string path = PathOf(parent, name);
                throw new RecordValidationException(path, $"The name of '{path}' contains a lone UTF-16 surrogate, which has no UTF-8 form.", "InvalidText");
            }
            _writer.WritePropertyName(name);
        }

        private static RecordValidationException NoJsonForm(string path, string what, string hint) =>
            new RecordValidationException(path, $"'{path}' is {what}, which has no JSON form; {hint}.", "ValueHasNoJsonForm");
    }
}
