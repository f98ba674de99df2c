# Benchmark 1: zero latency. 100,000 rows through Import-Csv | Set-CioCustomer against Import-Csv | Out-Null,
# and against the naive Invoke-RestMethod loop (2,000 rows, rows per second).
param([int] $Rows = 100000, [int] $NaiveRows = 2000, [int] $Runs = 7)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module (Join-Path $PSScriptRoot 'BenchHelpers.psm1') -Force
Import-CioModuleUnderTest

$csv = New-PeopleCsv -Rows $Rows
$naiveCsv = New-PeopleCsv -Rows $NaiveRows
$emu = Start-CioEmulator
try {
    Connect-CioEmulator $emu
    # The first run of each side in this process is reported, not checked: it includes compiling the
    # code it runs (PowerShell's, the module's, HttpClient's).
    $coldPlain = Measure-Seconds -Repeat 1 { Import-Csv $csv | Out-Null }
    $coldModule = Measure-Seconds -Repeat 1 -Before { Reset-CioEmulator $emu } -Script { Import-Csv $csv | Set-CioCustomer }
    # Then the steady state, the per-row cost of a long import. .NET goes on recompiling hot code in the
    # background for several hundred thousand rows (PowerShell's binder and Import-Csv above all), on
    # the second of the two cores: two more untimed runs of each side come first, and the timed runs
    # (seven of each side) alternate, so that what is still compiled falls on both sides alike.
    foreach ($i in 1..2) {
        $null = Measure-Seconds -Repeat 1 { Import-Csv $csv | Out-Null }
        $null = Measure-Seconds -Repeat 1 -Before { Reset-CioEmulator $emu } -Script { Import-Csv $csv | Set-CioCustomer }
    }
    $plainRuns = [System.Collections.Generic.List[double]]::new()
    $moduleRuns = [System.Collections.Generic.List[double]]::new()
    foreach ($i in 1..$Runs) {
        $plainRuns.Add((Measure-Seconds -Repeat 1 { Import-Csv $csv | Out-Null }))
        $moduleRuns.Add((Measure-Seconds -Repeat 1 -Before { Reset-CioEmulator $emu } -Script { Import-Csv $csv | Set-CioCustomer }))
    }
    $plain = ($plainRuns | Sort-Object)[[int][math]::Floor(($Runs - 1) / 2)]
    $module = ($moduleRuns | Sort-Object)[[int][math]::Floor(($Runs - 1) / 2)]
    $people = @((Get-CioEmulatorState $emu).people).Count
    $run = (Get-CioTrackConnection).LastRun
    Reset-CioEmulator $emu
    $naiveRate = Invoke-NaiveLoop -Emulator $emu -CsvPath $naiveCsv
    $moduleRate = $Rows / $module
    $overheadPer100k = ($module - $plain) * 100000 / $Rows
    Write-BenchResult -Name '1-zero-latency' -Figures ([ordered]@{
            'rows'                                       = $Rows
            "Import-Csv | Out-Null (s, median of $Runs)"   = [math]::Round($plain, 2)
            'Import-Csv | Set-CioCustomer (s, median)'   = [math]::Round($module, 2)
            'module overhead per 100,000 rows (s)'       = [math]::Round($overheadPer100k, 2)
            'all runs (s): Out-Null / Set-CioCustomer'   = (($plainRuns | ForEach-Object { [math]::Round($_, 2) }) -join ', ') + ' / ' + (($moduleRuns | ForEach-Object { [math]::Round($_, 2) }) -join ', ')
            'first run in the process (s): Out-Null / Set-CioCustomer' = '{0:0.00} / {1:0.00}' -f $coldPlain, $coldModule
            'requests sent by the module (last run)'     = $run.Requests
            'people in the emulator afterwards'          = $people
            'module rows/s'                              = [math]::Round($moduleRate)
            "naive Invoke-RestMethod loop rows/s ($NaiveRows rows)" = [math]::Round($naiveRate)
            'module / naive loop'                        = [math]::Round($moduleRate / $naiveRate, 1)
        }) -Checks @(
        (New-Check 'every row arrives' ($people -eq $Rows -and $run.Failed -eq 0))
        (New-Check 'at most 1.0 s per 100,000 rows over Import-Csv | Out-Null' ($overheadPer100k -le 1.0))
        (New-Check 'at least 50 times the naive loop''s rows per second' ($moduleRate / $naiveRate -ge 50))
    )
} finally { Stop-CioEmulator $emu }
