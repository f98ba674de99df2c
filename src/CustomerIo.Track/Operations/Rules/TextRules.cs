using System;
using System.Collections.Generic;
using CustomerIo.Track.Json;

namespace CustomerIo.Track.Operations.Rules
{
    /// <summary>
    /// The contract's rules for text fields, kept once: a required value is not blank, text has a
    /// UTF-8 form (no lone UTF-16 surrogate), an enumerated value is one the file lists.
    /// </summary>
    internal static class TextRules
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
    }
}
