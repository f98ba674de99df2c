using System.Management.Automation;
using CustomerIo.Track.Cmdlets.Base;
using CustomerIo.Track.Cmdlets.Records;
using CustomerIo.Track.Operations.People;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Results;

namespace CustomerIo.Track.Cmdlets.People
{
    /// <summary>Person cmdlets that take only the person: -Id, an id/customer_id property, or piped id strings.</summary>
    public abstract class CioPersonActionCmdlet : CioEntityRowCmdlet
    {
        /// <summary>The person's id (an email or cio_&lt;cio_id&gt; also works in v1 paths).</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("CustomerId", "customer_id")]
        public string Id { get; set; }

        private protected abstract Operation Build(PersonIdentifier who, object input);

        protected override void ProcessInput()
        {
            var who = RecordInput.Person(Id, InputObject, "give -Id, or pipe id strings or objects with an id or customer_id property", EmailIdentifiesPeople);
            NameRecord(who.PathValue);
            Submit(Build(who, InputObject));
        }
    }

    /// <summary>Remove-CioCustomer: deletes people (DELETE /api/v1/customers/{id}).</summary>
    [Cmdlet(VerbsCommon.Remove, "CioCustomer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(CioResult), typeof(PSObject))]
    public sealed class RemoveCioCustomerCommand : CioPersonActionCmdlet
    {
        private protected override Operation Build(PersonIdentifier who, object input) => PersonActionOperation.Delete(who, input);
    }

    /// <summary>Add-CioSuppression: deletes people and blocks their identifiers (POST /api/v1/customers/{id}/suppress).</summary>
    [Cmdlet(VerbsCommon.Add, "CioSuppression", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(CioResult), typeof(PSObject))]
    public sealed class AddCioSuppressionCommand : CioPersonActionCmdlet
    {
        private protected override Operation Build(PersonIdentifier who, object input) => PersonActionOperation.Suppress(who, input);
    }

    /// <summary>Remove-CioSuppression: lets suppressed identifiers be identified again (POST /api/v1/customers/{id}/unsuppress).</summary>
    [Cmdlet(VerbsCommon.Remove, "CioSuppression", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CioResult), typeof(PSObject))]
    public sealed class RemoveCioSuppressionCommand : CioPersonActionCmdlet
    {
        private protected override Operation Build(PersonIdentifier who, object input) => PersonActionOperation.Unsuppress(who, input);
    }
}
