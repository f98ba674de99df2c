namespace CustomerIo.Track.Connection
{
    /// <summary>The Customer.io data center a workspace lives in.</summary>
    public enum CioRegion
    {
        US,
        EU,
    }
}
