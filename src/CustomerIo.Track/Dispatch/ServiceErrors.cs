using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace CustomerIo.Track.Dispatch
{
    /// <summary>Reads the service's error bodies: v1 meta.error / meta.errors, v2 errors[], or plain text.</summary>
    internal static class ServiceErrors
    {
        public static string Message(string body)
        {
            if (string.IsNullOrWhiteSpace(body)) return null;
            try
            {
                using (var doc = JsonDocument.Parse(body))
                {
                    var root = doc.RootElement;
                    if (root.ValueKind == JsonValueKind.Object)
                    {
                        if (root.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object)
                        {
                            if (meta.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
                                return error.GetString();
                            if (meta.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
                                return Join(errors);
                        }
                        if (root.TryGetProperty("errors", out var v2) && v2.ValueKind == JsonValueKind.Array)
                            return Join(v2);
                        if (root.TryGetProperty("error", out var plain) && plain.ValueKind == JsonValueKind.String)
                            return plain.GetString();
                    }
                }
            }
            catch (JsonException) { }
            string text = body.Trim();
            return text.Length > 500 ? text.Substring(0, 500) + "..." : text;
        }

        /// <summary>The items a 207 answer rejected: batch_index -> "reason: message (field 'x')".</summary>
        public static Dictionary<int, string> BatchItemErrors(string body)
        {
            var result = new Dictionary<int, string>();
            if (string.IsNullOrWhiteSpace(body)) return result;
            try
            {
                using (var doc = JsonDocument.Parse(body))
                {
                    if (doc.RootElement.ValueKind != JsonValueKind.Object
                        || !doc.RootElement.TryGetProperty("errors", out var errors)
                        || errors.ValueKind != JsonValueKind.Array) return result;
                    foreach (var e in errors.EnumerateArray())
                    {
                        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("batch_index", out var index)
                            || !index.TryGetInt32(out int i)) continue;
                        string text = Describe(e);
                        result[i] = result.TryGetValue(i, out var earlier) ? earlier + "; " + text : text;
                    }
                }
            }
            catch (JsonException) { }
            return result;
        }

        private static string Join(JsonElement errors)
        {
            var parts = new List<string>();
            foreach (var e in errors.EnumerateArray())
                parts.Add(e.ValueKind == JsonValueKind.String ? e.GetString() : Describe(e));
            return string.Join("; ", parts);
        }

        internal static string Describe(JsonElement e)
        {
            if (e.ValueKind != JsonValueKind.Object) return e.ToString();
            string reason = Text(e, "reason"), message = Text(e, "message"), field = Text(e, "field");
            var sb = new StringBuilder();
            if (reason != null) sb.Append(reason);
            if (message != null) sb.Append(sb.Length > 0 ? ": " : "").Append(message);
            if (field != null) sb.Append(sb.Length > 0 ? " " : "").Append("(field '").Append(field).Append("')");
            return sb.Length > 0 ? sb.ToString() : e.ToString();
        }

        private static string Text(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
                ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.ToString())
                : null;
    }
}
