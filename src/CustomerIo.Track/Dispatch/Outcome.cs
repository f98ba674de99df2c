using System;
using System.Collections.Generic;
using System.Management.Automation;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Transport;

namespace CustomerIo.Track.Dispatch
{
    /// <summary>How one Operation ended; produced by workers, written by the pipeline thread.</summary>
    internal sealed class Outcome
    {
        /// <summary>The operation; for a batch that landed whole, its first (see Operations).</summary>
        public Operation Operation { get; set; }

        /// <summary>Every operation of a batch that landed (one outcome for them all); null otherwise.</summary>
        public List<Operation> Operations { get; set; }

        /// <summary>How many records this outcome answers.</summary>
        public int Count => Operations?.Count ?? 1;
        public bool Succeeded { get; set; }
        public int Status { get; set; }
        public int Attempts { get; set; }
        public TimeSpan Elapsed { get; set; }
        /// <summary>"PUT /api/v1/customers/x" or "POST /api/v2/batch".</summary>
        public string Request { get; set; }
        public bool Batched { get; set; }
        public string Message { get; set; }
        public string ErrorId { get; set; }
        public ErrorCategory Category { get; set; }
        public Exception Exception { get; set; }
        /// <summary>The pipeline was stopped before or while this was sent.</summary>
        public bool Cancelled { get; set; }
        /// <summary>The request may have reached the service (sending began); false when nothing left the machine.</summary>
        public bool MayHaveBeenReceived { get; set; } = true;

        /// <summary>What this outcome says of its records: accepted, refused, never sent, or sent with no answer.</summary>
        public RecordFate Fate => RecordFates.Of(Succeeded, Status, MayHaveBeenReceived);

        public static Outcome Success(Operation op, TrackResponse r, string request, bool batched) => new Outcome
        {
            Operation = op, Succeeded = true, Status = r.Status, Attempts = r.Attempts, Elapsed = r.Elapsed,
            Request = request, Batched = batched,
        };

        /// <summary>One outcome for all the operations of a batch that the service accepted.</summary>
        public static Outcome BatchSuccess(List<Operation> ops, TrackResponse r) => new Outcome
        {
            Operation = ops[0], Operations = ops, Succeeded = true, Status = r.Status, Attempts = r.Attempts, Elapsed = r.Elapsed,
            Request = "POST /api/v2/batch", Batched = true,
        };

        /// <summary>A failed request: the error id and category follow from the status.</summary>
        public static Outcome Failure(Operation op, TrackResponse r, string request, bool batched)
        {
            var o = new Outcome
            {
                Operation = op, Status = r.Status, Attempts = r.Attempts, Elapsed = r.Elapsed, Request = request,
                Batched = batched, Exception = r.Error, Cancelled = r.Cancelled, MayHaveBeenReceived = r.MayHaveBeenReceived,
            };
            string detail = ServiceErrors.Message(r.Body);
            if (r.Cancelled) Set(o, "CioRequestCancelled", ErrorCategory.OperationStopped, "the pipeline was stopped before an answer came");
            else if (r.Status == 0 && r.TimedOut) Set(o, "CioRequestTimeout", ErrorCategory.OperationTimeout, $"{r.Error?.Message} after {r.Attempts} attempt(s)");
            else if (r.Status == 0) Set(o, "CioConnectionFailed", ErrorCategory.ConnectionError, $"{r.Error?.Message} after {r.Attempts} attempt(s)");
            else
            {
                string answered = $"Customer.io answered {r.Status}" + (detail != null ? ": " + detail : "");
                switch (r.Status)
                {
                    case 401 when r.CredentialsWithheldFrom != null:
                        Set(o, "CioRedirectWithoutCredentials", ErrorCategory.SecurityError,
                            $"The request was redirected to {r.CredentialsWithheldFrom.GetLeftPart(UriPartial.Authority)}, a host that may not receive the API key, " +
                            $"so it went there without credentials and {char.ToLowerInvariant(answered[0])}{answered.Substring(1)}. " +
                            "If that host is trusted, connect to it directly with Connect-CioTrack -BaseUri.");
                        break;
                    case 401: Set(o, "CioUnauthorized", ErrorCategory.AuthenticationError, answered); break;
                    case 403: Set(o, "CioForbidden", ErrorCategory.PermissionDenied, answered); break;
                    case 404: Set(o, "CioNotFound", ErrorCategory.ObjectNotFound, answered); break;
                    case 429: Set(o, "CioRateLimited", ErrorCategory.LimitsExceeded, answered + $" (after {r.Attempts} attempts)"); break;
                    default:
                        if (RetryPolicy.IsTransientStatus(r.Status))
                            Set(o, "CioServiceUnavailable", ErrorCategory.ResourceUnavailable, answered + $" (after {r.Attempts} attempts)");
                        else
                            Set(o, "CioRequestRejected", ErrorCategory.InvalidData, answered);
                        break;
                }
            }
            return o;
        }

        public static Outcome ItemRejected(Operation op, TrackResponse r, string reason) => new Outcome
        {
            Operation = op, Status = r.Status, Attempts = r.Attempts, Elapsed = r.Elapsed, Request = "POST /api/v2/batch",
            Batched = true, ErrorId = "CioBatchItemRejected", Category = ErrorCategory.InvalidData,
            Message = "Customer.io rejected this batch item: " + reason,
        };

        public static Outcome Invalid(Operation op, RecordValidationException ex) => new Outcome
        {
            Operation = op, ErrorId = ex.ErrorId, Category = ErrorCategory.InvalidData, Message = ex.Message, Exception = ex,
        };

        private static void Set(Outcome o, string id, ErrorCategory category, string message)
        {
            o.ErrorId = id;
            o.Category = category;
            o.Message = message;
        }
    }
}
