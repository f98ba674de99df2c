using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace CustomerIo.Track.Formatting
{
    /// <summary>
    /// The console views of the module's objects: a readable table by default; Format-List * still
    /// shows every property. Defined in code rather than in a Format.ps1xml file: PowerShell parses and
    /// loads a format file on every Import-Module, about 35 ms of benchmark 4's 50, while these definitions
    /// take the engine's path for its built-in formats and are added on first use (SessionFormats).
    /// </summary>
    internal static class FormatViews
    {
        internal const string ConnectionType = "CustomerIo.Track.Connection.CioConnection";
        internal const string ResultType = "CustomerIo.Track.Results.CioResult";
        internal const string OperationType = "CustomerIo.Track.Operation";
        internal const string RunSummaryType = "CustomerIo.Track.Results.CioRunSummary";

        internal static readonly HashSet<string> TypeNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            ConnectionType, ResultType, OperationType, RunSummaryType,
        };

        // "type=value, ..." for the identifiers of an -AsOperation object, or both sides of a merge.
        private const string OperationIdentifiers =
            "if ($_.identifiers) { ($_.identifiers.PSObject.Properties | ForEach-Object { '{0}={1}' -f $_.Name, $_.Value }) -join ', ' } " +
            "elseif ($_.primary) { 'primary: ' + (($_.primary.PSObject.Properties | ForEach-Object { '{0}={1}' -f $_.Name, $_.Value }) -join ',') + " +
            "'; secondary: ' + (($_.secondary.PSObject.Properties | ForEach-Object { '{0}={1}' -f $_.Name, $_.Value }) -join ',') }";

        // The names of the other fields of an -AsOperation object (attributes, name, data, ...).
        private const string OperationDetails =
            "($_.PSObject.Properties | Where-Object Name -notin 'type', 'action', 'identifiers', 'primary', 'secondary' | ForEach-Object { $_.Name }) -join ', '";

        internal static IEnumerable<ExtendedTypeDefinition> All()
        {
            yield return View(ConnectionType, "CioConnection", TableControl.Create(outOfBand: false, autoSize: false, hideTableHeaders: false)
                .AddHeader(Alignment.Undefined, 0, "SiteId")
                .AddHeader(Alignment.Undefined, 6, "Region")
                .AddHeader(Alignment.Undefined, 0, "BaseUri")
                .AddHeader(Alignment.Undefined, 8, "Verified")
                .AddHeader(Alignment.Undefined, 0, "ConnectedAt")
                .StartRowDefinition(wrap: false, entrySelectedByType: null, entrySelectedByCondition: null)
                    .AddPropertyColumn("SiteId", Alignment.Undefined, null)
                    .AddPropertyColumn("Region", Alignment.Undefined, null)
                    .AddPropertyColumn("BaseUri", Alignment.Undefined, null)
                    .AddPropertyColumn("CredentialsVerified", Alignment.Undefined, null)
                    .AddPropertyColumn("ConnectedAt", Alignment.Undefined, null)
                .EndRowDefinition()
                .EndTable());

            yield return View(ResultType, "CioResult", TableControl.Create(outOfBand: false, autoSize: false, hideTableHeaders: false)
                .AddHeader(Alignment.Right, 7, "Record")
                .AddHeader(Alignment.Undefined, 14, "Action")
                .AddHeader(Alignment.Undefined, 0, "Identifier")
                .AddHeader(Alignment.Undefined, 9, "Succeeded")
                .AddHeader(Alignment.Right, 6, "Status")
                .AddHeader(Alignment.Right, 8, "Attempts")
                .AddHeader(Alignment.Right, 8, "Elapsed")
                .AddHeader(Alignment.Undefined, 0, "Error")
                .StartRowDefinition(wrap: false, entrySelectedByType: null, entrySelectedByCondition: null)
                    .AddPropertyColumn("Record", Alignment.Undefined, null)
                    .AddPropertyColumn("Action", Alignment.Undefined, null)
                    .AddPropertyColumn("Identifier", Alignment.Undefined, null)
                    .AddPropertyColumn("Succeeded", Alignment.Undefined, null)
                    .AddPropertyColumn("StatusCode", Alignment.Undefined, null)
                    .AddPropertyColumn("Attempts", Alignment.Undefined, null)
                    .AddPropertyColumn("Elapsed", Alignment.Undefined, @"{0:m\:ss\.fff}")
                    .AddPropertyColumn("Error", Alignment.Undefined, null)
                .EndRowDefinition()
                .EndTable());

            yield return View(OperationType, "CioOperation", TableControl.Create(outOfBand: false, autoSize: false, hideTableHeaders: false)
                .AddHeader(Alignment.Undefined, 8, "Type")
                .AddHeader(Alignment.Undefined, 20, "Action")
                .AddHeader(Alignment.Undefined, 0, "Identifiers")
                .AddHeader(Alignment.Undefined, 0, "Details")
                .StartRowDefinition(wrap: false, entrySelectedByType: null, entrySelectedByCondition: null)
                    .AddPropertyColumn("type", Alignment.Undefined, null)
                    .AddPropertyColumn("action", Alignment.Undefined, null)
                    .AddScriptBlockColumn(OperationIdentifiers, Alignment.Undefined, null)
                    .AddScriptBlockColumn(OperationDetails, Alignment.Undefined, null)
                .EndRowDefinition()
                .EndTable());

            yield return View(RunSummaryType, "CioRunSummary", ListControl.Create(outOfBand: false)
                .StartEntry(entrySelectedByType: null, entrySelectedByCondition: null)
                    .AddItemProperty("Command", null, null)
                    .AddItemProperty("StartedAt", null, null)
                    .AddItemProperty("Duration", null, null)
                    .AddItemProperty("Records", null, null)
                    .AddItemProperty("Succeeded", null, null)
                    .AddItemProperty("Failed", null, null)
                    .AddItemProperty("Requests", null, null)
                    .AddItemProperty("Stopped", null, null)
                    .AddItemProperty("NotSent", null, null)
                    .AddItemProperty("Unconfirmed", null, null)
                    .AddItemProperty("Refused", null, null)
                .EndEntry()
                .EndList());
        }

        private static ExtendedTypeDefinition View(string typeName, string viewName, PSControl control) =>
            new ExtendedTypeDefinition(typeName, new List<FormatViewDefinition> { new FormatViewDefinition(viewName, control) });
    }
}
