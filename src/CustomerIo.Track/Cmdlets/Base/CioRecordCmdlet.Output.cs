using System;
using System.Management.Automation;
using CustomerIo.Track.Dispatch;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Results;

namespace CustomerIo.Track.Cmdlets.Base
{
    // What a run writes, always on the pipeline thread: errors, results, log lines, progress, the end.
    public abstract partial class CioRecordCmdlet
    {
        /// <summary>Reports a record refused before sending; nothing of it is sent.</summary>
        protected void ReportInvalid(RecordValidationException ex, object input, string identifier, string action = null)
        {
            _ledger.CountRefused();
            long record = _ledger.Records;
            string who = identifier != null ? $" ('{identifier}')" : "";
            var wrapped = new RecordValidationException(ex.Field, $"{RecordLabel(record, input, ex.Field)}{who}: {ex.Message} Nothing of this record was sent.", ex.ErrorId);
            WriteError(Error(wrapped, ex.ErrorId, ErrorCategory.InvalidData, input));
            if (PassThru)
                WriteObject(new CioResult { Record = record, Identifier = identifier, Action = action, Succeeded = false, Error = ex.Message, InputObject = input });
        }

        /// <summary>How messages name a record: "Record 12"; a cmdlet that reads files names the file and line too.</summary>
        private protected virtual string RecordLabel(long record, object input, string field) => $"Record {record}";

        /// <summary>Adds what only the cmdlet knows to the progress record (a file reader: percent and time left).</summary>
        private protected virtual void DescribeProgress(ProgressRecord progress, TimeSpan elapsed) { }

        /// <summary>Writes what workers produced: results, errors, log lines, progress.</summary>
        protected void Drain()
        {
            if (_dispatcher == null || StopRequested) return; // stopping: nothing more is written
            while (_log.TryTake(out bool debug, out string text))
            {
                if (debug) WriteDebug(text); else WriteVerbose(text);
            }
            // Once the run is closed (stopped) its summary is final; later answers are its Unconfirmed.
            while (_ledger.TryTakeOutcome(out Outcome outcome)) Write(outcome);
            UpdateProgress();
        }

        private void Write(Outcome o)
        {
            if (!o.Succeeded)
            {
                if (o.Cancelled) return;
                var op = o.Operation;
                string message = $"{RecordLabel(op.RecordNumber, op.InputObject, null)} ({op.Action} {op.Target}): {o.Message}";
                var exception = new CioRequestException(message, o.Status, o.Request, o.Exception);
                if (o.ErrorId == "CioUnauthorized" && _ledger.Succeeded == 0)
                {
                    // Bad credentials: every later record would fail the same way.
                    EndEarly();
                    ThrowTerminatingError(Error(
                        new CioRequestException($"Customer.io refused the credentials of site '{_connection.SiteId}' ({o.Message}). Nothing more was sent.", 401, o.Request),
                        "CioUnauthorized", ErrorCategory.AuthenticationError, op.InputObject,
                        "Check the Site ID and the Track API key (Settings > API Credentials), then run Connect-CioTrack again."));
                }
                WriteError(Error(exception, o.ErrorId, o.Category, op.InputObject));
            }
            if (!PassThru) return;
            if (o.Operations == null) WriteObject(Result(o, o.Operation));
            else foreach (var op in o.Operations) WriteObject(Result(o, op));
        }

        private static CioResult Result(Outcome o, Operation op) => new CioResult
        {
            Record = op.RecordNumber, EntityType = op.EntityType, Identifier = op.Identifier,
            Action = op.Action, Succeeded = o.Succeeded, StatusCode = o.Status, Request = o.Request,
            Batched = o.Batched, Attempts = o.Attempts, Elapsed = o.Elapsed,
            Error = o.Succeeded ? null : o.Message, InputObject = op.InputObject,
        };

        private void UpdateProgress()
        {
            var now = _clock.Elapsed;
            if (now < TimeSpan.FromSeconds(1) || now - _lastProgress < TimeSpan.FromMilliseconds(250)) return;
            _lastProgress = now;
            _progressShown = true;
            long done = _ledger.Succeeded + _ledger.Failed;
            double rate = done / Math.Max(now.TotalSeconds, 0.001);
            var progress = new ProgressRecord(ProgressActivityId, "Sending to Customer.io",
                $"{_ledger.Succeeded} sent, {_ledger.Failed} failed, {_ledger.InProgress} in progress, {_ledger.Records} read, {rate:0} records/s");
            DescribeProgress(progress, now);
            WriteProgress(progress);
        }

        // Runs once: on the pipeline thread at the end, or from EndEarly after a stop (or a fatal 401).
        private void Finish(bool stopped)
        {
            if (!_ledger.Close(stopped, TakeHeldInputs, _clock.Elapsed)) return;
            _dispatcher.Dispose();
            if (stopped) return; // the pipeline is stopping: no more writes
            if (_progressShown)
                WriteProgress(new ProgressRecord(ProgressActivityId, "Sending to Customer.io", "Done") { RecordType = ProgressRecordType.Completed });
            WriteVerbose($"{MyInvocation.MyCommand.Name}: {_ledger.Records} records, {_ledger.Succeeded} succeeded, {_ledger.Failed} failed, " +
                $"{_dispatcher.Requests} requests in {_clock.Elapsed.TotalSeconds:0.00} s ({_ledger.Records / Math.Max(_clock.Elapsed.TotalSeconds, 0.001):0} records/s).");
        }
    }
}
