namespace CustomerIo.Track.Dispatch
{
    /// <summary>
    /// Until something succeeds, a 401 means the key is wrong and the cmdlet will stop the run: start
    /// nothing more meanwhile (the message says nothing more was sent). A success seen later (another
    /// request of the same run) means the 401 was about that record alone: go on.
    /// Not thread-safe: the scheduler calls it under its lock.
    /// </summary>
    internal sealed class CredentialHold
    {
        private volatile bool _anySucceeded;

        /// <summary>Once a request has succeeded no answer can hold the run: outcomes need not be looked at.</summary>
        public bool Settled => _anySucceeded;

        public bool IsHeld { get; private set; }

        /// <summary>Notes an outcome; true when it releases a held run.</summary>
        public bool Note(Outcome outcome)
        {
            if (outcome.Succeeded)
            {
                _anySucceeded = true;
                bool wasHeld = IsHeld;
                IsHeld = false;
                return wasHeld;
            }
            if (outcome.ErrorId == "CioUnauthorized" && !_anySucceeded) IsHeld = true;
            return false;
        }
    }
}
