# Writes docs/performance.md from the results of the other bench scripts (out/bench/*.json),
# with the machine's description.
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'BenchHelpers.psm1') -Force
$results = Get-ChildItem -LiteralPath (Get-BenchFolder) -Filter '*.json' | Sort-Object Name | ForEach-Object { Get-Content -Raw $_.FullName | ConvertFrom-Json }
if (-not $results) { Write-Warning 'No benchmark results to report.'; return }
$cpu = (Get-Content /proc/cpuinfo -ErrorAction SilentlyContinue | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -replace '^model name\s*:\s*', ''
$memGb = [math]::Round(((Get-Content /proc/meminfo -ErrorAction SilentlyContinue | Select-Object -First 1) -replace '\D', '') / 1MB, 1)
$lines = [System.Collections.Generic.List[string]]::new()
$lines.Add('# Performance')
$lines.Add('')
$lines.Add('Measured by `dotnet pwsh ./build.ps1 bench` (scripts in `bench/`); every figure below comes from one run on the')
$lines.Add('machine described here, and each comparison was measured in that same run. Targets are those of the throughput issue.')
$lines.Add('')
$lines.Add("- Machine: $([Environment]::ProcessorCount) cores ($cpu), $memGb GiB memory, $([System.Runtime.InteropServices.RuntimeInformation]::OSDescription)")
$lines.Add("- PowerShell $($PSVersionTable.PSVersion), $([System.Runtime.InteropServices.RuntimeInformation]::FrameworkDescription); the emulator runs on the same machine (loopback)")
$lines.Add("- Measured: $(($results | ForEach-Object measured_at | Sort-Object | Select-Object -Last 1))")
foreach ($r in $results) {
    $lines.Add('')
    $lines.Add("## $($r.name)")
    $lines.Add('')
    $lines.Add('| figure | value |')
    $lines.Add('|---|---|')
    foreach ($p in $r.figures.PSObject.Properties) { $lines.Add("| $($p.Name -replace '\|', '\|') | $($p.Value -replace '\|', '\|') |") }
    $lines.Add('')
    foreach ($c in $r.checks) { $lines.Add("- $(if ($c.passed) { 'Met' } else { '**Missed**' }): $($c.target)") }
}
# What was learned about where the time goes (written by hand, kept beside the scripts).
$analysis = Join-Path $PSScriptRoot 'analysis.md'
if (Test-Path -LiteralPath $analysis) { $lines.Add(''); foreach ($l in Get-Content -LiteralPath $analysis) { $lines.Add($l) } }
$path = Join-Path $PSScriptRoot '../docs/performance.md'
$null = New-Item -ItemType Directory -Force -Path (Split-Path $path)
$lines | Set-Content -LiteralPath $path -Encoding utf8
Write-Host "Wrote $((Resolve-Path $path).ProviderPath)"
