namespace CustomerIo.Track.Transport
{
    /// <summary>
    /// Where the transport reports what it does. Implementations queue the lines for the pipeline
    /// thread; workers never call Write* themselves.
    /// </summary>
    internal interface IRequestLog
    {
        bool VerboseEnabled { get; }
        bool DebugEnabled { get; }
        void Verbose(string message);
        void Debug(string message);
    }
}
