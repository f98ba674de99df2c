using System;
using System.Management.Automation;
using System.Text;
using CustomerIo.Track.Operations;

namespace CustomerIo.Track.Cmdlets.Base
{
    // ShouldProcess for records: asked only when it can matter, and what -WhatIf shows of a request.
    public abstract partial class CioRecordCmdlet
    {
        /// <summary>
        /// Would ShouldProcess do anything in this call (-WhatIf, a confirmation, or its verbose line)?
        /// When not, it answers yes to every record, and asking it per record is half a record's cost.
        /// </summary>
        private bool ShouldProcessMatters()
        {
            if (_whatIf || LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"))) return true;
            if (IsStreamEnabled("Verbose", "VerbosePreference")) return true;
            if (MyInvocation.BoundParameters.TryGetValue("Confirm", out object confirm)) return LanguagePrimitives.IsTrue(confirm);
            var cmdlet = (CmdletAttribute)Attribute.GetCustomAttribute(GetType(), typeof(CmdletAttribute));
            if (cmdlet == null || !cmdlet.SupportsShouldProcess) return false;
            object preference = GetVariableValue("ConfirmPreference");
            if (preference == null || !LanguagePrimitives.TryConvertTo(preference, out ConfirmImpact threshold)) threshold = ConfirmImpact.High;
            return threshold != ConfirmImpact.None && cmdlet.ConfirmImpact >= threshold;
        }

        // Under -WhatIf the body is shown too: it is what would be sent.
        private static string Describe(Operation op, bool withBody)
        {
            var sb = new StringBuilder(op.Action).Append(" (").Append(op.Request);
            if (withBody && op.Body != null)
            {
                string body = Encoding.UTF8.GetString(op.Body);
                sb.Append(' ').Append(body.Length > 300 ? body.Substring(0, 300) + "..." : body);
            }
            return sb.Append(')').ToString();
        }
    }
}
