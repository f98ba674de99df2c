using System.Management.Automation;
using CustomerIo.Track.Cmdlets.Base;
using CustomerIo.Track.Connection;

namespace CustomerIo.Track.Cmdlets.Connection
{
    /// <summary>Disconnect-CioTrack: forgets this runspace's default connection (other runspaces keep theirs).</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "CioTrack")]
    [OutputType(typeof(void))]
    public sealed class DisconnectCioTrackCommand : CioCmdlet
    {
        protected override void EndProcessing()
        {
            if (ConnectionStore.Current == null) { WriteVerbose("Not connected."); return; }
            WriteVerbose($"Disconnected from {ConnectionStore.Current}.");
            ConnectionStore.Current = null;
        }
    }
}
