using System.Collections;
using System.Collections.Generic;
using System.Text.Json;
using CustomerIo.Track.Json;

namespace CustomerIo.Track.Operations.Entity
{
    /// <summary>
    /// What Send-CioEntity and Invoke-CioBatch accept as one operation: a view emitted by
    /// -AsOperation (its Operation, with the original row, is used as it is), a hashtable or
    /// object in v2 shape, or the same as a JSON text.
    /// </summary>
    internal static class EntityInput
    {
        /// <summary>
        /// Unwraps a {"batch":[...]} envelope (a saved batch request read back with
        /// ConvertFrom-Json) into its items; anything else is one item.
        /// </summary>
        public static IEnumerable<object> Expand(object value)
        {
            if (OperationView.Find(value) == null)
            {
                object record = ParseIfJson(value);
                if (PowerShellValues.IsRecord(record))
                {
                    int fields = 0;
                    object batch = null;
                    foreach (var f in PowerShellValues.Fields(record))
                    {
                        fields++;
                        if (string.Equals(f.Key, "batch", System.StringComparison.OrdinalIgnoreCase)) batch = PowerShellValues.Unwrap(f.Value);
                    }
                    if (fields == 1 && batch is IEnumerable items && !(batch is string) && !(batch is IDictionary))
                    {
                        foreach (var item in items) yield return item;
                        yield break;
                    }
                }
            }
            yield return value;
        }

        /// <summary>The Operation of one input; the input itself (not a PSObject wrapper), or for a view its original row, is its InputObject.</summary>
        public static Operation ToOperation(object value, bool emailIdentifies)
        {
            var op = OperationView.Find(value);
            if (op != null) return op;
            return EntityOperation.FromRecord(ParseIfJson(value), PowerShellValues.Unwrap(value), emailIdentifies);
        }

        /// <summary>The same operation as a single POST /api/v2/entity (for a view whose single request is v1).</summary>
        public static Operation ForEntityEndpoint(Operation op)
        {
            if (op.Method == "POST" && op.Path == EntityOperation.Path) return op;
            EntityOperation.CheckItemSize(op.BatchItem.Length);
            return new Operation(op.EntityType, op.Action, op.Identifier, "POST", EntityOperation.Path, op.BatchItem, op.BatchItem, op.InputObject)
                .OrderedBy(op.EntityKey, op.RelatedKeys);
        }

        private static object ParseIfJson(object value)
        {
            if (!(PowerShellValues.Unwrap(value) is string text)) return value;
            string trimmed = text.Trim();
            if (!trimmed.StartsWith("{"))
                throw new RecordValidationException("InputObject",
                    $"A v2 operation must be a hashtable, an object or a JSON object text; got {PowerShellValues.Describe(text)}.", "NotAnOperation");
            try
            {
                using (var doc = JsonDocument.Parse(trimmed))
                    return JsonToPowerShell.Convert(doc.RootElement);
            }
            catch (JsonException ex)
            {
                throw new RecordValidationException("InputObject", $"The JSON text is not valid: {ex.Message}", "InvalidJson");
            }
        }
    }
}
