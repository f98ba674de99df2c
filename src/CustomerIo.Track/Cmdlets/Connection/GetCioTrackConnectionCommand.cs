using System.Management.Automation;
using CustomerIo.Track.Cmdlets.Base;
using CustomerIo.Track.Connection;

namespace CustomerIo.Track.Cmdlets.Connection
{
    /// <summary>Get-CioTrackConnection: this runspace's default connection (never the key).</summary>
    [Cmdlet(VerbsCommon.Get, "CioTrackConnection")]
    [OutputType(typeof(CioConnection))]
    public sealed class GetCioTrackConnectionCommand : CioCmdlet
    {
        protected override void EndProcessing()
        {
            var connection = ConnectionStore.Current;
            if (connection != null) WriteObject(connection);
            else WriteVerbose("Not connected; run Connect-CioTrack.");
        }
    }
}
