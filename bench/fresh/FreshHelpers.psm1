# Fresh processes for the benchmarks: one pwsh (or node) process per run, its wall time measured from
# outside, its own checkpoints and peak memory read from the one JSON line it prints.
Set-StrictMode -Version 3.0

$script:SideScript = Join-Path $PSScriptRoot 'Invoke-FreshSide.ps1'
$script:NodeScript = Join-Path $PSScriptRoot '../node/batch-people.js'

function Get-PwshStart {
    <# How to start a pwsh like this one: the pwsh executable, or 'dotnet pwsh.dll' for the local tool (as build.ps1 does). #>
    $p = [Environment]::ProcessPath
    if ($p -and [IO.Path]::GetFileNameWithoutExtension($p) -eq 'pwsh') { return @{ File = $p; Prefix = @() } }
    $dll = Join-Path $PSHOME 'pwsh.dll'
    if (Test-Path -LiteralPath $dll) { return @{ File = $p; Prefix = @($dll) } }
    @{ File = (Join-Path $PSHOME 'pwsh'); Prefix = @() }
}

function Invoke-Timed {
    <# Starts a process, waits for it, returns its wall time (s) and its last line of output as an object. #>
    param([Parameter(Mandatory)][string] $File, [string[]] $ArgumentList, [hashtable] $Environment = @{})
    $psi = [System.Diagnostics.ProcessStartInfo]::new($File)
    foreach ($a in $ArgumentList) { $psi.ArgumentList.Add([string] $a) }
    foreach ($k in $Environment.Keys) { $psi.Environment[$k] = [string] $Environment[$k] }
    $psi.UseShellExecute = $false
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    [GC]::Collect()
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $p = [Diagnostics.Process]::Start($psi)
    $errTask = $p.StandardError.ReadToEndAsync()
    $out = $p.StandardOutput.ReadToEnd()
    $p.WaitForExit()
    $seconds = $sw.Elapsed.TotalSeconds
    $code = $p.ExitCode
    $p.Dispose()
    $last = @($out -split "`n" | Where-Object { $_.Trim() }) | Select-Object -Last 1
    if ($code -ne 0 -or -not $last) { throw "$File $($ArgumentList -join ' ') failed (exit code $code): $out $($errTask.Result)" }
    [pscustomobject]@{ Seconds = $seconds; Result = ($last | ConvertFrom-Json) }
}

function Invoke-FreshSide {
    <# One side (see Invoke-FreshSide.ps1) in a new pwsh process; -Environment adds variables (DOTNET_TieredPGO=0, ...). #>
    param([Parameter(Mandatory)][string] $Side, [Parameter(Mandatory)][string] $CsvPath, [Parameter(Mandatory)][string] $ModulePath,
          [Parameter(Mandatory)] $Emulator, [hashtable] $Environment = @{}, [string] $RestCsvPath)
    $start = Get-PwshStart
    $argv = @($start.Prefix) + @('-NoProfile', '-NonInteractive', '-File', $script:SideScript, '-Side', $Side, '-CsvPath', $CsvPath,
        '-ModulePath', $ModulePath, '-Url', $Emulator.Url, '-SiteId', $Emulator.SiteId, '-ApiKey', $Emulator.ApiKey)
    if ($RestCsvPath) { $argv += @('-RestCsvPath', $RestCsvPath) }
    Invoke-Timed -File $start.File -ArgumentList $argv -Environment $Environment
}

function Find-NodeClient {
    <#
    The folder holding node_modules/customerio-node (the official client), outside the repository: $env:CIO_NODE_CLIENT,
    else a folder in the temp directory, installed there once with npm. Returns $null with a reason in -Why when node,
    npm or the package is not to be had. The client is never a dependency of the module.
    #>
    param([ref] $Why)
    if (-not (Get-Command node -CommandType Application -ErrorAction Ignore)) { $Why.Value = 'node is not installed'; return $null }
    $dir = if ($env:CIO_NODE_CLIENT) { $env:CIO_NODE_CLIENT } else { Join-Path ([IO.Path]::GetTempPath()) 'cio-bench-node-client' }
    $package = Join-Path $dir 'node_modules/customerio-node/package.json'
    if (-not (Test-Path -LiteralPath $package)) {
        if (-not (Get-Command npm -CommandType Application -ErrorAction Ignore)) { $Why.Value = 'npm is not installed'; return $null }
        $null = New-Item -ItemType Directory -Force -Path $dir
        # Version 5 has TrackClient.batch(); --prefix keeps everything in that folder.
        $log = & npm install --prefix $dir --no-save --no-audit --no-fund 'customerio-node@5' 2>&1
        if ($LASTEXITCODE -ne 0 -or -not (Test-Path -LiteralPath $package)) { $Why.Value = "npm install customerio-node failed: $($log | Select-Object -Last 3)"; return $null }
    }
    $version = (Get-Content -Raw -LiteralPath $package | ConvertFrom-Json).version
    if ([version]($version -replace '-.*$', '') -lt [version]'5.0') { $Why.Value = "customerio-node $version has no batch()"; return $null }
    $dir
}

function Get-NodeClientVersion([string] $Dir) { (Get-Content -Raw -LiteralPath (Join-Path $Dir 'node_modules/customerio-node/package.json') | ConvertFrom-Json).version }

function Invoke-NodeBatch {
    <# The official client's batch job in a new node process. -Mode identify or event. #>
    param([Parameter(Mandatory)][string] $ClientDir, [Parameter(Mandatory)][string] $CsvPath, [Parameter(Mandatory)] $Emulator,
          [ValidateSet('identify', 'event')][string] $Mode = 'identify')
    $node = (Get-Command node -CommandType Application | Select-Object -First 1).Source
    Invoke-Timed -File $node -ArgumentList @($script:NodeScript, $ClientDir, $CsvPath, $Emulator.Url, $Emulator.SiteId, $Emulator.ApiKey, $Mode)
}

function Get-Median([double[]] $Values) {
    $s = @($Values | Sort-Object)
    if ($s.Count -eq 0) { return [double]::NaN }
    if ($s.Count % 2) { return $s[($s.Count - 1) / 2] }
    ($s[$s.Count / 2 - 1] + $s[$s.Count / 2]) / 2
}

function Get-Load { ((Get-Content /proc/loadavg -ErrorAction Ignore) -split ' ' | Select-Object -First 3) -join ' ' }

Export-ModuleMember -Function Get-PwshStart, Invoke-Timed, Invoke-FreshSide, Find-NodeClient, Get-NodeClientVersion, Invoke-NodeBatch, Get-Median, Get-Load
