using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using CustomerIo.Track.Cmdlets.Base;
using CustomerIo.Track.Json;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Operations.Entity;
using CustomerIo.Track.Results;

namespace CustomerIo.Track.Cmdlets.Batch
{
    /// <summary>
    /// Send-CioEntity: one v2 operation per POST /api/v2/entity, given as parameters or piped as a
    /// hashtable / object / JSON text in v2 shape (or an -AsOperation view).
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "CioEntity", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
        DefaultParameterSetName = ParametersSet)]
    [OutputType(typeof(CioResult))]
    public sealed class SendCioEntityCommand : CioRecordCmdlet
    {
        private const string ParametersSet = "Parameters";
        private const string InputSet = "InputObject";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ParametersSet)]
        [ValidateSet("person", "object", "delivery", IgnoreCase = true)]
        public string Type { get; set; }

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = ParametersSet)]
        [ArgumentCompleter(typeof(EntityActionCompleter))]
        public string Action { get; set; }

        /// <summary>person: @{ id = '42' } (or email, phone, cio_id); object: @{ object_type_id = '1'; object_id = 'acme' }; delivery: @{ id = 'dlv-1' }.</summary>
        [Parameter(Position = 2, ParameterSetName = ParametersSet)]
        public IDictionary Identifiers { get; set; }

        /// <summary>identify: the attributes; event, page, screen and delivery events: the event data.</summary>
        [Parameter(ParameterSetName = ParametersSet)]
        public IDictionary Attributes { get; set; }

        /// <summary>The event, page or screen name, or the delivery metric (opened, clicked...).</summary>
        [Parameter(ParameterSetName = ParametersSet)]
        public string Name { get; set; }

        /// <summary>The event's id (a ULID); the service drops an event whose id it has seen.</summary>
        [Parameter(ParameterSetName = ParametersSet)]
        public string EventId { get; set; }

        /// <summary>A DateTime, a DateTimeOffset or Unix seconds.</summary>
        [Parameter(ParameterSetName = ParametersSet)]
        public object Timestamp { get; set; }

        /// <summary>cio_relationships: @{ identifiers = @{ ... }; relationship_attributes = @{ ... } } per relationship.</summary>
        [Parameter(ParameterSetName = ParametersSet)]
        [Alias("cio_relationships", "Relationship")]
        public IDictionary[] Relationships { get; set; }

        /// <summary>add_device / delete_device: @{ token = '...'; platform = 'ios'; last_used = (Get-Date); attributes = @{ ... } }.</summary>
        [Parameter(ParameterSetName = ParametersSet)]
        public IDictionary Device { get; set; }

        /// <summary>merge: the person kept, by exactly one of id, email, cio_id.</summary>
        [Parameter(ParameterSetName = ParametersSet)]
        public IDictionary Primary { get; set; }

        /// <summary>merge: the person merged into the primary (and deleted).</summary>
        [Parameter(ParameterSetName = ParametersSet)]
        public IDictionary Secondary { get; set; }

        /// <summary>An operation in v2 shape: a hashtable, an object, a JSON text, or an -AsOperation view.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputSet)]
        [AllowNull]
        public PSObject InputObject { get; set; }

        protected override object CurrentInput => ParameterSetName == InputSet ? PowerShellValues.Unwrap(InputObject) : null;

        protected override void ProcessInput()
        {
            if (ParameterSetName == InputSet)
            {
                // A saved {"batch":[...]} envelope is several operations: a bad one is reported alone.
                foreach (var item in EntityInput.Expand(InputObject))
                {
                    object target = PowerShellValues.Unwrap(item);
                    try
                    {
                        var op = EntityInput.ToOperation(item, EmailIdentifiesPeople);
                        target = op.InputObject;
                        Submit(EntityInput.ForEntityEndpoint(op));
                    }
                    catch (RecordValidationException ex) { ReportInvalid(ex, target, null); }
                }
                return;
            }
            var spec = new EntitySpec
            {
                Type = Type,
                Action = Action,
                Identifiers = Identifiers,
                Attributes = Attributes == null ? null : EntitySpec.AttributesOf(Attributes, "Attributes"),
                Name = Name,
                EventId = EventId,
                Timestamp = Timestamp,
                Relationships = Relationships,
                Device = Device,
                Primary = Primary,
                Secondary = Secondary,
            };
            Submit(EntityOperation.Build(spec, null, EmailIdentifiesPeople));
        }
    }

    /// <summary>Completes -Action from the actions of the -Type given.</summary>
    public sealed class EntityActionCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string type = fakeBoundParameters != null && fakeBoundParameters.Contains("Type") ? fakeBoundParameters["Type"] as string : null;
            IEnumerable<string> actions = type != null
                ? EntityOperation.ActionsOf(type.ToLowerInvariant())
                : EntityOperation.PersonActions.Concat(EntityOperation.ObjectActions).Distinct();
            string prefix = (wordToComplete ?? "").Trim('\'', '"');
            return actions.Where(a => a.StartsWith(prefix, System.StringComparison.OrdinalIgnoreCase))
                .Select(a => new CompletionResult(a, a, CompletionResultType.ParameterValue, a));
        }
    }
}
