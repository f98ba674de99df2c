namespace CustomerIo.Track.Connection
{
    /// <summary>The session's default connection, set by Connect-CioTrack and used when -Connection is not given.</summary>
    internal static class ConnectionStore
    {
        private static volatile CioConnection _current;

        public static CioConnection Current
        {
            get => _current;
            set => _current = value;
        }
    }
}
