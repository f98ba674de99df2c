<#
The build's tasks, behind build.ps1's task table: building and assembling out/, the xunit and
Pester runs, docs, packages, the demo, benchmarks and the emulator. build.ps1 passes its parameters
to Initialize-CioBuild, which derives the paths every task uses; each Invoke-<Task> is one task.
Everything the module under build loads runs in child pwsh processes, so the build process never
loads (or locks) the module's dll.
#>
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

# From a shell (pwsh -File), '-TestPath a,b' arrives as one string: split lists on commas.
function Split-List([string[]] $Values) { @($Values | ForEach-Object { $_ -split ',' } | ForEach-Object Trim | Where-Object { $_ }) }

function Initialize-CioBuild {
    <# Takes build.ps1's parameters (name -> value) and the repository root; sets the paths the tasks use. #>
    param([Parameter(Mandatory)] [hashtable] $Parameters, [Parameter(Mandatory)] [string] $Root)
    foreach ($name in $Parameters.Keys) { Set-Variable -Scope Script -Name $name -Value $Parameters[$name] }
    foreach ($list in 'TestPath', 'TestName', 'Tag', 'ExcludeTag', 'Bench') {
        if ($Parameters.ContainsKey($list)) { Set-Variable -Scope Script -Name $list -Value (Split-List $Parameters[$list]) }
    }
    $script:Root = $Root
    $script:Out = Join-Path $Root 'out'
    $script:ModuleName = 'CustomerIo.Track'
    $script:ModuleOut = Join-Path $script:Out $script:ModuleName
    $script:EmulatorOut = Join-Path $script:Out 'emulator'
    $script:ResultsDir = Join-Path $script:Out 'test-results'
    $script:Configuration = 'Release'
    $script:SourceManifest = Join-Path $Root "$($script:ModuleName).psd1"
    $script:ModuleBin = Join-Path $Root "src/$($script:ModuleName)/bin/$($script:Configuration)/netstandard2.0"
    $script:EmulatorBin = Join-Path $Root "src/$($script:ModuleName).Emulator/bin/$($script:Configuration)/net10.0"
    $script:UnitTestProject = Join-Path $Root "tests/$($script:ModuleName).UnitTests/$($script:ModuleName).UnitTests.csproj"
    $env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
    $env:DOTNET_NOLOGO = '1'
    $env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'
}

$script:Clock = [Diagnostics.Stopwatch]::StartNew()
function Write-Step([string] $Message) {
    Write-Host ("==> [{0,5:n1}s] {1}" -f $script:Clock.Elapsed.TotalSeconds, $Message)
}

function Invoke-Native {
    <# Runs a native command, streams its output, throws on a non-zero exit code. #>
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList = @(), [string] $What, [switch] $NoThrow)
    & $FilePath @ArgumentList | Out-Host
    $code = $LASTEXITCODE
    if ($code -ne 0 -and -not $NoThrow) {
        throw "$(if ($What) { $What } else { $FilePath }) failed (exit code $code)."
    }
    $code
}

function Get-DotnetPath {
    $p = [Environment]::ProcessPath
    if ($p -and [IO.Path]::GetFileNameWithoutExtension($p) -eq 'dotnet') { return $p }
    if ($env:DOTNET_HOST_PATH -and (Test-Path -LiteralPath $env:DOTNET_HOST_PATH)) { return $env:DOTNET_HOST_PATH }
    $cmd = Get-Command -Name dotnet -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($cmd) { return $cmd.Source }
    throw 'dotnet was not found on PATH.'
}

function Get-PwshInvocation {
    <# How to start a fresh pwsh like this one: the pwsh executable, or 'dotnet pwsh.dll' for the local tool. #>
    $p = [Environment]::ProcessPath
    if ($p -and [IO.Path]::GetFileNameWithoutExtension($p) -eq 'pwsh') { return @{ File = $p; Prefix = @() } }
    $dll = Join-Path $PSHOME 'pwsh.dll'
    if (Test-Path -LiteralPath $dll) { return @{ File = (Get-DotnetPath); Prefix = @($dll) } }
    $exe = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
    if (Test-Path -LiteralPath $exe) { return @{ File = $exe; Prefix = @() } }
    throw "Cannot find a pwsh to start a child process (PSHOME=$PSHOME)."
}

function Invoke-ChildPwsh {
    <#
    Runs a script in a fresh pwsh (-NoProfile -NonInteractive) that shares this console; returns its
    exit code. -TimeoutMinutes: a child still running then is killed (with its children) and
    counts as failed (exit code -1), so a hung test cannot hold CI until its own time limit.
    #>
    param([Parameter(Mandatory)] [string] $Script, [string[]] $ArgumentList = @(), [switch] $NoThrow, [string] $What,
        [int] $TimeoutMinutes = 0)
    $pw = Get-PwshInvocation
    $psi = [System.Diagnostics.ProcessStartInfo]::new($pw.File)
    foreach ($a in @($pw.Prefix) + @('-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', $Script) + @($ArgumentList)) {
        $psi.ArgumentList.Add([string] $a)
    }
    $psi.UseShellExecute = $false
    $psi.WorkingDirectory = $Root
    $label = if ($What) { $What } else { [IO.Path]::GetFileName($Script) }
    $p = [System.Diagnostics.Process]::Start($psi)
    try {
        if ($TimeoutMinutes -gt 0) {
            if (-not $p.WaitForExit([int] [TimeSpan]::FromMinutes($TimeoutMinutes).TotalMilliseconds)) {
                Write-Host "$label did not finish within $TimeoutMinutes minutes: stopping it." -ForegroundColor Red
                $p.Kill($true)
                $null = $p.WaitForExit(10000)
                if ($NoThrow) { return -1 }
                throw "$label timed out after $TimeoutMinutes minutes."
            }
        }
        $p.WaitForExit()
        $code = $p.ExitCode
    }
    finally { $p.Dispose() }
    if ($code -ne 0 -and -not $NoThrow) { throw "$label failed (exit code $code)." }
    $code
}

function Get-ManifestData {
    Import-PowerShellDataFile -LiteralPath $SourceManifest
}

function Copy-FileAtomic {
    <# Copies to a temporary name, then renames over the target: a process that has the old file
       loaded (another engineer's test run) keeps its copy intact. Skips files that are unchanged. #>
    param([Parameter(Mandatory)] [string] $Source, [Parameter(Mandatory)] [string] $Destination)
    $src = Get-Item -LiteralPath $Source
    if (Test-Path -LiteralPath $Destination) {
        $dst = Get-Item -LiteralPath $Destination
        if ($dst.Length -eq $src.Length -and $dst.LastWriteTimeUtc -eq $src.LastWriteTimeUtc) { return }
    }
    $dir = Split-Path -Parent $Destination
    $null = New-Item -ItemType Directory -Force -Path $dir
    $tmp = Join-Path $dir ('.' + [IO.Path]::GetFileName($Destination) + '.' + [guid]::NewGuid().ToString('N') + '.tmp')
    [IO.File]::Copy($src.FullName, $tmp, $true)
    [IO.File]::SetLastWriteTimeUtc($tmp, $src.LastWriteTimeUtc)
    [IO.File]::Move($tmp, $Destination, $true)
}

function Sync-Folder {
    <# Mirrors Source into Destination (recursively); files in Destination that Source lacks are removed. #>
    param([Parameter(Mandatory)] [string] $Source, [Parameter(Mandatory)] [string] $Destination, [string[]] $Keep = @())
    $null = New-Item -ItemType Directory -Force -Path $Destination
    $srcRoot = (Resolve-Path -LiteralPath $Source).ProviderPath.TrimEnd([IO.Path]::DirectorySeparatorChar)
    $wanted = [System.Collections.Generic.HashSet[string]]::new()
    foreach ($f in Get-ChildItem -LiteralPath $srcRoot -File -Recurse) {
        $rel = $f.FullName.Substring($srcRoot.Length + 1)
        $null = $wanted.Add($rel)
        Copy-FileAtomic -Source $f.FullName -Destination (Join-Path $Destination $rel)
    }
    $dstRoot = (Resolve-Path -LiteralPath $Destination).ProviderPath.TrimEnd([IO.Path]::DirectorySeparatorChar)
    foreach ($f in Get-ChildItem -LiteralPath $dstRoot -File -Recurse) {
        $rel = $f.FullName.Substring($dstRoot.Length + 1)
        $top = $rel.Split([IO.Path]::DirectorySeparatorChar)[0]
        if (-not $wanted.Contains($rel) -and $Keep -notcontains $top) { Remove-Item -LiteralPath $f.FullName -Force }
    }
}

function Enter-BuildLock {
    <# Several people share one checkout: one build at a time assembles out/. #>
    $null = New-Item -ItemType Directory -Force -Path $Out
    $lockPath = Join-Path $Out '.build.lock'
    $deadline = [DateTime]::UtcNow.AddMinutes(10)
    $said = $false
    while ($true) {
        try {
            return [IO.File]::Open($lockPath, [IO.FileMode]::OpenOrCreate, [IO.FileAccess]::ReadWrite, [IO.FileShare]::None)
        }
        catch [System.IO.IOException] {
            if ([DateTime]::UtcNow -gt $deadline) { throw "Another build has held $lockPath for 10 minutes." }
            if (-not $said) { Write-Step 'waiting for another build in this checkout to finish'; $said = $true }
            Start-Sleep -Milliseconds 500
        }
    }
}

# The tasks, one file per concern.
. (Join-Path $PSScriptRoot 'Tasks.Build.ps1')
. (Join-Path $PSScriptRoot 'Tasks.Test.ps1')
. (Join-Path $PSScriptRoot 'Tasks.Other.ps1')

Export-ModuleMember -Function Initialize-CioBuild, Invoke-Build, Invoke-Test, Invoke-Demo, Invoke-Bench, Invoke-Docs, Invoke-Package, Invoke-Emulator
