using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using CustomerIo.Track.Dispatch;
using CustomerIo.Track.Operations;
using Xunit;

namespace CustomerIo.Track.UnitTests
{
    /// <summary>
    /// The dispatcher as the pipeline thread drives it: every operation gets exactly one outcome, an
    /// entity's requests go one at a time in input order while others run beside them, batches carry
    /// items in input order, a 207 fails only the items it names, and a stop leaves nothing unaccounted.
    /// </summary>
    public class DispatcherTests
    {
        private static Operation Identify(string id, long number)
        {
            string item = "{\"type\":\"person\",\"action\":\"identify\",\"identifiers\":{\"id\":\"" + id + "\"},\"attributes\":{\"n\":" + number + "}}";
            var op = new Operation("person", "identify", id, "PUT", "/api/v1/customers/" + id,
                Encoding.UTF8.GetBytes("{\"n\":" + number + "}"), Encoding.UTF8.GetBytes(item), "row " + number);
            return op.Numbered(number);
        }

        /// <summary>Feeds the operations as the pipeline thread does and collects every outcome.</summary>
        private static List<Outcome> Run(Dispatcher dispatcher, IEnumerable<Operation> ops)
        {
            var outcomes = new List<Outcome>();
            void Drain() { while (dispatcher.TryTakeOutcome(out var o)) outcomes.Add(o); }
            foreach (var op in ops)
            {
                while (!dispatcher.TryEnqueue(op)) { Drain(); dispatcher.WaitForActivity(TimeSpan.FromMilliseconds(20)); }
                Drain();
            }
            dispatcher.Complete();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!dispatcher.IsFinished && DateTime.UtcNow < deadline) { Drain(); dispatcher.WaitForActivity(TimeSpan.FromMilliseconds(20)); }
            Drain();
            Assert.True(dispatcher.IsFinished, "the dispatcher did not finish within 30 s");
            return outcomes;
        }

        private static Dictionary<Operation, int> OutcomesPerOperation(IEnumerable<Outcome> outcomes)
        {
            var counts = new Dictionary<Operation, int>();
            foreach (var o in outcomes)
                foreach (var op in o.Operations ?? new List<Operation> { o.Operation })
                    counts[op] = counts.TryGetValue(op, out int n) ? n + 1 : 1;
            return counts;
        }

        [Fact]
        public void Every_operation_gets_exactly_one_outcome_sent_singly()
        {
            using (var server = new RecordingServer())
            using (var dispatcher = new Dispatcher(server.Transport(), BatchMode.Never, 4, CancellationToken.None, null))
            {
                var ops = Enumerable.Range(1, 40).Select(i => Identify("p" + i, i)).ToList();
                var outcomes = Run(dispatcher, ops);
                var counts = OutcomesPerOperation(outcomes);
                Assert.All(ops, op => Assert.Equal(1, counts[op]));
                Assert.All(outcomes, o => Assert.True(o.Succeeded));
                Assert.Equal(40, server.Requests.Count);
                Assert.All(server.Requests, r => Assert.Equal("PUT", r.Method));
            }
        }

        [Fact]
        public void One_entitys_requests_never_overlap_and_keep_input_order_while_others_run_beside_them()
        {
            using (var server = new RecordingServer(delay: TimeSpan.FromMilliseconds(150)))
            using (var dispatcher = new Dispatcher(server.Transport(), BatchMode.Never, 4, CancellationToken.None, null))
            {
                var ops = new List<Operation>();
                for (int i = 1; i <= 12; i++) ops.Add(Identify(i % 3 == 0 ? "other" + i : "same", i));
                Run(dispatcher, ops);

                var same = server.InOrder().Where(r => r.Path.EndsWith("/same")).ToList();
                Assert.Equal(ops.Count(o => o.Identifier == "same"), same.Count);
                var sentNumbers = same.Select(r => int.Parse(r.Body.Split(':')[1].TrimEnd('}'))).ToList();
                Assert.Equal(sentNumbers.OrderBy(n => n).ToList(), sentNumbers);
                for (int i = 1; i < same.Count; i++)
                    Assert.True(same[i].Arrived >= same[i - 1].Answered, "two requests about one person overlapped");
                // Others ran while a request about 'same' was on the wire (each is held 150 ms: far longer than scheduling takes).
                var all = server.InOrder();
                Assert.Contains(all, r => !r.Path.EndsWith("/same") && all.Any(s => s.Path.EndsWith("/same") && s.Arrived < r.Answered && r.Arrived < s.Answered));
            }
        }

        [Fact]
        public void Always_packs_items_in_input_order_into_v2_batches()
        {
            using (var server = new RecordingServer())
            using (var dispatcher = new Dispatcher(server.Transport(), BatchMode.Always, 4, CancellationToken.None, null))
            {
                var ops = Enumerable.Range(1, 25).Select(i => Identify("p" + i, i)).ToList();
                var outcomes = Run(dispatcher, ops);
                var request = Assert.Single(server.Requests);
                Assert.Equal("POST", request.Method);
                Assert.Equal("/api/v2/batch", request.Path);
                Assert.StartsWith("{\"batch\":[", request.Body);
                var positions = ops.Select(op => request.Body.IndexOf("\"id\":\"" + op.Identifier + "\"", StringComparison.Ordinal)).ToList();
                Assert.DoesNotContain(-1, positions);
                Assert.Equal(positions.OrderBy(p => p).ToList(), positions);
                Assert.All(ops, op => Assert.Equal(1, OutcomesPerOperation(outcomes)[op]));
                Assert.All(outcomes, o => Assert.True(o.Succeeded));
            }
        }

        [Fact]
        public void A_207_fails_the_items_it_names_and_only_those()
        {
            string multi = "{\"errors\":[{\"batch_index\":1,\"reason\":\"invalid\",\"field\":\"identifiers\",\"message\":\"bad id\"},{\"batch_index\":3,\"reason\":\"invalid\",\"field\":\"attributes\",\"message\":\"too big\"}]}";
            using (var server = new RecordingServer(r => r.Path == "/api/v2/batch" ? (207, multi) : (200, "{}")))
            using (var dispatcher = new Dispatcher(server.Transport(), BatchMode.Always, 4, CancellationToken.None, null))
            {
                var ops = Enumerable.Range(0, 5).Select(i => Identify("p" + i, i)).ToList();
                var outcomes = Run(dispatcher, ops);
                var failed = new HashSet<Operation>();
                var succeeded = new HashSet<Operation>();
                foreach (var o in outcomes)
                    foreach (var op in o.Operations ?? new List<Operation> { o.Operation })
                        (o.Succeeded ? succeeded : failed).Add(op);
                Assert.Equal(new[] { "p1", "p3" }, failed.Select(op => op.Identifier).OrderBy(s => s));
                Assert.Equal(new[] { "p0", "p2", "p4" }, succeeded.Select(op => op.Identifier).OrderBy(s => s));
                Assert.All(ops, op => Assert.Equal(1, OutcomesPerOperation(outcomes)[op]));
                Assert.Contains(outcomes, o => !o.Succeeded && o.Message != null && o.Message.Contains("bad id"));
            }
        }

        [Fact]
        public void A_400_for_a_whole_batch_is_narrowed_down_to_the_item_the_service_refuses()
        {
            // The server refuses any batch holding p3, as a 400 for the whole request.
            using (var server = new RecordingServer(r => r.Body.Contains("\"id\":\"p3\"") ? (400, "{\"meta\":{\"error\":\"bad\"}}") : (200, "{}")))
            using (var dispatcher = new Dispatcher(server.Transport(), BatchMode.Always, 4, CancellationToken.None, null))
            {
                var ops = Enumerable.Range(0, 8).Select(i => Identify("p" + i, i)).ToList();
                var outcomes = Run(dispatcher, ops);
                var failedIds = outcomes.Where(o => !o.Succeeded)
                    .SelectMany(o => o.Operations ?? new List<Operation> { o.Operation }).Select(op => op.Identifier).ToList();
                Assert.Equal(new[] { "p3" }, failedIds);
                Assert.All(ops, op => Assert.Equal(1, OutcomesPerOperation(outcomes)[op]));
                Assert.True(server.Requests.Count > 1, "the refused batch was not sent again in parts");
            }
        }

        [Fact]
        public void After_a_stop_every_operation_is_answered_or_handed_back_unsent()
        {
            var stop = new CancellationTokenSource();
            using (var server = new RecordingServer(delay: TimeSpan.FromMilliseconds(50)))
            using (var dispatcher = new Dispatcher(server.Transport(), BatchMode.Never, 2, stop.Token, null))
            {
                var ops = Enumerable.Range(1, 30).Select(i => Identify("p" + i, i)).ToList();
                var outcomes = new List<Outcome>();
                int enqueued = 0;
                foreach (var op in ops)
                {
                    if (!dispatcher.TryEnqueue(op)) break;
                    enqueued++;
                }
                // Stop while the first requests are on the wire.
                var waited = DateTime.UtcNow;
                while (server.Arrivals == 0 && DateTime.UtcNow - waited < TimeSpan.FromSeconds(10)) Thread.Sleep(1);
                stop.Cancel();
                dispatcher.AbandonInFlight(TimeSpan.FromSeconds(10));
                while (dispatcher.TryTakeOutcome(out var o)) outcomes.Add(o);
                var unsent = dispatcher.TakeUnsent();
                Assert.Empty(dispatcher.InFlightOperations()); // every request on the wire was answered within the wait

                var fates = new Dictionary<Operation, RecordFate>();
                foreach (var o in outcomes)
                    foreach (var op in o.Operations ?? new List<Operation> { o.Operation })
                    {
                        Assert.False(fates.ContainsKey(op), $"{op.Identifier} has two outcomes");
                        fates[op] = o.Fate;
                    }
                foreach (var op in ops.Take(enqueued))
                    Assert.True(fates.ContainsKey(op) ^ unsent.Contains(op), $"{op.Identifier} is not in exactly one of answered and unsent");
                Assert.Equal(unsent.OrderBy(o => o.RecordNumber).ToList(), unsent);
                Assert.DoesNotContain(RecordFate.Unconfirmed, fates.Values);
                // What the server received is exactly what succeeded; nothing reported not sent reached it.
                Assert.NotEmpty(server.Requests);
                Assert.Equal(fates.Where(f => f.Value == RecordFate.Succeeded).Select(f => "/api/v1/customers/" + f.Key.Identifier).OrderBy(p => p),
                    server.Requests.Select(r => r.Path).OrderBy(p => p));
            }
        }
    }
}
