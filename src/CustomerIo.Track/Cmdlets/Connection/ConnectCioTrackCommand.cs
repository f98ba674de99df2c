using System;
using System.Management.Automation;
using System.Security;
using System.Text.Json;
using CustomerIo.Track.Cmdlets.Base;
using CustomerIo.Track.Connection;
using CustomerIo.Track.Dispatch;

namespace CustomerIo.Track.Cmdlets.Connection
{
    /// <summary>Connect-CioTrack: checks the credentials and keeps the connection as this runspace's default.</summary>
    [Cmdlet(VerbsCommunications.Connect, "CioTrack", DefaultParameterSetName = EnvironmentSet)]
    [OutputType(typeof(CioConnection))]
    public sealed class ConnectCioTrackCommand : CioCmdlet
    {
        private const string ApiKeySet = "ApiKey";
        private const string CredentialSet = "Credential";
        private const string EnvironmentSet = "Environment";
        internal const string SiteIdVariable = "CIO_SITE_ID";
        internal const string ApiKeyVariable = "CIO_TRACK_API_KEY";

        [Parameter(ParameterSetName = ApiKeySet, Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string SiteId { get; set; }

        [Parameter(ParameterSetName = ApiKeySet, Mandatory = true, Position = 1)]
        [ValidateNotNull]
        public SecureString ApiKey { get; set; }

        [Parameter(ParameterSetName = CredentialSet, Mandatory = true)]
        [Credential]
        [ValidateNotNull]
        public PSCredential Credential { get; set; }

        [Parameter]
        public CioRegion Region { get; set; } = CioRegion.US;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string BaseUri { get; set; }

        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 30;

        [Parameter]
        [ValidateRange(0, 100000)]
        public int RequestsPerSecond { get; set; } = 100;

        [Parameter]
        [ValidateRange(0, 20)]
        public int MaxRetries { get; set; } = 3;

        [Parameter]
        [ValidateRange(0, 3600)]
        public int RetryBudgetSec { get; set; } = 30;

        [Parameter]
        public CioPeopleIdentifiers PeopleIdentifiedBy { get; set; } = CioPeopleIdentifiers.EmailOrId;

        [Parameter]
        public SwitchParameter SkipCheck { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            ResolveCredentials(out string siteId, out SecureString apiKey);
            bool regionGiven = MyInvocation.BoundParameters.ContainsKey(nameof(Region));
            Uri baseUri;
            try { baseUri = BaseUri != null ? TrackEndpoints.ValidateBaseUri(BaseUri) : TrackEndpoints.ForRegion(Region); }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(Error(ex, "CioInvalidBaseUri", ErrorCategory.InvalidArgument, BaseUri));
                return;
            }

            var settings = new ConnectionSettings
            {
                TimeoutSec = TimeoutSec, RequestsPerSecond = RequestsPerSecond, MaxRetries = MaxRetries, RetryBudgetSec = RetryBudgetSec,
                PeopleIdentifiedBy = PeopleIdentifiedBy,
            };
            var connection = new CioConnection(siteId, apiKey, Region, baseUri, settings);
            if (!SkipCheck) Check(connection, regionGiven);

            ConnectionStore.Current = connection;
            WriteVerbose($"Connected to {connection}.");
            if (PassThru) WriteObject(connection);
        }

        private void ResolveCredentials(out string siteId, out SecureString apiKey)
        {
            switch (ParameterSetName)
            {
                case ApiKeySet:
                    siteId = SiteId;
                    apiKey = ApiKey;
                    break;
                case CredentialSet:
                    siteId = Credential.UserName;
                    apiKey = Credential.Password;
                    break;
                default:
                    siteId = Environment.GetEnvironmentVariable(SiteIdVariable);
                    string key = Environment.GetEnvironmentVariable(ApiKeyVariable);
                    if (string.IsNullOrWhiteSpace(siteId) || string.IsNullOrEmpty(key))
                        ThrowTerminatingError(Error(
                            new ArgumentException($"No credentials given: pass -SiteId and -ApiKey, or -Credential, or set the environment variables {SiteIdVariable} and {ApiKeyVariable}."),
                            "CioCredentialsMissing", ErrorCategory.InvalidArgument, null));
                    apiKey = new SecureString();
                    foreach (char c in key) apiKey.AppendChar(c);
                    break;
            }
            if (apiKey.Length == 0)
                ThrowTerminatingError(Error(new ArgumentException("The API key is empty."), "CioCredentialsMissing", ErrorCategory.InvalidArgument, null));
        }

        /// <summary>GET /api/v1/accounts/region: proves the credentials and tells the workspace's region.</summary>
        private void Check(CioConnection connection, bool regionGiven)
        {
            WriteVerbose($"Checking the credentials with GET {connection.BaseUri}api/v1/accounts/region");
            var response = connection.Transport.SendAsync("GET", "/api/v1/accounts/region", null, StopToken, null).GetAwaiter().GetResult();
            if (response.Status == 401 && response.CredentialsWithheldFrom != null)
                ThrowTerminatingError(Error(
                    new System.Security.SecurityException($"The credential check was redirected to {response.CredentialsWithheldFrom.GetLeftPart(UriPartial.Authority)}, a host that may not receive the API key; it answered 401 without them. If that host is trusted, connect to it directly with -BaseUri."),
                    "CioRedirectWithoutCredentials", ErrorCategory.SecurityError, connection.BaseUri));
            if (response.Status == 401)
                ThrowTerminatingError(Error(
                    new UnauthorizedAccessException($"Customer.io rejected the Site ID '{connection.SiteId}' and API key (401: {ServiceErrors.Message(response.Body) ?? "Unauthorized"})."),
                    "CioUnauthorized", ErrorCategory.AuthenticationError, connection.SiteId,
                    "Copy the Site ID and a Track API key from Customer.io (Settings > Workspace Settings > API Credentials)."));
            if (response.Status == 0)
                ThrowTerminatingError(Error(
                    new System.Net.Http.HttpRequestException($"Could not reach {connection.BaseUri}: {response.Error?.Message}", response.Error),
                    response.TimedOut ? "CioRequestTimeout" : "CioConnectionFailed",
                    response.TimedOut ? ErrorCategory.OperationTimeout : ErrorCategory.ConnectionError, connection.BaseUri,
                    "Check the network, the -BaseUri and -Region; or use -SkipCheck to connect without checking."));
            if (!response.IsSuccess)
                ThrowTerminatingError(Error(
                    new InvalidOperationException($"The credential check GET /api/v1/accounts/region answered {response.Status}: {ServiceErrors.Message(response.Body)}"),
                    "CioCheckFailed", ErrorCategory.InvalidResult, connection.BaseUri));

            connection.CredentialsVerified = true;
            ReadRegion(connection, response.Body, regionGiven);
        }

        private void ReadRegion(CioConnection connection, string body, bool regionGiven)
        {
            try
            {
                using (var doc = JsonDocument.Parse(body ?? "{}"))
                {
                    var root = doc.RootElement;
                    if (root.TryGetProperty("environment_id", out var env) && env.TryGetInt32(out int id)) connection.EnvironmentId = id;
                    if (regionGiven || !root.TryGetProperty("region", out var regionText)) return;
                    var region = TrackEndpoints.ParseRegion(regionText.GetString());
                    if (region == null) return;
                    connection.Region = region.Value;
                    // The service tells where the workspace lives; talk to that host directly (unless the user chose one).
                    if (BaseUri == null && region.Value != Region)
                    {
                        connection.BaseUri = TrackEndpoints.ForRegion(region.Value);
                        WriteVerbose($"The workspace is in the {region.Value} region; using {connection.BaseUri}.");
                    }
                }
            }
            catch (JsonException) { WriteVerbose("The region answer was not JSON; keeping the region as given."); }
        }
    }
}
