using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading.Tasks;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Transport;

namespace CustomerIo.Track.Dispatch
{
    /// <summary>
    /// Reads a 207 answer to a v2 batch and settles its items. An item is reported accepted only when
    /// the answer says so: an error that names no item of the request (no or null batch_index, an index
    /// outside the request, a body with only meta.error) leaves every unnamed item unsettled, and those
    /// are sent again in smaller requests (halving) until each failure stands alone. Resending is safe:
    /// identifies are idempotent and events keep their ids.
    /// </summary>
    internal sealed class BatchAnswer
    {
        private BatchAnswer(Dictionary<int, string> rejected, List<string> unattributed)
        {
            Rejected = rejected;
            Unattributed = unattributed;
        }

        /// <summary>Item index -> the reasons the answer gave for it.</summary>
        public Dictionary<int, string> Rejected { get; }

        /// <summary>Errors that name no item of the request.</summary>
        public List<string> Unattributed { get; }

        public static BatchAnswer Read(string body, int itemCount)
        {
            var rejected = new Dictionary<int, string>();
            var unattributed = new List<string>();
            bool anyError = false;
            try
            {
                using (var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "null" : body))
                {
                    var root = doc.RootElement;
                    if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
                        foreach (var e in errors.EnumerateArray())
                        {
                            anyError = true;
                            string text = ServiceErrors.Describe(e);
                            if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("batch_index", out var index)
                                && index.ValueKind == JsonValueKind.Number && index.TryGetInt32(out int i) && i >= 0 && i < itemCount)
                                rejected[i] = rejected.TryGetValue(i, out var earlier) ? earlier + "; " + text : text;
                            else unattributed.Add(text);
                        }
                }
            }
            catch (JsonException) { }
            if (!anyError)
                // A 207 says at least one item failed; an answer that lists none names no item.
                unattributed.Add(ServiceErrors.Message(body) ?? "the answer named no item");
            return new BatchAnswer(rejected, unattributed);
        }

        /// <summary>
        /// Posts the outcomes of a batch answered 207, in input order; resend sends a group again as a
        /// batch (and settles its answer the same way).
        /// </summary>
        public static async Task SettleAsync(List<Operation> ops, TrackResponse response, Action<Outcome> post,
            Func<List<Operation>, Task> resend, IRequestLog log)
        {
            var answer = Read(response.Body, ops.Count);
            if (answer.Unattributed.Count > 0 && ops.Count == 1)
            {
                // Alone in its request: the failure is this record's.
                post(Outcome.ItemRejected(ops[0], response, Join(answer.Rejected.TryGetValue(0, out var own) ? own : null, answer.Unattributed)));
                return;
            }
            var accepted = new List<Operation>();
            var unsettled = new List<Operation>();
            for (int i = 0; i < ops.Count; i++)
            {
                if (answer.Rejected.TryGetValue(i, out string reason))
                {
                    if (accepted.Count > 0) { post(Outcome.BatchSuccess(accepted, response)); accepted = new List<Operation>(); }
                    post(Outcome.ItemRejected(ops[i], response, reason));
                }
                else if (answer.Unattributed.Count > 0) unsettled.Add(ops[i]);
                else accepted.Add(ops[i]);
            }
            if (accepted.Count > 0) post(Outcome.BatchSuccess(accepted, response));
            if (unsettled.Count == 0) return;
            log?.Verbose($"POST /api/v2/batch: 207 naming no item ({string.Join("; ", answer.Unattributed)}); sending {unsettled.Count} items again in smaller requests to find the failures");
            // Smaller each time: the unnamed items alone, or halves when every item was unnamed.
            if (unsettled.Count < ops.Count) { await resend(unsettled).ConfigureAwait(false); return; }
            int half = unsettled.Count / 2;
            await resend(unsettled.GetRange(0, half)).ConfigureAwait(false);
            await resend(unsettled.GetRange(half, unsettled.Count - half)).ConfigureAwait(false);
        }

        private static string Join(string own, List<string> unattributed)
        {
            string rest = string.Join("; ", unattributed) + " (the answer named no item; this record was alone in its request)";
            return own == null ? rest : own + "; " + rest;
        }
    }
}
