using System;
using System.Net;
using System.Net.Sockets;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using CustomerIo.Track.Connection;
using CustomerIo.Track.Transport;
using CustomerIo.Track.Dispatch;
using Xunit;

namespace CustomerIo.Track.UnitTests
{
    /// <summary>
    /// What a stop does to one request (TrackTransport's halt and abort tokens), and the fate each
    /// result gives its record: a stopped run must report a record as not sent only when nothing of it
    /// left the machine, and as unconfirmed only when it was sent and no answer came.
    /// </summary>
    public class StopFateTests
    {
        [Fact]
        public async Task Halted_before_the_first_attempt_nothing_is_sent_and_the_record_is_NotSent()
        {
            using (var server = new SlowServer(TimeSpan.Zero))
            {
                var transport = Transport(server, timeoutSec: 10);
                var halt = new CancellationTokenSource();
                halt.Cancel();
                var r = await transport.SendAsync("PUT", "/api/v1/customers/a", null, halt.Token, CancellationToken.None, null, false);
                Assert.True(r.Cancelled);
                Assert.False(r.MayHaveBeenReceived);
                Assert.Equal(RecordFate.NotSent, Fate(r));
                Assert.Equal(0, server.Requests);
            }
        }

        [Fact]
        public async Task Halted_while_on_the_wire_the_answer_is_still_awaited_and_the_record_Succeeded()
        {
            using (var server = new SlowServer(TimeSpan.FromMilliseconds(400)))
            {
                var transport = Transport(server, timeoutSec: 10);
                var halt = new CancellationTokenSource();
                var sending = transport.SendAsync("PUT", "/api/v1/customers/a", null, halt.Token, CancellationToken.None, null, false);
                await server.FirstRequest;
                halt.Cancel();
                var r = await sending;
                Assert.Equal(200, r.Status);
                Assert.Equal(RecordFate.Succeeded, Fate(r));
            }
        }

        [Fact]
        public async Task Aborted_while_on_the_wire_the_record_is_Unconfirmed()
        {
            using (var server = new SlowServer(TimeSpan.FromSeconds(20)))
            {
                var transport = Transport(server, timeoutSec: 30);
                var halt = new CancellationTokenSource();
                var abort = new CancellationTokenSource();
                var sending = transport.SendAsync("PUT", "/api/v1/customers/a", null, halt.Token, abort.Token, null, false);
                await server.FirstRequest;
                halt.Cancel();
                abort.Cancel();
                var r = await sending;
                Assert.True(r.Cancelled);
                Assert.True(r.MayHaveBeenReceived);
                Assert.Equal(RecordFate.Unconfirmed, Fate(r));
            }
        }

        [Fact]
        public async Task A_stop_before_a_retry_ends_the_retries_and_the_last_answer_stands()
        {
            // The 503 comes 300 ms after the request arrives: the stop is certain to come first, and the
            // retry that would follow the answer is not made.
            using (var server = new SlowServer(TimeSpan.FromMilliseconds(300), status: 503))
            {
                var transport = Transport(server, timeoutSec: 10);
                var halt = new CancellationTokenSource();
                var sending = transport.SendAsync("PUT", "/api/v1/customers/a", null, halt.Token, CancellationToken.None, null, false);
                await server.FirstRequest;
                halt.Cancel();
                var r = await sending;
                Assert.Equal(503, r.Status);
                Assert.Equal(1, server.Requests);
                Assert.Equal(RecordFate.Failed, Fate(r));
            }
        }

        private static RecordFate Fate(TrackResponse r) => RecordFates.Of(r.IsSuccess, r.Status, r.MayHaveBeenReceived);

        private static TrackTransport Transport(SlowServer server, int timeoutSec)
        {
            var key = new SecureString();
            foreach (char c in "key") key.AppendChar(c);
            var settings = new ConnectionSettings { TimeoutSec = timeoutSec, RequestsPerSecond = 0, MaxRetries = 3, RetryBudgetSec = 30 };
            return new TrackTransport(new CioConnection("site", key, CioRegion.US, server.Url, settings));
        }

        /// <summary>A loopback HTTP server that answers every request with one status after a delay.</summary>
        private sealed class SlowServer : IDisposable
        {
            private readonly HttpListener _listener = new HttpListener();
            private readonly TaskCompletionSource<bool> _first = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            private int _requests;

            public SlowServer(TimeSpan delay, int status = 200)
            {
                var probe = new TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                int port = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
                Url = new Uri($"http://127.0.0.1:{port}/");
                _listener.Prefixes.Add(Url.ToString());
                _listener.Start();
                Task.Run(async () =>
                {
                    while (_listener.IsListening)
                    {
                        HttpListenerContext context;
                        try { context = await _listener.GetContextAsync(); } catch { return; }
                        Interlocked.Increment(ref _requests);
                        _first.TrySetResult(true);
                        _ = Task.Run(async () =>
                        {
                            await Task.Delay(delay);
                            try { context.Response.StatusCode = status; context.Response.Close(); } catch { }
                        });
                    }
                });
            }

            public Uri Url { get; }
            public int Requests => Volatile.Read(ref _requests);
            public Task FirstRequest => _first.Task;

            public void Dispose()
            {
                try { _listener.Stop(); _listener.Close(); } catch { }
            }
        }
    }
}
