using System;
using System.Globalization;
using CustomerIo.Track.Json;

namespace CustomerIo.Track.Operations.Rules
{
    /// <summary>
    /// A form submission as the file shapes it: every value is a string. Numbers, booleans and dates
    /// are sent as their text (as a browser submits a form); a list or a nested record has no text
    /// form and is refused, naming the field. Who submitted it (an email or id field, or a field the
    /// workspace maps to one) is the service's to decide: the mappings are workspace settings.
    /// </summary>
    internal static class FormRules
    {
        public static AttributeSet Data(AttributeSet data)
        {
            var text = new AttributeSet();
            foreach (var item in data.Items)
            {
                object value = PowerShellValues.Unwrap(item.Value);
                text.Set(item.Key, AsText(value, item.Key));
            }
            return text;
        }

        private static string AsText(object value, string name)
        {
            switch (value)
            {
                case null: return "";
                case string s: return TextRules.Text(s, "data." + name);
                case bool b: return b ? "true" : "false";
                case DateTime d: return d.ToString("o", CultureInfo.InvariantCulture);
                case DateTimeOffset o: return o.ToString("o", CultureInfo.InvariantCulture);
                case Enum e: return e.ToString();
                case char c: return c.ToString();
                case IFormattable f when IsNumber(value): return f.ToString(null, CultureInfo.InvariantCulture);
                default:
                    throw new RecordValidationException("data." + name,
                        $"'data.{AttributeSet.Clip(name)}' is {PowerShellValues.Describe(value)}; a form's values are text (the file types them as strings).",
                        "FormValueNotText");
            }
        }

        private static bool IsNumber(object value) =>
            value is int || value is long || value is double || value is decimal || value is float ||
            value is short || value is byte || value is sbyte || value is ushort || value is uint || value is ulong ||
            value is System.Numerics.BigInteger;

    }
}
