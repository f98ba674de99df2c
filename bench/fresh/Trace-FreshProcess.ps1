# Where a fresh process spends its time: each run a new pwsh, the rows split into the first -FirstRows and
# the rest (two pipelines in the one process), checkpoints process start -> script -> Import-Module ->
# Connect-CioTrack -> first rows -> the rest, with the JIT's, the GC's and the CPU's counters at each.
# Variants (runtime settings, another build of the module) alternate run after run, so that the machine's
# load falls on all of them alike. Not part of `build.ps1 bench`: run it by hand when looking into start-up.
#   dotnet pwsh bench/fresh/Trace-FreshProcess.ps1 -Runs 5 -Variants baseline, 'DOTNET_TieredPGO=0'
#   dotnet pwsh bench/fresh/Trace-FreshProcess.ps1 -Variants baseline, r2r -R2RModulePath /tmp/r2r/CustomerIo.Track/CustomerIo.Track.psd1
# A variant is 'baseline', 'r2r' (the module at -R2RModulePath), module:PATH (the psd1 of another build) or
# NAME=VALUE[;NAME=VALUE] environment variables.
param(
    [int] $Rows = 100000,
    [int] $FirstRows = 10000,
    [int] $Runs = 5,
    [string[]] $Variants = @('baseline'),
    [string[]] $Sides = @('plain', 'customer'),
    [string] $R2RModulePath
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module (Join-Path $PSScriptRoot '../BenchHelpers.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'FreshHelpers.psm1') -Force

$csv = New-PeopleCsv -Rows $Rows
$firstCsv = Join-Path (Get-BenchFolder) "people-$Rows-first-$FirstRows.csv"
$restCsv = Join-Path (Get-BenchFolder) "people-$Rows-after-$FirstRows.csv"
if (-not (Test-Path -LiteralPath $restCsv)) {
    $lines = [IO.File]::ReadAllLines($csv)
    [IO.File]::WriteAllLines($firstCsv, $lines[0..$FirstRows])
    [IO.File]::WriteAllLines($restCsv, @($lines[0]) + $lines[($FirstRows + 1)..($lines.Count - 1)])
}
$module = (Resolve-Path (Join-Path $PSScriptRoot '../../out/CustomerIo.Track/CustomerIo.Track.psd1')).ProviderPath

function Get-VariantSetup([string] $Variant) {
    if ($Variant -eq 'baseline') { return @{ Module = $module; Environment = @{} } }
    if ($Variant -like 'module:*') { return @{ Module = $Variant.Substring(7); Environment = @{} } }
    if ($Variant -eq 'r2r') {
        if (-not $R2RModulePath) { throw 'the r2r variant needs -R2RModulePath' }
        return @{ Module = $R2RModulePath; Environment = @{} }
    }
    $envs = @{}
    foreach ($pair in $Variant -split ';') { $k, $v = $pair -split '=', 2; $envs[$k] = $v }
    @{ Module = $module; Environment = $envs }
}

$runsOf = @{}
$emu = Start-CioEmulator
try {
    foreach ($round in 1..$Runs) {
        $line = foreach ($v in $Variants) {
            $setup = Get-VariantSetup $v
            foreach ($s in $Sides) {
                Reset-CioEmulator $emu
                # connect and first-request stop after their one step: their 'done' is the phase's end.
                $rest = if ($s -in 'connect', 'first-request') { $null } else { $restCsv }
                $r = Invoke-FreshSide -Side $s -CsvPath $firstCsv -RestCsvPath $rest -ModulePath $setup.Module -Emulator $emu -Environment $setup.Environment
                $key = "$v|$s"
                if (-not $runsOf.ContainsKey($key)) { $runsOf[$key] = [System.Collections.Generic.List[object]]::new() }
                $runsOf[$key].Add([pscustomobject]@{ Seconds = $r.Seconds; Marks = $r.Result.marks; Load = (Get-Load) })
                '{0}/{1} {2:0.00}' -f $v, $s, $r.Seconds
            }
        }
        Write-Host ("   round {0}/{1}: {2}  (load {3})" -f $round, $Runs, ($line -join ', '), (Get-Load))
    }
} finally { Stop-CioEmulator $emu }
# Every run's checkpoints, for a closer look than the medians below.
$runsOf | ConvertTo-Json -Depth 6 | Set-Content -LiteralPath (Join-Path (Get-BenchFolder) 'trace-fresh-runs.json') -Encoding utf8

# One row per variant and side: medians over the runs of each phase and of the counters gained in it.
function Get-Phase($KeyRuns, [string] $From, [string] $To, [string] $Field) {
    Get-Median @($KeyRuns | ForEach-Object {
            $a = if ($From) { ($_.Marks | Where-Object name -EQ $From).$Field } else { 0 }
            $b = ($_.Marks | Where-Object name -EQ $To).$Field
            $b - $a
        })
}
$table = foreach ($key in $runsOf.Keys | Sort-Object) {
    $keyRuns = $runsOf[$key]
    $hasModule = [bool]($keyRuns[0].Marks | Where-Object name -EQ 'import')
    $before = if ($hasModule) { 'connect' } else { 'script' }
    if (-not ($keyRuns[0].Marks | Where-Object name -EQ 'first')) {
        # connect / first-request: only the start, import+connect and the step itself.
        foreach ($r in $keyRuns) { $r.Marks = @($r.Marks) + @($r.Marks | Where-Object name -EQ 'done' | ForEach-Object { $m = $_.PSObject.Copy(); $m.name = 'first'; $m }) }
    }
    [pscustomobject][ordered]@{
        variant           = $key.Split('|')[0]
        side              = $key.Split('|')[1]
        'wall s'          = [math]::Round((Get-Median @($keyRuns.Seconds)), 2)
        'start ms'        = [math]::Round((Get-Phase $keyRuns $null 'script' ms))
        'import+connect ms' = if ($hasModule) { [math]::Round((Get-Phase $keyRuns 'script' 'connect' ms)) } else { 0 }
        "first $FirstRows ms" = [math]::Round((Get-Phase $keyRuns $before 'first' ms))
        'rest ms'         = [math]::Round((Get-Phase $keyRuns 'first' 'done' ms))
        'jit methods to first' = Get-Phase $keyRuns $null 'first' jit_methods
        'jit methods in rest' = Get-Phase $keyRuns 'first' 'done' jit_methods
        'jit ms to first' = [math]::Round((Get-Phase $keyRuns $null 'first' jit_ms))
        'jit ms in rest'  = [math]::Round((Get-Phase $keyRuns 'first' 'done' jit_ms))
        'cpu ms first'    = Get-Phase $keyRuns $before 'first' cpu_ms
        'cpu ms rest'     = Get-Phase $keyRuns 'first' 'done' cpu_ms
        'gc0 first/rest'  = '{0}/{1}' -f (Get-Phase $keyRuns $before 'first' gc0), (Get-Phase $keyRuns 'first' 'done' gc0)
        'runs (s)'        = ($keyRuns | ForEach-Object { '{0:0.00}' -f $_.Seconds }) -join ' '
        'load'            = $keyRuns[-1].Load
    }
}
$table | Format-List | Out-String -Width 200 | Write-Host
$table | ConvertTo-Json -Depth 3 | Set-Content -LiteralPath (Join-Path (Get-BenchFolder) 'trace-fresh.json') -Encoding utf8
