#!/usr/bin/env pwsh
<#
.SYNOPSIS
Builds, tests, documents and packages the CustomerIo.Track module.

.DESCRIPTION
Tasks (the first argument):
  build     dotnet build of CustomerIo.sln (Release), then assembles the importable module in
            out/CustomerIo.Track (manifest, dll, Format.ps1xml, LICENSE, Dependencies/, en-US help) and the
            emulator in out/emulator.
  test      build, then the xunit tests and the Pester tests (in a fresh pwsh process against
            out/CustomerIo.Track); ends with one line 'tests: N passed, N failed'.
  demo      build, start the emulator, pipe samples/people.csv into Set-CioCustomer, show what
            the emulator holds, stop the emulator.
  bench     build, then run bench/*.ps1 (each in a fresh pwsh process); -BenchRows/-BenchRuns set the
            row count and runs of those that take -Rows/-Runs.
  docs      build, then create or update docs/<Cmdlet>.md from the cmdlets (prose is kept).
  package   build, then write out/packages/CustomerIo.Track.<version>.nupkg and out/packages/CustomerIo.Track.zip
            (the module folder zipped as Azure Automation imports modules).
  emulator  build, then run the emulator in the foreground (Ctrl+C stops it).

The tasks live in build/CioBuild.psm1; this file is their parameters and the task table.
Everything the module loads runs in child pwsh processes, so this process never loads (or
locks) the module's dll.

.EXAMPLE
dotnet tool restore && dotnet pwsh ./build.ps1 test

.EXAMPLE
dotnet pwsh ./build.ps1 test -SkipBuild -TestPath tests/Smoke.Tests.ps1

.EXAMPLE
dotnet pwsh ./build.ps1 emulator -Port 5080 -LatencyMs 50 -RateLimit 100
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('build', 'test', 'demo', 'bench', 'docs', 'package', 'emulator')]
    [string] $Task = 'build',

    # build: skip 'dotnet build' and the assembly of out/ (test, demo, bench, docs, package, emulator).
    [switch] $SkipBuild,

    # test: only these Pester files or folders (default: tests/*.Tests.ps1).
    [string[]] $TestPath,
    # test: Pester full-name filter (wildcards), e.g. '*Set-CioCustomer*'.
    [string[]] $TestName,
    # test: Pester tags to run / to leave out.
    [string[]] $Tag,
    [string[]] $ExcludeTag,
    # test: skip the xunit tests / the Pester tests.
    [switch] $SkipUnitTests,
    [switch] $SkipPester,
    # test: the Pester process is stopped (and counts as a failure) after this many minutes.
    [int] $PesterTimeoutMinutes = 40,
    # test: Pester output.
    [ValidateSet('None', 'Normal', 'Detailed', 'Diagnostic')]
    [string] $Output = 'Detailed',

    # demo: the CSV to import.
    [string] $CsvPath,

    # bench: only the bench scripts whose names match (wildcards).
    [string[]] $Bench,
    # bench: row count and runs per side, for the scripts that take -Rows / -Runs (1-ZeroLatency, 5-FreshProcess).
    [int] $BenchRows,
    [int] $BenchRuns,

    # emulator: options passed to the emulator.
    [int] $Port = 0,
    [int] $LatencyMs = -1,
    [int] $RateLimit = -1,
    [ValidateSet('us', 'eu')] [string] $Region,
    [string] $SiteId,
    [string] $ApiKey,

    # Anything else is passed on (emulator: to the emulator; bench: to the bench scripts).
    [Parameter(ValueFromRemainingArguments)]
    [string[]] $ExtraArgs
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$ProgressPreference = 'SilentlyContinue'

Import-Module (Join-Path $PSScriptRoot 'build/CioBuild.psm1') -Force
$parameters = @{}
foreach ($name in $MyInvocation.MyCommand.Parameters.Keys) {
    $variable = Get-Variable -Name $name -Scope Script -ErrorAction Ignore
    if ($variable) { $parameters[$name] = $variable.Value }
}
Initialize-CioBuild -Parameters $parameters -Root $PSScriptRoot

# The task table: what each task runs after the build (every task but 'build -SkipBuild' builds first).
$tasks = [ordered]@{
    build    = { }
    test     = { Invoke-Test }
    demo     = { Invoke-Demo }
    bench    = { Invoke-Bench }
    docs     = { Invoke-Docs }
    package  = { Invoke-Package }
    emulator = { Invoke-Emulator }
}

$total = [Diagnostics.Stopwatch]::StartNew()
try {
    if ($ExtraArgs -and $Task -notin @('emulator', 'bench')) {
        throw "Unknown arguments for task '$Task': $($ExtraArgs -join ' ')"
    }
    if (-not $SkipBuild) { Invoke-Build }
    & $tasks[$Task]
    if ($Task -ne 'test') { Write-Host ("{0} done in {1:n1} s" -f $Task, $total.Elapsed.TotalSeconds) }
}
catch {
    Write-Host "build.ps1 $Task failed: $($_.Exception.Message)" -ForegroundColor Red
    if ($_.ScriptStackTrace) { Write-Host $_.ScriptStackTrace }
    # The test task always closes with its count line; a build that failed is one failure.
    if ($Task -eq 'test') { Write-Host 'tests: 0 passed, 1 failed' }
    exit 1
}
