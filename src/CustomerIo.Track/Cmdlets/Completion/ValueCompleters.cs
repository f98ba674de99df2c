using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using CustomerIo.Track.Operations.Messaging;
using CustomerIo.Track.Operations.People;
using CustomerIo.Track.Operations.Rules;

namespace CustomerIo.Track.Cmdlets.Completion
{
    /// <summary>
    /// Tab completion for enumerated parameters. The values are checked when the record is built
    /// (not by [ValidateSet]), so a bad CSV cell is one record's clear error and the rest is sent.
    /// </summary>
    public abstract class ValueSetCompleter : IArgumentCompleter
    {
        private readonly IReadOnlyList<string> _values;

        protected ValueSetCompleter(IReadOnlyList<string> values) { _values = values; }

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string prefix = (wordToComplete ?? "").Trim('\'', '"');
            foreach (var v in _values)
                if (v.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                    yield return new CompletionResult(v, v, CompletionResultType.ParameterValue, v);
        }
    }

    /// <summary>ios, android.</summary>
    public sealed class PlatformCompleter : ValueSetCompleter
    {
        public PlatformCompleter() : base(DeviceRules.Platforms) { }
    }

    /// <summary>event, page, screen.</summary>
    public sealed class EventTypeCompleter : ValueSetCompleter
    {
        public EventTypeCompleter() : base(EventOperation.Types) { }
    }

    /// <summary>id, email, cio_id.</summary>
    public sealed class IdentifierTypeCompleter : ValueSetCompleter
    {
        public IdentifierTypeCompleter() : base(IdentifierRules.NamedKinds) { }
    }

    /// <summary>The delivery metrics (bounced, clicked, converted, deferred, ...).</summary>
    public sealed class MetricCompleter : ValueSetCompleter
    {
        public MetricCompleter() : base(DeliveryRules.Metrics) { }
    }

    /// <summary>The device-side metrics: opened, converted, delivered.</summary>
    public sealed class DeviceMetricCompleter : ValueSetCompleter
    {
        public DeviceMetricCompleter() : base(DeliveryRules.DeviceMetricNames) { }
    }

    /// <summary>Completes from values this session has sent (quoted when they hold spaces).</summary>
    public abstract class SeenValueCompleter : IArgumentCompleter
    {
        private readonly string _kind;

        protected SeenValueCompleter(string kind) { _kind = kind; }

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string prefix = (wordToComplete ?? "").Trim('\'', '"');
            foreach (var v in SeenValues.Of(_kind))
                if (v.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                    yield return new CompletionResult(v.IndexOf(' ') >= 0 ? "'" + v.Replace("'", "''") + "'" : v, v, CompletionResultType.ParameterValue, v);
        }
    }

    /// <summary>Event names sent in this session.</summary>
    public sealed class SeenEventNameCompleter : SeenValueCompleter
    {
        public SeenEventNameCompleter() : base(SeenValues.EventNames) { }
    }

    /// <summary>Segment ids used in this session.</summary>
    public sealed class SeenSegmentIdCompleter : SeenValueCompleter
    {
        public SeenSegmentIdCompleter() : base(SeenValues.SegmentIds) { }
    }

    /// <summary>Object type ids used in this session.</summary>
    public sealed class SeenObjectTypeIdCompleter : SeenValueCompleter
    {
        public SeenObjectTypeIdCompleter() : base(SeenValues.ObjectTypeIds) { }
    }
}
