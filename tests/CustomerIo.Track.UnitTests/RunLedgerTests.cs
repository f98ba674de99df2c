using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using CustomerIo.Track.Dispatch;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Results;
using Xunit;

namespace CustomerIo.Track.UnitTests
{
    /// <summary>
    /// A run's accounts: a finished run counts every answer; a stopped run puts every record read in
    /// exactly one of succeeded, failed, NotSent and Unconfirmed, listing the refused among the failed.
    /// </summary>
    public class RunLedgerTests
    {
        private static Operation Identify(string id, long number)
        {
            var op = new Operation("person", "identify", id, "PUT", "/api/v1/customers/" + id, Encoding.UTF8.GetBytes("{}"), null, "row " + id);
            return op.Numbered(number);
        }

        private static void Drain(RunLedger ledger, Dispatcher dispatcher)
        {
            dispatcher.Complete();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!dispatcher.IsFinished && DateTime.UtcNow < deadline)
            {
                while (ledger.TryTakeOutcome(out _)) { }
                dispatcher.WaitForActivity(TimeSpan.FromMilliseconds(20));
            }
        }

        [Fact]
        public void A_finished_run_counts_every_answer_once()
        {
            using (var server = new RecordingServer(r => r.Path.EndsWith("/bad") ? (400, "{\"meta\":{\"error\":\"no\"}}") : (200, "{}")))
            using (var dispatcher = new Dispatcher(server.Transport(), BatchMode.Never, 4, CancellationToken.None, null))
            {
                var ledger = new RunLedger(op => op.InputObject);
                var run = new CioRunSummary();
                ledger.Open(run, dispatcher);
                foreach (var id in new[] { "a", "bad", "c" })
                {
                    var op = Identify(id, ledger.CountRead());
                    Assert.True(dispatcher.TryEnqueue(op));
                    ledger.CountSubmitted();
                }
                ledger.CountRead();
                ledger.CountRefused(); // a fourth record refused before sending
                Drain(ledger, dispatcher);
                Assert.True(ledger.Close(stopped: false, held: null, duration: TimeSpan.FromSeconds(1)));
                Assert.False(ledger.Close(stopped: true, held: null, duration: TimeSpan.Zero)); // closes once
                Assert.False(run.Stopped);
                Assert.Equal(4, run.Records);
                Assert.Equal(2, run.Succeeded);
                Assert.Equal(2, run.Failed);
                Assert.Equal(3, run.Requests);
                Assert.Empty(run.NotSent);
                Assert.Empty(run.Unconfirmed);
            }
        }

        [Fact]
        public void A_stopped_run_gives_every_record_read_exactly_one_fate()
        {
            var stop = new CancellationTokenSource();
            // Each request is held 100 ms, so some are on the wire when the run is stopped.
            using (var server = new RecordingServer(r => (200, "{}"), delay: TimeSpan.FromMilliseconds(100)))
            using (var dispatcher = new Dispatcher(server.Transport(timeoutSec: 30), BatchMode.Never, 2, stop.Token, null))
            {
                var ledger = new RunLedger(op => op.InputObject);
                var run = new CioRunSummary();
                ledger.Open(run, dispatcher);
                var inputs = new List<object>();
                for (int i = 1; i <= 12; i++)
                {
                    var op = Identify("p" + i, ledger.CountRead());
                    inputs.Add(op.InputObject);
                    if (dispatcher.TryEnqueue(op)) ledger.CountSubmitted();
                    else ledger.NoteNotSent(op); // the queue was full when the stop came
                }
                var waited = DateTime.UtcNow;
                while (server.Arrivals == 0 && DateTime.UtcNow - waited < TimeSpan.FromSeconds(10)) Thread.Sleep(1);
                stop.Cancel();
                dispatcher.AbandonInFlight(TimeSpan.FromSeconds(10));
                Assert.True(ledger.Close(stopped: true, held: () => new List<object> { "held row" }, duration: TimeSpan.FromSeconds(1)));
                ledger.NoteNotSent(Identify("late", 13)); // read after the stop took stock

                Assert.True(run.Stopped);
                Assert.Equal(12, run.Records);
                Assert.True(run.Succeeded > 0, "nothing was answered before the stop");
                Assert.Empty(run.Unconfirmed); // every request on the wire was answered within the wait
                Assert.Equal(new object[] { "held row", "row late" }, run.NotSent.Skip(run.NotSent.Count - 2));
                var notSent = run.NotSent.Take(run.NotSent.Count - 2).ToList();
                Assert.Equal(12, run.Succeeded + run.Failed + notSent.Count + run.Unconfirmed.Count);
                Assert.Equal(notSent.Distinct().Count(), notSent.Count);
                // What the server received is exactly what succeeded, and nothing listed as not sent reached it.
                var received = server.Requests.Select(r => "row " + r.Path.Substring(r.Path.LastIndexOf('/') + 1)).ToList();
                Assert.Equal(run.Succeeded, received.Count);
                Assert.Empty(received.Intersect(notSent.Cast<string>()));
            }
        }
    }
}
