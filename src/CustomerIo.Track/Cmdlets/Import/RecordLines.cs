using System.Collections.Generic;

namespace CustomerIo.Track.Cmdlets.Import
{
    /// <summary>
    /// Where each record of a run came from (file and line), for messages written long after the row
    /// was read (a service error). Records are numbered in reading order and mostly lie one line after
    /// the other, so only the places where that breaks are kept (a new file, a blank line, a quoted
    /// field with line breaks): a million plain rows cost one entry, not a million.
    /// </summary>
    internal sealed class RecordLines
    {
        private readonly List<Anchor> _anchors = new List<Anchor>();

        /// <summary>Record number record starts on line line of file; later records follow one line each.</summary>
        public void Note(long record, string file, long line)
        {
            if (_anchors.Count > 0)
            {
                var last = _anchors[_anchors.Count - 1];
                if (ReferenceEquals(last.File, file) && last.Line + (record - last.Record) == line) return; // already implied
            }
            _anchors.Add(new Anchor(record, file, line));
        }

        /// <summary>The file and line of a record noted before; false for a record this run did not read from a file.</summary>
        public bool TryFind(long record, out string file, out long line)
        {
            int lo = 0, hi = _anchors.Count - 1, found = -1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >> 1;
                if (_anchors[mid].Record <= record) { found = mid; lo = mid + 1; }
                else hi = mid - 1;
            }
            if (found < 0) { file = null; line = 0; return false; }
            var a = _anchors[found];
            file = a.File;
            line = a.Line + (record - a.Record);
            return true;
        }

        private readonly struct Anchor
        {
            public Anchor(long record, string file, long line) { Record = record; File = file; Line = line; }
            public long Record { get; }
            public string File { get; }
            public long Line { get; }
        }
    }
}
