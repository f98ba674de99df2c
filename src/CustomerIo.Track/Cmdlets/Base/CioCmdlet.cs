using System;
using System.Management.Automation;
using System.Threading;

namespace CustomerIo.Track.Cmdlets.Base
{
    /// <summary>Every cmdlet of the module: cancellation wired to Ctrl+C, stream checks, error helpers.</summary>
    public abstract class CioCmdlet : PSCmdlet
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        /// <summary>Cancelled when the user presses Ctrl+C (StopProcessing).</summary>
        protected CancellationToken StopToken => _stop.Token;

        protected bool StopRequested => _stop.IsCancellationRequested;

        protected override void StopProcessing() => _stop.Cancel();

        /// <summary>Stops everything this invocation started (used before a terminating error).</summary>
        protected void CancelWork() => _stop.Cancel();

        /// <summary>Is the verbose or debug stream on for this call (-Verbose, or the preference variable)?</summary>
        protected bool IsStreamEnabled(string switchName, string preferenceVariable)
        {
            if (MyInvocation.BoundParameters.TryGetValue(switchName, out object bound))
                return bound is SwitchParameter sw ? sw.IsPresent : LanguagePrimitives.IsTrue(bound);
            object pref = GetVariableValue(preferenceVariable);
            if (pref is ActionPreference ap) return ap != ActionPreference.SilentlyContinue && ap != ActionPreference.Ignore;
            return pref != null && Enum.TryParse(pref.ToString(), true, out ActionPreference parsed)
                && parsed != ActionPreference.SilentlyContinue && parsed != ActionPreference.Ignore;
        }

        protected static ErrorRecord Error(Exception exception, string errorId, ErrorCategory category, object target, string recommendedAction = null)
        {
            var record = new ErrorRecord(exception, errorId, category, target);
            if (recommendedAction != null) record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = recommendedAction };
            return record;
        }
    }
}
