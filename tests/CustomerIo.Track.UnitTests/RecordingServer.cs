using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Security;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CustomerIo.Track.Connection;
using CustomerIo.Track.Transport;
using CustomerIo.Track.Dispatch;

namespace CustomerIo.Track.UnitTests
{
    /// <summary>
    /// A loopback HTTP server that records every request (method, path, body, the time it arrived and
    /// left) and answers with what the test's function says, after an optional delay.
    /// </summary>
    internal sealed class RecordingServer : IDisposable
    {
        internal sealed class Request
        {
            public string Method;
            public string Path;
            public string Body;
            public DateTime Arrived;
            public DateTime Answered;
        }

        private readonly HttpListener _listener = new HttpListener();
        private readonly Func<Request, (int Status, string Body)> _answer;
        private readonly TimeSpan _delay;

        public RecordingServer(Func<Request, (int Status, string Body)> answer = null, TimeSpan delay = default)
        {
            _answer = answer ?? (_ => (200, "{}"));
            _delay = delay;
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = new Uri($"http://127.0.0.1:{port}/");
            _listener.Prefixes.Add(Url.ToString());
            _listener.Start();
            Task.Run(AcceptAsync);
        }

        public Uri Url { get; }

        /// <summary>Requests that have arrived (answered or not).</summary>
        public int Arrivals => Volatile.Read(ref _arrivals);

        private int _arrivals;

        public ConcurrentQueue<Request> Requests { get; } = new ConcurrentQueue<Request>();

        public List<Request> InOrder()
        {
            var list = new List<Request>(Requests);
            list.Sort((a, b) => a.Arrived.CompareTo(b.Arrived));
            return list;
        }

        private async Task AcceptAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); } catch { return; }
                _ = Task.Run(async () =>
                {
                    Interlocked.Increment(ref _arrivals);
                    var request = new Request { Method = context.Request.HttpMethod, Path = context.Request.Url.AbsolutePath, Arrived = DateTime.UtcNow };
                    using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8)) request.Body = await reader.ReadToEndAsync();
                    if (_delay > TimeSpan.Zero) await Task.Delay(_delay);
                    var (status, body) = _answer(request);
                    request.Answered = DateTime.UtcNow;
                    Requests.Enqueue(request);
                    try
                    {
                        context.Response.StatusCode = status;
                        byte[] bytes = Encoding.UTF8.GetBytes(body ?? "");
                        context.Response.ContentType = "application/json";
                        await context.Response.OutputStream.WriteAsync(bytes, 0, bytes.Length);
                        context.Response.Close();
                    }
                    catch { }
                });
            }
        }

        public TrackTransport Transport(int timeoutSec = 10, int maxRetries = 0)
        {
            var key = new SecureString();
            foreach (char c in "key") key.AppendChar(c);
            var settings = new ConnectionSettings { TimeoutSec = timeoutSec, RequestsPerSecond = 0, MaxRetries = maxRetries, RetryBudgetSec = 30 };
            return new TrackTransport(new CioConnection("site", key, CioRegion.US, Url, settings));
        }

        public void Dispose()
        {
            try { _listener.Stop(); _listener.Close(); } catch { }
        }
    }
}
