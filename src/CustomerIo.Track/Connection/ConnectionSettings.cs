namespace CustomerIo.Track.Connection
{
    /// <summary>The tunable parts of a connection, with the defaults Connect-CioTrack uses.</summary>
    internal sealed class ConnectionSettings
    {
        public int TimeoutSec { get; set; } = 30;
        public int RequestsPerSecond { get; set; } = 100;
        public int MaxRetries { get; set; } = 3;
        public int RetryBudgetSec { get; set; } = 30;
        public CioPeopleIdentifiers PeopleIdentifiedBy { get; set; } = CioPeopleIdentifiers.EmailOrId;
    }
}
