using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Text;
using CustomerIo.Track.Cmdlets.Base;
using CustomerIo.Track.Operations;
using Sylvan.Data.Csv;

namespace CustomerIo.Track.Cmdlets.Import
{
    /// <summary>
    /// The Import-Cio* cmdlets: read CSV files as Import-Csv does (-Path with wildcards, -LiteralPath,
    /// FileInfo piped in, -Delimiter, -Encoding, -Header) and hand each row, as the PSObject Import-Csv
    /// would make of it, to the derived cmdlet's ImportRow, which builds it as its Set-/Send- cmdlet
    /// builds a piped row. Rows are read on the pipeline thread, one at a time, so a file of any size
    /// streams; each row is one record of the run (its number, LastRun, -PassThru), named in messages
    /// by file and line.
    /// </summary>
    public abstract class CioCsvImportCmdlet : CioEntityCmdlet
    {
        protected const string PathSet = "Path";
        protected const string LiteralPathSet = "LiteralPath";
        private const int BufferSize = 1 << 16;
        // A record must fit in Sylvan's buffer: room for very long rows, but an unclosed quote is not read to the end of memory.
        private const int MaxRecordChars = 16 << 20;

        /// <summary>CSV files to read; wildcards allowed.</summary>
        [Parameter(ParameterSetName = PathSet, Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [SupportsWildcards]
        public string[] Path { get; set; }

        /// <summary>CSV files to read, taken as typed (no wildcards); Get-ChildItem's output binds here.</summary>
        [Parameter(ParameterSetName = LiteralPathSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP", "FullName")]
        public string[] LiteralPath { get; set; }

        /// <summary>The character between fields (default: a comma).</summary>
        [Parameter]
        public char Delimiter { get; set; } = ',';

        /// <summary>The files' encoding when they have no byte order mark (default: UTF-8).</summary>
        [Parameter]
        [EncodingArgument]
        [ArgumentCompleter(typeof(EncodingCompleter))]
        public Encoding Encoding { get; set; }

        /// <summary>Column names for files without a header line: the first line is then data.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] Header { get; set; }

        /// <summary>Columns that must not become the record's attributes or data.</summary>
        [Parameter]
        public string[] ExcludeProperty { get; set; }

        /// <summary>Send empty cells as empty strings instead of leaving them out.</summary>
        [Parameter]
        public SwitchParameter IncludeEmpty { get; set; }

        private readonly RecordLines _lines = new RecordLines();
        private PSObject _row;
        private Action _importRow;
        private string _file;
        private Stream _stream;
        // The characters of the rows handed over so far in this file (fields, delimiters, line ends) and
        // the bytes one character takes: the file's position runs ahead by the readers' buffers (a small
        // file is read whole at once), so progress takes the smaller of the two.
        private long _charsRead;
        private int _bytesPerChar = 1;
        private long _bytesTotal;
        private long _bytesDone;

        private protected override bool InputHoldsRecords => true;

        protected override void BeginProcessing()
        {
            if (Header != null)
            {
                var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (string name in Header)
                {
                    string problem = string.IsNullOrEmpty(name) ? "is empty" : ColumnProblem(name, seen);
                    if (problem != null)
                        ThrowTerminatingError(Error(new PSArgumentException($"-Header: the column name '{name}' {problem}; give each column its own name."),
                            "CsvBadColumnName", ErrorCategory.InvalidArgument, Header));
                }
            }
            base.BeginProcessing();
        }

        protected override object CurrentInput => _row;

        /// <summary>Build the row's operation and Submit it, as the Set-/Send- cmdlet does for a piped row.</summary>
        private protected abstract void ImportRow(PSObject row);

        protected override void ProcessInput()
        {
            var errors = new List<ErrorRecord>();
            bool literal = ParameterSetName == LiteralPathSet;
            var files = CsvFiles.Resolve(this, literal ? LiteralPath : Path, literal, errors);
            foreach (var error in errors) WriteError(error);
            foreach (string file in files) _bytesTotal += new FileInfo(file).Length;
            foreach (string file in files)
            {
                if (StopRequested) return;
                long length = new FileInfo(file).Length;
                try { ReadFile(file); }
                catch (IOException ex) { WriteError(Error(ex, "FileReadFailed", ErrorCategory.ReadError, file)); }
                catch (UnauthorizedAccessException ex) { WriteError(Error(ex, "FileReadFailed", ErrorCategory.PermissionDenied, file)); }
                finally { _bytesDone += length; _stream = null; _file = null; _charsRead = 0; }
            }
        }

        private void ReadFile(string file)
        {
            _file = file;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, BufferSize, FileOptions.SequentialScan))
            using (var text = new StreamReader(stream, Encoding ?? new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, BufferSize))
            {
                _stream = stream;
                var options = new CsvDataReaderOptions
                {
                    Delimiter = Delimiter,
                    HasHeaders = Header == null,
                    Comment = '\0',           // '#' starts data, not a comment, as in Import-Csv
                    BufferSize = BufferSize,
                    MaxBufferSize = MaxRecordChars,
                    OwnsReader = false,
                };
                CsvDataReader csv;
                try { csv = CsvDataReader.Create(text, options); }
                catch (CsvFormatException ex) { WriteMalformed(file, 1, ex); return; }
                _bytesPerChar = text.CurrentEncoding is UnicodeEncoding ? 2 : text.CurrentEncoding is UTF32Encoding ? 4 : 1;
                using (csv)
                {
                    string[] names = Header ?? HeaderNames(csv, file);
                    if (names == null) return;
                    ReadRows(csv, file, names, Header == null ? 1 : 0);
                }
            }
        }

        // The header line's names: an empty one becomes H1, H2... (as Import-Csv names them); a repeated one refuses the file.
        private string[] HeaderNames(CsvDataReader csv, string file)
        {
            var names = new string[csv.FieldCount];
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            int unnamed = 0;
            for (int i = 0; i < names.Length; i++)
            {
                string name = csv.GetName(i);
                if (string.IsNullOrEmpty(name)) name = "H" + ++unnamed;
                string problem = ColumnProblem(name, seen);
                if (problem != null)
                {
                    WriteError(Error(new InvalidDataException($"{file} line 1: the column name '{name}' {problem}; give each column its own name (or -Header). Nothing of this file was sent."),
                        "CsvBadColumnName", ErrorCategory.InvalidData, file));
                    return null;
                }
                names[i] = name;
            }
            if (unnamed > 0) WriteWarning($"{file}: {unnamed} column(s) of the header have no name; they are named H1, H2, ... as Import-Csv names them.");
            if (names.Length == 0)
            {
                WriteError(Error(new InvalidDataException($"{file} is empty: it has no header line. Nothing was sent."), "CsvEmptyFile", ErrorCategory.InvalidData, file));
                return null;
            }
            return names;
        }

        // The names PowerShell keeps for itself on every object: a row cannot have them as columns.
        private static readonly HashSet<string> ReservedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            { "psobject", "psbase", "psadapted", "psextended", "pstypenames" };

        // Why a column cannot have this name (null when it can); notes it as seen. Rows add their properties
        // unchecked (preValidated), so the header is checked here, once per file.
        private static string ColumnProblem(string name, HashSet<string> seen)
        {
            if (ReservedNames.Contains(name)) return "is reserved by PowerShell";
            return seen.Add(name) ? null : "appears twice (names are case-insensitive)";
        }

        // line: the last line read so far (the header's, or 0 when -Header makes the first line data).
        private void ReadRows(CsvDataReader csv, string file, string[] names, long line)
        {
            _importRow = _importRow ?? (() => ImportRow(_row));
            while (!StopRequested)
            {
                try { if (!csv.Read()) return; }
                catch (CsvFormatException ex) { WriteMalformed(file, line + 1, ex); return; }
                long rowLine = line + 1;
                int count = csv.RowFieldCount;
                var row = new PSObject();
                int breaks = 0;
                for (int i = 0; i < count; i++)
                {
                    string value = csv.GetString(i);
                    breaks += LineBreaks(value);
                    _charsRead += value.Length + 1; // and its delimiter or line end
                    if (i < names.Length) row.Properties.Add(new PSNoteProperty(names[i], value), preValidated: true); // names checked once per file (ColumnProblem)
                }
                line = rowLine + breaks;
                if (count == 1 && names.Length > 1 && breaks == 0 && csv.GetString(0).Length == 0) continue; // a blank line
                _row = row;
                _lines.Note(RecordNumber + 1, file, rowLine);
                ProcessEach(count == names.Length ? _importRow : Refusal(count, names));
                _row = null;
            }
        }

        // Its own method so that the closure is made only for a bad line, not for every row.
        private static Action Refusal(int count, string[] names) => () => throw new RecordValidationException(null,
                $"the line has {count} field{(count == 1 ? "" : "s")}, but the header has {names.Length} ({string.Join(", ", names)}); " +
                "check for a missing or an extra delimiter, or a quote that is not closed.",
                "CsvFieldCountMismatch");

        private void WriteMalformed(string file, long line, CsvFormatException ex) =>
            WriteError(Error(new InvalidDataException($"{file} line {line}: the CSV is malformed ({ex.Message}); the rest of this file was not read.", ex),
                "CsvMalformed", ErrorCategory.InvalidData, file));

        // CR LF, CR and LF each end a line.
        private static int LineBreaks(string value)
        {
            if (value.IndexOfAny(LineBreakChars) < 0) return 0;
            int n = 0;
            for (int i = 0; i < value.Length; i++)
            {
                if (value[i] == '\n') n++;
                else if (value[i] == '\r') { n++; if (i + 1 < value.Length && value[i + 1] == '\n') i++; }
            }
            return n;
        }

        private static readonly char[] LineBreakChars = { '\r', '\n' };

        private protected override string RecordLabel(long record, object input, string field)
        {
            if (!_lines.TryFind(record, out string file, out long line)) return base.RecordLabel(record, input, field);
            return field == null ? $"{file} line {line}, record {record}" : $"{file} line {line}, field '{field}', record {record}";
        }

        // Percent done and time left from the bytes read of all the files resolved so far.
        private protected override void DescribeProgress(ProgressRecord progress, TimeSpan elapsed)
        {
            long done = _bytesDone + (_stream == null ? 0 : Math.Min(_stream.Position, _charsRead * _bytesPerChar));
            if (_bytesTotal <= 0) return;
            done = Math.Min(done, _bytesTotal);
            progress.PercentComplete = (int)(done * 100 / _bytesTotal);
            if (done > 0) progress.SecondsRemaining = (int)Math.Ceiling(elapsed.TotalSeconds * (_bytesTotal - done) / done);
            if (_file != null) progress.CurrentOperation = $"Reading {_file}";
        }
    }
}
