using System.Collections.Generic;
using System.Management.Automation;

namespace CustomerIo.Track.Cmdlets.Base
{
    /// <summary>
    /// A call's record parameters as an object whose properties bind back to the same cmdlet by
    /// name: how LastRun lists a record that was given by parameters, not piped in.
    /// </summary>
    internal static class BoundParameters
    {
        // How the call ran, not what the record is: piping the object back must not carry them.
        private static readonly HashSet<string> NotOfTheRecord = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase)
        {
            "Connection", "PassThru", "ThrottleLimit", "AsOperation", "WhatIf", "Confirm", "Verbose", "Debug",
            "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable", "WarningVariable",
            "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable",
        };

        public static PSObject Of(IDictionary<string, object> bound)
        {
            var record = new PSObject();
            foreach (var pair in bound)
            {
                if (NotOfTheRecord.Contains(pair.Key)) continue;
                var value = pair.Value is SwitchParameter s ? (object)s.IsPresent : pair.Value;
                record.Properties.Add(new PSNoteProperty(pair.Key, value));
            }
            return record;
        }
    }
}
