namespace CustomerIo.Track.Dispatch
{
    /// <summary>How a dispatcher uses v2 /batch.</summary>
    internal enum BatchMode
    {
        /// <summary>One single request per operation (-NoBatch, and operations with no v2 form).</summary>
        Never,
        /// <summary>Pack operations into batches; a batch of one goes as its single request.</summary>
        Auto,
        /// <summary>Always POST /api/v2/batch, packed greedily: a batch is sent when the next item does not fit or input ends (Invoke-CioBatch).</summary>
        Always,
    }
}
