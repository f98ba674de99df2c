# Benchmark 1: zero latency. 100,000 rows through Import-Csv | Set-CioCustomer against Import-Csv | Out-Null,
# and against the naive Invoke-RestMethod loop (2,000 rows, rows per second).
param([int] $Rows = 100000, [int] $NaiveRows = 2000)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module (Join-Path $PSScriptRoot 'BenchHelpers.psm1') -Force
Import-CioModuleUnderTest

$csv = New-PeopleCsv -Rows $Rows
$naiveCsv = New-PeopleCsv -Rows $NaiveRows
$emu = Start-CioEmulator
try {
    Connect-CioEmulator $emu
    # Warm both paths (JIT, in the module and in the emulator) with one full untimed run.
    Import-Csv $csv | Out-Null
    Import-Csv $csv | Set-CioCustomer
    Reset-CioEmulator $emu
    $plain = Measure-Seconds -Repeat 5 { Import-Csv $csv | Out-Null }
    $module = Measure-Seconds -Repeat 5 -Before { Reset-CioEmulator $emu } -Script { Import-Csv $csv | Set-CioCustomer }
    $people = @((Get-CioEmulatorState $emu).people).Count
    $run = (Get-CioTrackConnection).LastRun
    Reset-CioEmulator $emu
    $naiveRate = Invoke-NaiveLoop -Emulator $emu -CsvPath $naiveCsv
    $moduleRate = $Rows / $module
    $overheadPer100k = ($module - $plain) * 100000 / $Rows
    Write-BenchResult -Name '1-zero-latency' -Figures ([ordered]@{
            'rows'                                       = $Rows
            'Import-Csv | Out-Null (s, median of 5)'     = [math]::Round($plain, 2)
            'Import-Csv | Set-CioCustomer (s, median)'   = [math]::Round($module, 2)
            'module overhead per 100,000 rows (s)'       = [math]::Round($overheadPer100k, 2)
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
