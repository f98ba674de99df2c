# Benchmark 3: memory. 1,000,000 rows streamed from a file; the peak working set of a process running
# Import-Csv | Set-CioCustomer against one running Import-Csv | Out-Null (each a fresh process).
param([int] $MemoryRows = 1000000)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module (Join-Path $PSScriptRoot 'BenchHelpers.psm1') -Force

$csv = New-PeopleCsv -Rows $MemoryRows
$module = Join-Path $PSScriptRoot '../out/CustomerIo.Track/CustomerIo.Track.psd1'
$emu = Start-CioEmulator
try {
    # Peak resident set (VmHWM) of the child process, read by the child itself at its end.
    $peak = '(Get-Content /proc/self/status | Where-Object { $_ -like ''VmHWM:*'' }) -replace ''\D'',''''' 
    $plainScript = "Import-Csv '$csv' | Out-Null; $peak"
    $moduleScript = "Import-Module '$module'; Connect-CioTrack -BaseUri '$($emu.Url)' -SiteId '$($emu.SiteId)' -ApiKey (ConvertTo-SecureString '$($emu.ApiKey)' -AsPlainText -Force); " +
        "`$s = [Diagnostics.Stopwatch]::StartNew(); Import-Csv '$csv' | Set-CioCustomer; [Console]::Error.WriteLine(`$s.Elapsed.TotalSeconds); $peak"
    $pwsh = (Get-Process -Id $PID).Path
    $pwshArgs = @(if ($pwsh -like '*dotnet*') { Join-Path $PSHOME 'pwsh.dll' })
    # Each side runs three times, alternating, and reports its median peak: one run's peak moves by
    # about 10 MB from run to run on these machines.
    $plainRuns = [System.Collections.Generic.List[long]]::new()
    $moduleRuns = [System.Collections.Generic.List[long]]::new()
    $secondsRuns = [System.Collections.Generic.List[double]]::new()
    foreach ($i in 1..3) {
        $plainRuns.Add([long](& $pwsh @pwshArgs -NoProfile -NonInteractive -Command $plainScript))
        Reset-CioEmulator $emu
        $moduleOut = & $pwsh @pwshArgs -NoProfile -NonInteractive -Command $moduleScript 2>&1
        $moduleRuns.Add([long]($moduleOut | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] } | Select-Object -Last 1))
        $secondsRuns.Add([double]"$($moduleOut | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | Select-Object -First 1)")
    }
    $plainKb = ($plainRuns | Sort-Object)[1]
    $moduleKb = ($moduleRuns | Sort-Object)[1]
    $seconds = [math]::Round(($secondsRuns | Sort-Object)[1], 1)
    $people = @((Get-CioEmulatorState $emu).people).Count
    $ratio = $moduleKb / $plainKb
    Write-BenchResult -Name '3-memory' -Figures ([ordered]@{
            'rows'                                         = $MemoryRows
            'peak working set, Import-Csv | Out-Null (MB, median of 3)' = [math]::Round($plainKb / 1024)
            'peak working set, | Set-CioCustomer (MB, median of 3)'     = [math]::Round($moduleKb / 1024)
            'all runs (MB): Out-Null / Set-CioCustomer'    = (($plainRuns | ForEach-Object { [math]::Round($_ / 1024) }) -join ', ') + ' / ' + (($moduleRuns | ForEach-Object { [math]::Round($_ / 1024) }) -join ', ')
            'ratio'                                        = [math]::Round($ratio, 2)
            'Set-CioCustomer time (s, median)'             = $seconds
            'people in the emulator afterwards'            = $people
        }) -Checks @(
        (New-Check 'peak working set at most 1.3 times Import-Csv | Out-Null' ($ratio -le 1.3))
        (New-Check 'every row arrives' ($people -eq $MemoryRows))
    )
} finally { Stop-CioEmulator $emu }
