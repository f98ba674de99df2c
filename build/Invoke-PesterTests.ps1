<#
.SYNOPSIS
Runs the Pester tests in this (fresh) process and writes a summary build.ps1 can count.

.DESCRIPTION
build.ps1 test starts this script in a fresh pwsh process (-NoProfile), so the module under
test is loaded only here and never by the build. It imports Pester by path (the version that
the unit-test project restores from NuGet), runs the given test files, writes NUnit XML and a
JSON summary into the result folder, and stops every emulator the tests left running.

Counting: every test that ran is passed, failed or skipped. A container that fails without a
failed test of its own (discovery error, a failing top-level BeforeAll/AfterAll) counts as one
failed test, so it can never be lost in the totals.
#>
[CmdletBinding()]
param(
    # A JSON file written by build.ps1: { PesterPath, Path[], ResultPath, SummaryPath, FullNameFilter[],
    # Tag[], ExcludeTag[], Verbosity } (a file, as -File passes every argument as one string).
    [Parameter(Mandatory)] [string] $ConfigPath
)
$ErrorActionPreference = 'Stop'
$run = Get-Content -LiteralPath $ConfigPath -Raw | ConvertFrom-Json
$PesterPath = $run.PesterPath
$Path = @($run.Path)
$ResultPath = $run.ResultPath
$FullNameFilter = @($run.FullNameFilter | Where-Object { $_ })
$Tag = @($run.Tag | Where-Object { $_ })
$ExcludeTag = @($run.ExcludeTag | Where-Object { $_ })
$Verbosity = if ($run.Verbosity) { $run.Verbosity } else { 'Detailed' }
$summaryFile = if ($run.PSObject.Properties['SummaryPath'] -and $run.SummaryPath) { $run.SummaryPath } else { Join-Path $ResultPath 'pester-summary.json' }
$null = New-Item -ItemType Directory -Force -Path $ResultPath
Remove-Item -LiteralPath $summaryFile -ErrorAction Ignore

Import-Module -Name $PesterPath -Force

$config = New-PesterConfiguration
$config.Run.Path = $Path
$config.Run.PassThru = $true
$config.Run.Exit = $false
$config.Output.Verbosity = $Verbosity
$config.Output.StackTraceVerbosity = 'Filtered'
if ($env:NO_COLOR) { $config.Output.RenderMode = 'Plaintext' }
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'NUnitXml'
$config.TestResult.OutputPath = Join-Path $ResultPath 'pester-results.xml'
$config.Should.ErrorAction = 'Stop'
if ($FullNameFilter) { $config.Filter.FullName = $FullNameFilter }
if ($Tag) { $config.Filter.Tag = $Tag }
if ($ExcludeTag) { $config.Filter.ExcludeTag = $ExcludeTag }

$result = $null
$runError = $null
try {
    $result = Invoke-Pester -Configuration $config
}
catch {
    $runError = $_
    Write-Host "Pester run failed: $($_.Exception.Message)" -ForegroundColor Red
    Write-Host $_.ScriptStackTrace
}
finally {
    # Emulators a test started and did not stop (see Start-CioEmulator in tests/TestHelpers.psm1).
    $leftover = [AppDomain]::CurrentDomain.GetData('CioTrack.EmulatorProcesses')
    if ($leftover) {
        foreach ($p in @($leftover)) {
            try {
                if (-not $p.HasExited) {
                    Write-Warning "A test left the emulator (pid $($p.Id)) running; stopping it."
                    $p.Kill($true)
                    $null = $p.WaitForExit(5000)
                }
            }
            catch { Write-Warning "Could not stop emulator process: $($_.Exception.Message)" }
        }
    }
}

$summary = [ordered]@{
    passed           = 0
    failed           = 0
    skipped          = 0
    notRun           = 0
    failedContainers = @()
    failedBlocks     = @()
    result           = 'Error'
    error            = $null
    durationSeconds  = 0
}
if ($result) {
    # A container (file) that failed without failing a test of its own: discovery errors, a
    # failing top-level BeforeAll/AfterAll, or an AfterAll of a Describe. Count each once.
    $silentFailures = @($result.Containers | Where-Object { $_.Result -eq 'Failed' -and $_.FailedCount -eq 0 })
    $failed = $result.FailedCount + $silentFailures.Count
    if ($result.Result -eq 'Failed' -and $failed -eq 0) { $failed = 1 }
    $summary.passed = $result.PassedCount
    $summary.failed = $failed
    $summary.skipped = $result.SkippedCount
    $summary.notRun = $result.NotRunCount
    $summary.failedContainers = @($result.Containers | Where-Object Result -EQ 'Failed' | ForEach-Object { "$($_.Item)" })
    $summary.failedBlocks = @($result.FailedBlocks | ForEach-Object { $_.ExpandedPath })
    $summary.result = "$($result.Result)"
    $summary.durationSeconds = [math]::Round($result.Duration.TotalSeconds, 2)
}
else {
    $summary.failed = 1
    $summary.error = if ($runError) { "$($runError.Exception.Message)" } else { 'Invoke-Pester returned no result.' }
}
$summary | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $summaryFile -Encoding utf8
if ($summary.failed -gt 0) { exit 1 }
exit 0
