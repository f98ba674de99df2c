# Benchmark 2: the real service's shape. Emulator at 50 ms latency and 100 requests/s:
# 10,000 rows with batching, then one request per row (-NoBatch), then the naive loop.
param([int] $BatchedRows = 10000, [int] $UnbatchedRows = 1000, [int] $NaiveRows = 200)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module (Join-Path $PSScriptRoot 'BenchHelpers.psm1') -Force
Import-CioModuleUnderTest

$csv = New-PeopleCsv -Rows $BatchedRows
$smallCsv = New-PeopleCsv -Rows $UnbatchedRows
$naiveCsv = New-PeopleCsv -Rows $NaiveRows
$emu = Start-CioEmulator -LatencyMs 50 -RateLimit 100
try {
    Connect-CioEmulator $emu
    Import-Csv $naiveCsv | Set-CioCustomer   # warm-up
    Reset-CioEmulator $emu
    $batched = Measure-Seconds -Repeat 1 { Import-Csv $csv | Set-CioCustomer }
    $batchedPeople = @((Get-CioEmulatorState $emu).people).Count
    $batchedRequests = (Get-CioTrackConnection).LastRun.Requests
    Reset-CioEmulator $emu
    $single = Measure-Seconds -Repeat 1 { Import-Csv $smallCsv | Set-CioCustomer -NoBatch }
    $singleRun = (Get-CioTrackConnection).LastRun
    $status = (Get-CioEmulatorStats $emu).status_counts
    Reset-CioEmulator $emu
    $naiveRate = Invoke-NaiveLoop -Emulator $emu -CsvPath $naiveCsv
    $singleRate = $UnbatchedRows / $single
    Write-BenchResult -Name '2-service-shape' -Figures ([ordered]@{
            'emulator'                                   = '50 ms latency, 100 requests/s'
            "batched: $BatchedRows rows (s)"             = [math]::Round($batched, 2)
            'batched: requests'                          = $batchedRequests
            'batched: people in the emulator'            = $batchedPeople
            "-NoBatch: $UnbatchedRows rows (s)"          = [math]::Round($single, 2)
            '-NoBatch: rows/s'                           = [math]::Round($singleRate, 1)
            '-NoBatch: 429 answers from the emulator'    = $(if ($status -and $status.PSObject.Properties['429']) { $status.'429' } else { 0 })
            "naive loop rows/s ($NaiveRows rows)"        = [math]::Round($naiveRate, 1)
            '-NoBatch / naive loop'                      = [math]::Round($singleRate / $naiveRate, 1)
        }) -Checks @(
        (New-Check "$BatchedRows rows in at most 3 s with batching" ($batched -le 3 -and $batchedPeople -eq $BatchedRows))
        (New-Check 'at least 90 rows/s with batching off' ($singleRate -ge 90 -and $singleRun.Failed -eq 0))
    )
} finally { Stop-CioEmulator $emu }
