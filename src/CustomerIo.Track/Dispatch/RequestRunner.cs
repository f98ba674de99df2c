using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Transport;

namespace CustomerIo.Track.Dispatch
{
    /// <summary>
    /// Sends one work unit and turns the answers into outcomes: a single request, or a v2 batch whose
    /// 207 is settled item by item and whose 400 is halved until the refused items stand alone. Every
    /// operation of the unit gets exactly one outcome, even when this code fails.
    /// </summary>
    internal sealed class RequestRunner
    {
        private const string BatchRequest = "POST /api/v2/batch";
        private readonly TrackTransport _transport;
        private readonly CancellationToken _halt;
        private readonly CancellationToken _abort;
        private readonly IRequestLog _log;
        private readonly Action<WorkUnit, Outcome> _post;
        private int _requests;

        /// <param name="halt">Nothing more starts once cancelled (a stop).</param>
        /// <param name="abort">Gives up on requests on the wire once cancelled.</param>
        /// <param name="post">Queues an outcome of a unit for the pipeline thread.</param>
        public RequestRunner(TrackTransport transport, CancellationToken halt, CancellationToken abort, IRequestLog log, Action<WorkUnit, Outcome> post)
        {
            _transport = transport;
            _halt = halt;
            _abort = abort;
            _log = log;
            _post = post;
        }

        /// <summary>HTTP requests started (a retried request counts once).</summary>
        public int Requests => Volatile.Read(ref _requests);

        public async Task RunAsync(WorkUnit unit, bool tokenTaken)
        {
            try
            {
                if (unit.IsBatch) await SendBatchAsync(unit, unit.Operations, tokenTaken).ConfigureAwait(false);
                else await SendSingleAsync(unit, unit.Operations[0], tokenTaken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // A bug here must not lose records: report each as failed.
                var unanswered = new List<Operation>();
                unit.CollectUnanswered(unanswered);
                foreach (var op in unanswered)
                    _post(unit, new Outcome
                    {
                        Operation = op, ErrorId = "CioInternalError", Category = ErrorCategory.NotSpecified,
                        Message = "Internal error while sending: " + ex.Message, Exception = ex,
                    });
            }
        }

        private async Task SendSingleAsync(WorkUnit unit, Operation op, bool tokenTaken)
        {
            Interlocked.Increment(ref _requests);
            var response = await _transport.SendAsync(op.Method, op.Path, RequestBody.FromBytes(op.Body), _halt, _abort, _log, tokenTaken).ConfigureAwait(false);
            _post(unit, response.IsSuccess
                ? Outcome.Success(op, response, op.Request, false)
                : Outcome.Failure(op, response, op.Request, false));
        }

        private async Task SendBatchAsync(WorkUnit unit, List<Operation> ops, bool tokenTaken)
        {
            Interlocked.Increment(ref _requests);
            var response = await _transport.SendAsync("POST", "/api/v2/batch", BatchPacker.Body(ops), _halt, _abort, _log, tokenTaken).ConfigureAwait(false);
            if (response.Status == 207)
            {
                await BatchAnswer.SettleAsync(ops, response, o => _post(unit, o), group => SendBatchAsync(unit, group, tokenTaken: false), _log).ConfigureAwait(false);
            }
            else if (response.IsSuccess)
            {
                _post(unit, Outcome.BatchSuccess(ops, response));
            }
            else if (response.Status == 400 && ops.Count > 1)
            {
                // The whole request was refused as malformed: halve it until the bad items stand alone.
                _log?.Verbose($"{BatchRequest}: 400 for {ops.Count} items; splitting to isolate the bad ones");
                int half = ops.Count / 2;
                await SendBatchAsync(unit, ops.GetRange(0, half), tokenTaken: false).ConfigureAwait(false);
                await SendBatchAsync(unit, ops.GetRange(half, ops.Count - half), tokenTaken: false).ConfigureAwait(false);
            }
            else
            {
                foreach (var op in ops) _post(unit, Outcome.Failure(op, response, BatchRequest, true));
            }
        }
    }
}
