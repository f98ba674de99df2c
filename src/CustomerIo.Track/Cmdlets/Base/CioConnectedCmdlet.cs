using System;
using System.Management.Automation;
using CustomerIo.Track.Connection;

namespace CustomerIo.Track.Cmdlets.Base
{
    /// <summary>Cmdlets that talk to the service: -Connection, or the default connection Connect-CioTrack made in this runspace.</summary>
    public abstract class CioConnectedCmdlet : CioCmdlet
    {
        /// <summary>A connection other than this runspace's default (from Connect-CioTrack -PassThru); works in any runspace.</summary>
        [Parameter]
        public CioConnection Connection { get; set; }

        private bool? _emailIdentifiesPeople;

        /// <summary>
        /// Whether email identifies people, as the connection says (Connect-CioTrack -PeopleIdentifiedBy);
        /// with no connection (-WhatIf, -AsOperation) what new workspaces use: email or id.
        /// </summary>
        private protected bool EmailIdentifiesPeople =>
            _emailIdentifiesPeople ?? (bool)(_emailIdentifiesPeople =
                (Connection ?? ConnectionStore.Current)?.PeopleIdentifiedBy != CioPeopleIdentifiers.IdOnly);

        /// <summary>The connection to use; stops the pipeline with one clear error when there is none.</summary>
        protected CioConnection RequireConnection()
        {
            var connection = Connection ?? ConnectionStore.Current;
            if (connection != null) return connection;
            ThrowTerminatingError(Error(
                new InvalidOperationException("Not connected to Customer.io. Run Connect-CioTrack -SiteId <site id> -ApiKey <key> first, or pass -Connection."),
                "CioNotConnected", ErrorCategory.ConnectionError, null,
                "Run Connect-CioTrack (or set CIO_SITE_ID and CIO_TRACK_API_KEY and run Connect-CioTrack without parameters)."));
            return null;
        }
    }
}
