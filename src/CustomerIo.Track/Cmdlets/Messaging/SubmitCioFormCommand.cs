using System.Collections.Generic;
using System.Management.Automation;
using CustomerIo.Track.Cmdlets.Base;
using CustomerIo.Track.Cmdlets.Records;
using CustomerIo.Track.Json;
using CustomerIo.Track.Operations.Messaging;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Results;

namespace CustomerIo.Track.Cmdlets.Messaging
{
    /// <summary>
    /// Submit-CioForm: submits a form's fields (POST /api/v1/forms/{form_id}/submit {"data":{...}}).
    /// A piped object's properties that are not parameters become the fields; -Data merges over them.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Submit, "CioForm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CioResult))]
    public sealed class SubmitCioFormCommand : CioRowCmdlet
    {
        /// <summary>The form's id (any name you choose; Customer.io creates the form on the first submission).</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("form_id")]
        public string FormId { get; set; }

        /// <summary>The submitted fields: a hashtable or an object.</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        public object Data { get; set; }

        [Parameter]
        public string[] ExcludeProperty { get; set; }

        [Parameter]
        public SwitchParameter IncludeEmpty { get; set; }

        private HashSet<string> _excluded;

        protected override void ProcessInput()
        {
            var input = InputObject;
            string formId = RecordInput.Text(FormId, input, "form_id", "FormId");
            NameRecord(formId);
            Send(input, formId);
        }

        private void Send(PSObject input, string formId)
        {
            var record = PowerShellValues.IsRecord(input) ? input : null;
            var data = AttributeSet.FromRecord(record, RecordInput.Excluded(ref _excluded, RecordNames.FormFields, ExcludeProperty), IncludeEmpty);
            FieldRules.MergeRecord(data, RecordInput.Value(Data, input, "data"), "data", IncludeEmpty);
            Submit(FormOperation.Create(formId, data, input));
        }
    }
}
