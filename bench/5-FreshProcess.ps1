# Benchmark 5: a fresh process per run, as every runbook job, scheduled task and CI step is. 100,000 rows
# through Import-Csv | Out-Null, | Set-CioCustomer and | Send-CioEvent, the module's file path
# (Import-CioCustomer, when the module has it) and the official Node client's batch job on the same rows
# (TrackClient.batch() of 500, when node and customerio-node are to be had), each run a new process,
# the sides alternated run after run, against one emulator (reset before every run). The warm figures
# (this process, after two untimed rounds) stand beside them.
#   build.ps1 bench -Bench 5-* -BenchRows 100000 -BenchRuns 5
param([int] $Rows = 100000, [int] $Runs = 5, [switch] $SkipWarm)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module (Join-Path $PSScriptRoot 'BenchHelpers.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'fresh/FreshHelpers.psm1') -Force
Import-CioModuleUnderTest

$csv = New-PeopleCsv -Rows $Rows
$module = Join-Path $PSScriptRoot '../out/CustomerIo.Track/CustomerIo.Track.psd1'
$notes = [System.Collections.Generic.List[string]]::new()
$loadBefore = Get-Load

# The sides, in the order each round runs them: ours and theirs alternate.
$sides = [System.Collections.Generic.List[string]]::new()
$sides.AddRange([string[]]@('plain', 'customer'))
$why = $null
$client = Find-NodeClient ([ref] $why)
if ($client) { $sides.Add('node-identify') } else { $notes.Add("official Node client skipped: $why") }
$sides.Add('event')
if ($client) { $sides.Add('node-event') }
if (Get-Command Import-CioCustomer -ErrorAction Ignore) { $sides.Add('file-customer') } else { $notes.Add('file path skipped: the module has no Import-CioCustomer') }
if ((Get-Command Import-CioEvent -ErrorAction Ignore) -and (Get-Command Import-CioEvent).Parameters.ContainsKey('Name')) { $sides.Add('file-event') }
elseif (Get-Command Import-CioEvent -ErrorAction Ignore) { $notes.Add('Import-CioEvent skipped: it has no -Name for the people file') }

$fresh = @{}; $marks = @{}; $peaks = @{}
foreach ($s in $sides) { $fresh[$s] = [System.Collections.Generic.List[double]]::new(); $marks[$s] = [System.Collections.Generic.List[object]]::new(); $peaks[$s] = [System.Collections.Generic.List[double]]::new() }
$arrived = [ordered]@{}
$emu = Start-CioEmulator
try {
    foreach ($round in 1..$Runs) {
        foreach ($s in $sides) {
            Reset-CioEmulator $emu
            $r = switch -Wildcard ($s) {
                'node-*' { Invoke-NodeBatch -ClientDir $client -CsvPath $csv -Emulator $emu -Mode ($s -replace '^node-', '') }
                default { Invoke-FreshSide -Side $s -CsvPath $csv -ModulePath $module -Emulator $emu }
            }
            $fresh[$s].Add($r.Seconds)
            $peaks[$s].Add($r.Result.peak_kb / 1024)
            if ($r.Result.PSObject.Properties['marks']) { $marks[$s].Add($r.Result.marks) }
            # The last round also checks that every row arrived (reading the emulator's state is slow).
            if ($round -eq $Runs -and $s -ne 'plain') {
                $people = @((Get-CioEmulatorState $emu).people)
                $arrived[$s] = if ($s -like '*event*') { ($people | ForEach-Object { @($_.events).Count } | Measure-Object -Sum).Sum } else { $people.Count }
            }
        }
        Write-Host ("   round {0}/{1}: {2}  (load {3})" -f $round, $Runs, (($sides | ForEach-Object { '{0} {1:0.00}' -f $_, $fresh[$_][-1] }) -join ', '), (Get-Load))
    }

    # Warm: the same pipelines in this process, after two untimed rounds, alternated.
    $warmSides = @($sides | Where-Object { $_ -notlike 'node-*' })
    $warm = @{}
    foreach ($s in $warmSides) { $warm[$s] = [System.Collections.Generic.List[double]]::new() }
    if (-not $SkipWarm) {
        Connect-CioEmulator $emu
        $work = @{
            'plain'         = { Import-Csv -LiteralPath $csv | Out-Null }
            'customer'      = { Import-Csv -LiteralPath $csv | Set-CioCustomer }
            'event'         = { Import-Csv -LiteralPath $csv | Send-CioEvent -Name signup }
            'file-customer' = { Import-CioCustomer -LiteralPath $csv }
            'file-event'    = { Import-CioEvent -LiteralPath $csv -Name signup }
        }
        foreach ($round in 1..($Runs + 2)) {
            foreach ($s in $warmSides) {
                $t = Measure-Seconds -Repeat 1 -Before { Reset-CioEmulator $emu } -Script $work[$s]
                if ($round -gt 2) { $warm[$s].Add($t) }
            }
        }
    }
} finally { Stop-CioEmulator $emu }
$loadAfter = Get-Load

$median = @{}; foreach ($s in $sides) { $median[$s] = Get-Median $fresh[$s] }
function Format-Runs($list) { ($list | ForEach-Object { '{0:0.00}' -f $_ }) -join ', ' }
function Get-MarkMedian([string] $Side, [string] $Mark, [string] $Field = 'ms') {
    Get-Median @($marks[$Side] | ForEach-Object { ($_ | Where-Object name -EQ $Mark).$Field })
}
$figures = [ordered]@{
    'rows'                         = $Rows
    'runs per side (fresh processes, alternated)' = $Runs
    'load average (1, 5, 15 min) before / after' = "$loadBefore / $loadAfter"
}
$labels = [ordered]@{
    'plain' = 'Import-Csv | Out-Null'; 'customer' = 'Import-Csv | Set-CioCustomer'; 'event' = 'Import-Csv | Send-CioEvent'
    'file-customer' = 'Import-CioCustomer -Path'; 'file-event' = 'Import-CioEvent -Path'
    'node-identify' = 'official Node client, batch() of 500 (identify)'; 'node-event' = 'official Node client, batch() of 500 (event)'
}
foreach ($s in $labels.Keys) {
    if (-not $sides.Contains($s)) { continue }
    $w = if ($warm.ContainsKey($s) -and $warm[$s].Count) { '{0:0.00}' -f (Get-Median $warm[$s]) } else { '-' }
    $figures["$($labels[$s]): fresh / warm (s, medians)"] = '{0:0.00} / {1}' -f $median[$s], $w
    $figures["$($labels[$s]): fresh runs (s)"] = Format-Runs $fresh[$s]
    $figures["$($labels[$s]): peak working set (MB, median)"] = [math]::Round((Get-Median $peaks[$s]))
}
$checks = [System.Collections.Generic.List[object]]::new()
$addsCustomer = $median['customer'] - $median['plain']
$addsEvent = $median['event'] - $median['plain']
$figures['Set-CioCustomer adds, fresh (s)'] = [math]::Round($addsCustomer, 2)
$figures['Send-CioEvent adds, fresh (s)'] = [math]::Round($addsEvent, 2)
if (-not $SkipWarm) {
    $figures['Set-CioCustomer adds, warm (s)'] = [math]::Round((Get-Median $warm['customer']) - (Get-Median $warm['plain']), 2)
    $figures['Send-CioEvent adds, warm (s)'] = [math]::Round((Get-Median $warm['event']) - (Get-Median $warm['plain']), 2)
}
# Where a fresh Set-CioCustomer process spends its time (medians of the runs' checkpoints).
$figures['Set-CioCustomer process: pwsh start / Import-Module / Connect-CioTrack / pipeline (ms)'] = '{0:0} / {1:0} / {2:0} / {3:0}' -f
    (Get-MarkMedian customer script), ((Get-MarkMedian customer import) - (Get-MarkMedian customer script)),
    ((Get-MarkMedian customer connect) - (Get-MarkMedian customer import)), ((Get-MarkMedian customer done) - (Get-MarkMedian customer connect))
$figures['Set-CioCustomer process: methods compiled by the JIT / JIT time (ms) / CPU (ms)'] = '{0:0} / {1:0} / {2:0}' -f
    (Get-MarkMedian customer done jit_methods), (Get-MarkMedian customer done jit_ms), (Get-MarkMedian customer done cpu_ms)
$figures['Out-Null process: methods compiled by the JIT / JIT time (ms) / CPU (ms)'] = '{0:0} / {1:0} / {2:0}' -f
    (Get-MarkMedian plain done jit_methods), (Get-MarkMedian plain done jit_ms), (Get-MarkMedian plain done cpu_ms)
foreach ($k in $arrived.Keys) { $figures["arrived in the emulator, $($labels[$k]) (last run)"] = $arrived[$k] }
if ($client) {
    $figures['official Node client'] = "customerio-node $(Get-NodeClientVersion $client), node $(& node --version)"
    $ratioCustomer = $addsCustomer / $median['node-identify']
    $ratioEvent = $addsEvent / $median['node-event']
    $figures['Set-CioCustomer adds / the Node client''s whole job'] = [math]::Round($ratioCustomer, 2)
    $figures['Send-CioEvent adds / the Node client''s whole job'] = [math]::Round($ratioEvent, 2)
    $checks.Add((New-Check 'fresh process: Import-Csv | Set-CioCustomer adds at most the official client''s whole batch job' ($ratioCustomer -le 1.0)))
    $checks.Add((New-Check 'fresh process: Import-Csv | Send-CioEvent adds at most the official client''s whole batch job' ($ratioEvent -le 1.0)))
    $checks.Add((New-Check 'aim: both add at most 0.7 of it' ([math]::Max($ratioCustomer, $ratioEvent) -le 0.7)))
    if ($sides.Contains('file-customer')) {
        $speedup = $median['node-identify'] / $median['file-customer']
        $figures['Import-CioCustomer: times faster than the Node client'] = [math]::Round($speedup, 2)
    }
}
$expected = @{ 'customer' = $Rows; 'event' = $Rows; 'file-customer' = $Rows; 'file-event' = $Rows; 'node-identify' = $Rows; 'node-event' = $Rows }
$checks.Add((New-Check 'every row arrives, on every side' (@($arrived.Keys | Where-Object { $arrived[$_] -ne $expected[$_] }).Count -eq 0)))
foreach ($n in $notes) { $figures["note $($notes.IndexOf($n) + 1)"] = $n }
Write-BenchResult -Name '5-fresh-process' -Figures $figures -Checks $checks.ToArray()
