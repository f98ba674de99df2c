using System;

namespace CustomerIo.Track.Transport
{
    /// <summary>What came back for one request after retries and redirects: the last answer, or the failure.</summary>
    internal sealed class TrackResponse
    {
        /// <summary>HTTP status, or 0 when no answer came (connection failure, timeout, cancellation).</summary>
        public int Status { get; set; }
        public string Body { get; set; }
        public string ContentType { get; set; }
        public int Attempts { get; set; }
        public TimeSpan Elapsed { get; set; }
        /// <summary>The transport failure when Status is 0.</summary>
        public Exception Error { get; set; }
        public bool TimedOut { get; set; }
        public bool Cancelled { get; set; }
        /// <summary>True when the body may have reached the service (an answer or a failure after sending began).</summary>
        public bool MayHaveBeenReceived { get; set; }

        /// <summary>The Retry-After header as text, when the answer had one.</summary>
        public string RetryAfterHeader { get; set; }

        /// <summary>
        /// Set when a redirect led to a host that may not see the API key (not Customer.io's, not the
        /// connected host): the request went there without credentials.
        /// </summary>
        public Uri CredentialsWithheldFrom { get; set; }

        public bool IsSuccess => Status >= 200 && Status < 300;
    }
}
