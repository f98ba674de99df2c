namespace CustomerIo.Track.Dispatch
{
    /// <summary>
    /// Where a record of a stopped run ends up: every record read is in exactly one of these, so a
    /// stopped run can be completed by re-running NotSent and Unconfirmed (and Refused, to see why).
    /// </summary>
    internal enum RecordFate
    {
        /// <summary>The service accepted it.</summary>
        Succeeded,
        /// <summary>The service answered and refused it (a status other than 2xx, or a 207 item error).</summary>
        Failed,
        /// <summary>No byte of it left the machine.</summary>
        NotSent,
        /// <summary>It was sent, and no answer came: the service may or may not have it.</summary>
        Unconfirmed,
    }

    internal static class RecordFates
    {
        /// <summary>The fate of a request's records from its last answer: any answer decides; without one, whether sending began.</summary>
        public static RecordFate Of(bool succeeded, int status, bool mayHaveBeenReceived) =>
            succeeded ? RecordFate.Succeeded
            : status != 0 ? RecordFate.Failed
            : mayHaveBeenReceived ? RecordFate.Unconfirmed
            : RecordFate.NotSent;
    }
}
