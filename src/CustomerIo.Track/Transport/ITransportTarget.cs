using System;
using System.Net.Http.Headers;

namespace CustomerIo.Track.Transport
{
    /// <summary>
    /// What the transport needs of a connection: where to send, with which credentials, and its limits.
    /// The connection implements it, so the transport knows nothing of connections (no cycle).
    /// </summary>
    internal interface ITransportTarget
    {
        /// <summary>Read for every request: connecting can move a workspace to its region's host.</summary>
        Uri BaseUri { get; }

        AuthenticationHeaderValue Authorization { get; }

        int TimeoutSec { get; }

        int RequestsPerSecond { get; }

        int MaxRetries { get; }

        int RetryBudgetSec { get; }
    }
}
