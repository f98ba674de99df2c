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

        public void Write(object value, string path) => Write(value, path, 0);

        private void Write(object value, string path, int depth)
        {
            value = PowerShellValues.Unwrap(value);
            switch (value)
            {
                case null:
                case DBNull _:
                    _writer.WriteNullValue(); return;
                case string s: WriteString(s, path); return;
                case char c: WriteString(c.ToString(), path); return;
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
                case double d: WriteDouble(d, path); return;
                case float f: WriteDouble(f, path); return;
                case DateTime dt: _writer.WriteNumberValue(UnixTime.FromDateTime(dt, path)); return;
                case DateTimeOffset dto: _writer.WriteNumberValue(UnixTime.FromDateTimeOffset(dto, path)); return;
                case Guid g: _writer.WriteStringValue(g.ToString()); return;
                case Uri u: WriteString(u.OriginalString, path); return;
                case Enum e: _writer.WriteStringValue(e.ToString()); return;
                case ScriptBlock _:
                    throw NoJsonForm(path, "a ScriptBlock", "run it first and pass its result");
                case PowerShellValues.UnreadableValue unreadable:
                    throw new RecordValidationException(path, $"'{path}' could not be read: {unreadable.Reason}", "UnreadableValue");
                case PSObject pso: WriteContainer(pso, path, depth, () => WriteFields(pso, path, depth)); return;
                case IDictionary dict: WriteContainer(dict, path, depth, () => WriteFields(dict, path, depth)); return;
                case IEnumerable list: WriteContainer(list, path, depth, () => WriteArray(list, path, depth)); return;
                default:
                    throw NoJsonForm(path, $"a [{value.GetType().FullName}]",
                        "pass a string, number, boolean, date, hashtable, custom object or array instead");
            }
        }

        private void WriteString(string s, string path)
        {
            int bad = Utf8.IndexOfLoneSurrogate(s);
            if (bad >= 0)
                throw new RecordValidationException(path,
                    $"'{path}' contains a lone UTF-16 surrogate (U+{(int)s[bad]:X4} at position {bad}), which has no UTF-8 form.",
                    "InvalidText");
            _writer.WriteStringValue(s);
        }

        private void WriteDouble(double d, string path)
        {
            if (double.IsNaN(d) || double.IsInfinity(d))
                throw new RecordValidationException(path,
                    $"'{path}' is {d.ToString(CultureInfo.InvariantCulture)}, which JSON cannot represent; send a finite number.",
                    "NumberNotFinite");
            _writer.WriteNumberValue(d);
        }

        private void WriteContainer(object container, string path, int depth, Action writeBody)
        {
            if (depth >= Limits.MaxDepth)
                throw new RecordValidationException(path,
                    $"'{path}' is nested more than {Limits.MaxDepth} levels deep; flatten it.", "NestedTooDeep");
            foreach (var seen in _visiting)
                if (ReferenceEquals(seen, container))
                    throw new RecordValidationException(path, $"'{path}' refers back to itself (a circular reference).", "CircularReference");
            _visiting.Add(container);
            try { writeBody(); }
            finally { _visiting.RemoveAt(_visiting.Count - 1); }
        }

        private void WriteFields(object record, string path, int depth)
        {
            _writer.WriteStartObject();
            foreach (var field in PowerShellValues.Fields(record))
            {
                string childPath = path + "." + field.Key;
                WritePropertyName(field.Key, childPath);
                Write(field.Value, childPath, depth + 1);
            }
            _writer.WriteEndObject();
        }

        private void WriteArray(IEnumerable list, string path, int depth)
        {
            _writer.WriteStartArray();
            int index = 0;
            foreach (var item in list)
                Write(item, path + "[" + index++ + "]", depth + 1);
            _writer.WriteEndArray();
        }

        public void WritePropertyName(string name, string path)
        {
            if (Utf8.IndexOfLoneSurrogate(name) >= 0)
                throw new RecordValidationException(path, $"The name of '{path}' contains a lone UTF-16 surrogate, which has no UTF-8 form.", "InvalidText");
            _writer.WritePropertyName(name);
        }

        private static RecordValidationException NoJsonForm(string path, string what, string hint) =>
            new RecordValidationException(path, $"'{path}' is {what}, which has no JSON form; {hint}.", "ValueHasNoJsonForm");
    }
}
