using System.Collections.Concurrent;
using CustomerIo.Track.Transport;

namespace CustomerIo.Track.Cmdlets.Base
{
    /// <summary>Collects the transport's verbose and debug lines from workers for the pipeline thread to write.</summary>
    internal sealed class PipelineLog : IRequestLog
    {
        private readonly ConcurrentQueue<(bool debug, string text)> _lines = new ConcurrentQueue<(bool, string)>();

        public PipelineLog(bool verbose, bool debug)
        {
            VerboseEnabled = verbose;
            DebugEnabled = debug;
        }

        public bool VerboseEnabled { get; }
        public bool DebugEnabled { get; }

        public void Verbose(string message) { if (VerboseEnabled) _lines.Enqueue((false, message)); }
        public void Debug(string message) { if (DebugEnabled) _lines.Enqueue((true, message)); }

        public bool TryTake(out bool debug, out string text)
        {
            if (_lines.TryDequeue(out var line)) { debug = line.debug; text = line.text; return true; }
            debug = false;
            text = null;
            return false;
        }
    }
}
