# Benchmark 4: Import-Module of the built module in a warm process (pwsh started and warmed up,
# module not yet loaded); median over 5 fresh processes.
param([int] $Processes = 5)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'BenchHelpers.psm1') -Force
$module = Join-Path $PSScriptRoot '../out/CustomerIo.Track/CustomerIo.Track.psd1'
$pwsh = (Get-Process -Id $PID).Path
$pwshArgs = @(if ($pwsh -like '*dotnet*') { Join-Path $PSHOME 'pwsh.dll' })
# Warm the process the way a shell or runbook host is warm: the engine has run commands, loaded its own
# modules and formatted output.
$script = "Get-ChildItem | Out-Null; Import-Module Microsoft.PowerShell.Utility; ConvertTo-Json 1 | Out-Null; Get-Date | Out-String | Out-Null; " +
    "(Measure-Command { Import-Module '$module' }).TotalMilliseconds"
$times = foreach ($i in 1..$Processes) { [double](& $pwsh @pwshArgs -NoProfile -NonInteractive -Command $script) }
$median = ($times | Sort-Object)[[int][math]::Floor(($times.Count - 1) / 2)]
Write-BenchResult -Name '4-import-module' -Figures ([ordered]@{
        'Import-Module, warm process (ms, median)' = [math]::Round($median, 1)
        'all runs (ms)'                            = ($times | ForEach-Object { [math]::Round($_, 1) }) -join ', '
    }) -Checks @((New-Check 'Import-Module at most 100 ms in a warm process' ($median -le 100)))
