using System;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;
using CustomerIo.Track.Transport;
using CustomerIo.Track.Results;

namespace CustomerIo.Track.Connection
{
    /// <summary>
    /// A Track API connection: who (Site ID), where (region, base URI) and how (timeouts, rate, retries).
    /// The API key is held as a SecureString in a non-public field, so it never shows in
    /// Format-List *, ToString(), Export-Clixml or ConvertTo-Json.
    /// </summary>
    public sealed class CioConnection : ITransportTarget
    {
        private readonly SecureString _apiKey;
        private volatile AuthenticationHeaderValue _authorization; // made once; runs of several runspaces may read it at once
        private volatile TrackTransport _transport;
        private readonly object _transportGate = new object();
        // Made on first use: a connection made outside PowerShell (the unit tests) never loads the runspace types.
        private RunspaceLocal<CioRunSummary> _lastRunHere;
        private RunspaceLocal<CioRunSummary> LastRunHere => System.Threading.LazyInitializer.EnsureInitialized(ref _lastRunHere);
        private volatile CioRunSummary _lastRunAnywhere;

        internal CioConnection(string siteId, SecureString apiKey, CioRegion region, Uri baseUri, ConnectionSettings settings)
        {
            SiteId = siteId;
            _apiKey = apiKey.Copy();
            _apiKey.MakeReadOnly();
            Region = region;
            BaseUri = baseUri;
            TimeoutSec = settings.TimeoutSec;
            RequestsPerSecond = settings.RequestsPerSecond;
            MaxRetries = settings.MaxRetries;
            RetryBudgetSec = settings.RetryBudgetSec;
            PeopleIdentifiedBy = settings.PeopleIdentifiedBy;
            ConnectedAt = DateTimeOffset.Now;
        }

        public string SiteId { get; }

        public CioRegion Region { get; internal set; }

        public Uri BaseUri { get; internal set; }

        /// <summary>Per-request timeout in seconds.</summary>
        public int TimeoutSec { get; }

        /// <summary>The module keeps below this many requests a second (lowered for a while after a 429).</summary>
        public int RequestsPerSecond { get; }

        /// <summary>Retries of a transient failure (408, 429, 5xx, timeouts, resets) per request.</summary>
        public int MaxRetries { get; }

        /// <summary>The most time one request may spend waiting between retries.</summary>
        public int RetryBudgetSec { get; }

        /// <summary>Whether email identifies people in the workspace (a workspace setting the Track API does not expose).</summary>
        public CioPeopleIdentifiers PeopleIdentifiedBy { get; }

        /// <summary>The environment id the service reported when the credentials were checked.</summary>
        public int? EnvironmentId { get; internal set; }

        /// <summary>True once GET /api/v1/accounts/region accepted the credentials.</summary>
        public bool CredentialsVerified { get; internal set; }

        public DateTimeOffset ConnectedAt { get; }

        /// <summary>
        /// How the last record cmdlet run on this connection in this runspace ended (what was not sent
        /// after Ctrl+C). Runspaces sharing the connection (jobs, ForEach-Object -Parallel) each keep
        /// their own, so one job's run never hides another's; a runspace that has run nothing on the
        /// connection sees its last run in any runspace (the runspace it was handed to, say).
        /// Set on the pipeline thread, where Runspace.DefaultRunspace is the cmdlet's runspace.
        /// </summary>
        public CioRunSummary LastRun
        {
            get => LastRunHere.Value ?? _lastRunAnywhere;
            internal set
            {
                LastRunHere.Value = value;
                _lastRunAnywhere = value;
            }
        }

        /// <summary>
        /// Shared by every cmdlet that uses the connection, in every runspace: one HttpClient, one rate
        /// limiter. Made under a lock: two jobs starting at once must not each get a limiter of their own.
        /// </summary>
        internal TrackTransport Transport
        {
            get
            {
                var transport = _transport;
                if (transport != null) return transport;
                lock (_transportGate) return _transport ?? (_transport = new TrackTransport(this));
            }
        }

        /// <summary>The Basic credentials header, made once from the SecureString.</summary>
        AuthenticationHeaderValue ITransportTarget.Authorization => Authorization;

        internal AuthenticationHeaderValue Authorization
        {
            get
            {
                if (_authorization != null) return _authorization;
                IntPtr ptr = Marshal.SecureStringToGlobalAllocUnicode(_apiKey);
                try
                {
                    string pair = SiteId + ":" + Marshal.PtrToStringUni(ptr);
                    _authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
                }
                finally { Marshal.ZeroFreeGlobalAllocUnicode(ptr); }
                return _authorization;
            }
        }

        public override string ToString() => $"Customer.io Track site '{SiteId}' ({Region}, {BaseUri})";
    }
}
