using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace CustomerIo.Track.Transport
{
    /// <summary>
    /// Sends one request of a connection: rate limit, Basic auth, per-attempt timeout, retries of
    /// transient failures with backoff and Retry-After, and redirects followed here (HttpClient would
    /// drop the method, the body or keep credentials for a foreign host).
    /// </summary>
    internal sealed class TrackTransport
    {
        private const int MaxRedirects = 5;
        internal static readonly string UserAgent = BuildUserAgent();
        private static readonly MediaTypeHeaderValue JsonType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };

        private readonly ITransportTarget _connection;
        private readonly HttpClient _http;

        public TrackTransport(ITransportTarget connection)
        {
            _connection = connection;
            var handler = new HttpClientHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            };
            try { handler.MaxConnectionsPerServer = 256; } catch (PlatformNotSupportedException) { }
            _http = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            _http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", UserAgent);
            Limiter = new RateLimiter(connection.RequestsPerSecond);
        }

        public RateLimiter Limiter { get; }

        /// <summary>Sends with retries; each attempt waits for the rate limit, the first not if tokenTaken.</summary>
        public Task<TrackResponse> SendAsync(string method, string pathAndQuery, RequestBody body, CancellationToken cancel, IRequestLog log,
            bool tokenTaken = false) =>
            SendAsync(method, pathAndQuery, body, cancel, cancel, log, tokenTaken);

        /// <summary>
        /// Sends with retries. Once <paramref name="halt"/> is cancelled nothing more starts (no first
        /// attempt, no retry, no wait for the rate limit), but an attempt already on the wire goes on until
        /// it is answered, times out, or <paramref name="abort"/> is cancelled: a stopped run then knows
        /// what the service did with it.
        /// </summary>
        public async Task<TrackResponse> SendAsync(string method, string pathAndQuery, RequestBody body, CancellationToken halt, CancellationToken abort,
            IRequestLog log, bool tokenTaken)
        {
            var started = Stopwatch.StartNew();
            var result = new TrackResponse();
            TimeSpan budget = TimeSpan.FromSeconds(_connection.RetryBudgetSec);
            TimeSpan waited = TimeSpan.Zero;
            for (int attempt = 0; ; attempt++)
            {
                TimeSpan? retryAfter = null;
                bool onTheWire = false;
                try
                {
                    halt.ThrowIfCancellationRequested();
                    if (attempt > 0 || !tokenTaken) await Limiter.WaitAsync(halt).ConfigureAwait(false);
                    result.Attempts = attempt + 1;
                    onTheWire = true;
                    await SendOnceAsync(method, pathAndQuery, body, attempt, result, abort, log).ConfigureAwait(false);
                    if (result.IsSuccess) { Limiter.OnSuccess(); break; }
                    if (!RetryPolicy.IsTransientStatus(result.Status)) break;
                    retryAfter = RetryPolicy.ParseRetryAfter(result.RetryAfterHeader, DateTimeOffset.UtcNow);
                    if (result.Status == 429) Limiter.OnThrottled(retryAfter);
                }
                catch (OperationCanceledException) when (!onTheWire && halt.IsCancellationRequested)
                {
                    // Stopped before this attempt left: the first attempt is no request at all; a retry
                    // leaves the last answer (or failure) as the result.
                    if (attempt == 0) MarkCancelled(result);
                    break;
                }
                catch (OperationCanceledException) when (onTheWire && abort.IsCancellationRequested)
                {
                    MarkCancelled(result); // sent, and given up on before an answer came
                    break;
                }
                catch (Exception ex) when (IsTransportFailure(ex))
                {
                    result.Status = 0;
                    result.TimedOut = ex is OperationCanceledException;
                    result.Error = result.TimedOut
                        ? new TimeoutException($"No answer within {_connection.TimeoutSec} s (-TimeoutSec).")
                        : ex;
                    result.MayHaveBeenReceived = true;
                }

                if (attempt >= _connection.MaxRetries) break;
                TimeSpan delay = retryAfter ?? RetryPolicy.Backoff(attempt);
                if (waited + delay > budget) break; // the retry budget is spent: report the last failure
                waited += delay;
                log?.Verbose($"{method} {pathAndQuery}: {Describe(result)}; retry {attempt + 1} of {_connection.MaxRetries} in {delay.TotalMilliseconds:0} ms");
                try { await Task.Delay(delay, halt).ConfigureAwait(false); }
                catch (OperationCanceledException) { break; } // stopped: no retry, the last failure stands
            }
            result.Elapsed = started.Elapsed;
            return result;
        }

        private static void MarkCancelled(TrackResponse result)
        {
            result.Status = 0;
            result.Cancelled = true;
            result.Error = new OperationCanceledException("The request was cancelled (the pipeline was stopped).");
        }

        private async Task SendOnceAsync(string method, string pathAndQuery, RequestBody body, int attempt,
            TrackResponse result, CancellationToken cancel, IRequestLog log)
        {
            Uri target = Combine(_connection.BaseUri, pathAndQuery);
            var timer = Stopwatch.StartNew();
            result.CredentialsWithheldFrom = null;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel))
            {
                timeout.CancelAfter(TimeSpan.FromSeconds(_connection.TimeoutSec));
                for (int hop = 0; ; hop++)
                {
                    using (var request = new HttpRequestMessage(new HttpMethod(method), target))
                    {
                        if (body != null)
                        {
                            request.Content = body.CreateContent();
                            request.Content.Headers.ContentType = JsonType;
                        }
                        bool sendKey = CredentialScope.MayReceiveCredentials(target, _connection.BaseUri);
                        if (sendKey) request.Headers.Authorization = _connection.Authorization;
                        else result.CredentialsWithheldFrom = target;
                        if (attempt > 0) request.Headers.TryAddWithoutValidation("X-Retry-Count", attempt.ToString());
                        if (log != null && log.DebugEnabled)
                            log.Debug($"{method} {target} Authorization: {(sendKey ? "Basic ***" : "(not sent to this host)")}; X-Retry-Count: {attempt}; body {(body?.Length ?? 0)} bytes");

                        result.MayHaveBeenReceived = true;
                        using (var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false))
                        {
                            int status = (int)response.StatusCode;
                            if (IsRedirect(status) && response.Headers.Location != null && hop < MaxRedirects)
                            {
                                Uri next = response.Headers.Location.IsAbsoluteUri ? response.Headers.Location : new Uri(target, response.Headers.Location);
                                if (next.Scheme == Uri.UriSchemeHttp && !CredentialScope.IsLoopback(next))
                                    throw new HttpRequestException($"Refused a redirect from {target} to the plain-http URL {next}.");
                                log?.Verbose($"{method} {target}: {status} redirect to {next}");
                                target = next;
                                continue;
                            }
                            result.Status = status;
                            result.Body = response.Content == null ? null : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                            result.ContentType = response.Content?.Headers.ContentType?.MediaType;
                            result.RetryAfterHeader = RetryAfterText(response);
                            result.Error = null;
                            if (log != null && log.VerboseEnabled)
                                log.Verbose($"{method} {target.AbsolutePath} -> {status} in {timer.ElapsedMilliseconds} ms{(attempt > 0 ? $" (attempt {attempt + 1})" : "")}");
                            return;
                        }
                    }
                }
            }
        }

        private static bool IsRedirect(int status) => status == 301 || status == 302 || status == 303 || status == 307 || status == 308;

        private static string RetryAfterText(HttpResponseMessage response)
        {
            var h = response.Headers.RetryAfter;
            if (h == null) return null;
            if (h.Delta.HasValue) return ((long)h.Delta.Value.TotalSeconds).ToString();
            if (h.Date.HasValue) return h.Date.Value.ToString("R");
            return null;
        }

        private static bool IsTransportFailure(Exception ex) =>
            ex is HttpRequestException || ex is IOException || ex is OperationCanceledException
            || ex is WebException || ex is System.Net.Sockets.SocketException;

        internal static Uri Combine(Uri baseUri, string pathAndQuery)
        {
            string root = baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/');
            return new Uri(root + pathAndQuery, UriKind.Absolute);
        }

        private static string Describe(TrackResponse r) =>
            r.Status != 0 ? $"HTTP {r.Status}" : (r.Error?.Message ?? "no answer");

        private static string BuildUserAgent()
        {
            var version = typeof(TrackTransport).Assembly.GetName().Version;
            string framework = RuntimeInformation.FrameworkDescription;
            return $"CustomerIo.Track/{version.Major}.{version.Minor}.{version.Build} ({framework}; {RuntimeInformation.OSDescription.Split(' ').FirstOrDefault()})";
        }
    }
}
