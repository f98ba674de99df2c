# Shared by the bench/*.ps1 scripts: data files, timing, the emulator (through the test helpers) and results.
Set-StrictMode -Version 3.0
Import-Module (Join-Path $PSScriptRoot '../tests/TestHelpers.psm1') -Force

$script:Root = (Resolve-Path (Join-Path $PSScriptRoot '..')).ProviderPath
$script:BenchOut = Join-Path $script:Root 'out/bench'

function Get-BenchFolder {
    $null = New-Item -ItemType Directory -Force -Path $script:BenchOut
    $script:BenchOut
}

function New-PeopleCsv {
    <# Writes (once) a CSV of generated people: id,email,first_name,plan,created_at,score. #>
    param([Parameter(Mandatory)][int] $Rows)
    $path = Join-Path (Get-BenchFolder) "people-$Rows.csv"
    if (Test-Path -LiteralPath $path) { return $path }
    $plans = 'free', 'pro', 'team', 'enterprise'
    $writer = [System.IO.StreamWriter]::new($path, $false, [System.Text.UTF8Encoding]::new($false))
    try {
        $writer.WriteLine('id,email,first_name,plan,created_at,score')
        for ($i = 1; $i -le $Rows; $i++) {
            $writer.WriteLine("cust-$i,user$i@example.com,Name$i,$($plans[$i % 4]),$(1700000000 + $i),$($i % 1000)")
        }
    } finally { $writer.Dispose() }
    $path
}

function Measure-Seconds {
    <# Median wall time of a script block over -Repeat runs; -Before runs untimed before each. #>
    param([Parameter(Mandatory)][scriptblock] $Script, [int] $Repeat = 3, [scriptblock] $Before)
    $times = @(foreach ($i in 1..$Repeat) {
        if ($Before) { & $Before }
        [GC]::Collect()
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        & $Script
        $sw.Elapsed.TotalSeconds
    })
    ($times | Sort-Object)[[int][math]::Floor(($times.Count - 1) / 2)]
}

function Invoke-NaiveLoop {
    <# The loop PowerShell users write today: one Invoke-RestMethod per row. Returns rows per second. #>
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)][string] $CsvPath)
    $auth = 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("$($Emulator.SiteId):$($Emulator.ApiKey)"))
    $rows = 0
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    foreach ($row in Import-Csv -LiteralPath $CsvPath) {
        # What a careful loop does: every column but id, with created_at as the number the service requires.
        $attributes = [ordered]@{}
        foreach ($p in $row.PSObject.Properties) { if ($p.Name -ne 'id') { $attributes[$p.Name] = $p.Value } }
        $attributes.created_at = [long]$row.created_at
        $body = $attributes | ConvertTo-Json -Compress
        $null = Invoke-RestMethod -Method Put -Uri "$($Emulator.Url)/api/v1/customers/$([uri]::EscapeDataString($row.id))" `
            -Headers @{ Authorization = $auth } -ContentType 'application/json' -Body $body
        $rows++
    }
    $rows / $sw.Elapsed.TotalSeconds
}

function Write-BenchResult {
    <# Prints the figures and keeps them for bench/9-Report.ps1 (out/bench/<name>.json). #>
    param([Parameter(Mandatory)][string] $Name, [Parameter(Mandatory)][System.Collections.Specialized.OrderedDictionary] $Figures,
          [Parameter(Mandatory)][object[]] $Checks)
    $result = [ordered]@{ name = $Name; measured_at = (Get-Date).ToString('u'); figures = $Figures; checks = $Checks }
    $result | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath (Join-Path (Get-BenchFolder) "$Name.json") -Encoding utf8
    Write-Host "== $Name"
    foreach ($k in $Figures.Keys) { Write-Host ("   {0,-48} {1}" -f $k, $Figures[$k]) }
    foreach ($c in $Checks) { Write-Host ("   [{0}] {1}" -f ($(if ($c.passed) { 'met' } else { 'MISSED' })), $c.target) }
}

function New-Check { param([string] $Target, [bool] $Passed) [ordered]@{ target = $Target; passed = $Passed } }

Export-ModuleMember -Function Get-BenchFolder, New-PeopleCsv, Measure-Seconds, Invoke-NaiveLoop, Write-BenchResult, New-Check,
    Start-CioEmulator, Stop-CioEmulator, Reset-CioEmulator, Get-CioEmulatorState, Get-CioEmulatorStats, Import-CioModuleUnderTest, Connect-CioEmulator
