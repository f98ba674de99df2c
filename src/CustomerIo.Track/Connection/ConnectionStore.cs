namespace CustomerIo.Track.Connection
{
    /// <summary>
    /// The runspace's default connection, set by Connect-CioTrack and used when -Connection is not given.
    /// Each runspace (each job of a process) has its own: one job's Connect- or Disconnect-CioTrack never
    /// changes where another job's records go. A connection passed with -Connection works in any runspace.
    /// </summary>
    internal static class ConnectionStore
    {
        private static readonly RunspaceLocal<CioConnection> _current = new RunspaceLocal<CioConnection>();

        public static CioConnection Current
        {
            get => _current.Value;
            set => _current.Value = value;
        }
    }
}
