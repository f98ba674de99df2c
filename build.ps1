#!/usr/bin/env pwsh
<#
.SYNOPSIS
Builds, tests, documents and packages the CustomerIo.Track module.

.DESCRIPTION
Tasks (the first argument):
  build     dotnet build of CustomerIo.sln (Release), then assembles the importable module in
            out/CustomerIo.Track (manifest, dll, Format.ps1xml, LICENSE, Dependencies/, en-US help) and the
            emulator in out/emulator.
  test      build, then the xunit tests and the Pester tests (in a fresh pwsh process against
            out/CustomerIo.Track); ends with one line 'tests: N passed, N failed'.
  demo      build, start the emulator, pipe samples/people.csv into Set-CioCustomer, show what
            the emulator holds, stop the emulator.
  bench     build, then run bench/*.ps1 (each in a fresh pwsh process); -BenchRows/-BenchRuns set the
            row count and runs of those that take -Rows/-Runs.
  docs      build, then create or update docs/<Cmdlet>.md from the cmdlets (prose is kept).
  package   build, then write out/packages/CustomerIo.Track.<version>.nupkg.
  emulator  build, then run the emulator in the foreground (Ctrl+C stops it).

Everything the module loads runs in child pwsh processes, so this process never loads (or
locks) the module's dll.

.EXAMPLE
dotnet tool restore && dotnet pwsh ./build.ps1 test

.EXAMPLE
dotnet pwsh ./build.ps1 test -SkipBuild -TestPath tests/Smoke.Tests.ps1

.EXAMPLE
dotnet pwsh ./build.ps1 emulator -Port 5080 -LatencyMs 50 -RateLimit 100
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('build', 'test', 'demo', 'bench', 'docs', 'package', 'emulator')]
    [string] $Task = 'build',

    # build: skip 'dotnet build' and the assembly of out/ (test, demo, bench, docs, package, emulator).
    [switch] $SkipBuild,

    # test: only these Pester files or folders (default: tests/*.Tests.ps1).
    [string[]] $TestPath,
    # test: Pester full-name filter (wildcards), e.g. '*Set-CioCustomer*'.
    [string[]] $TestName,
    # test: Pester tags to run / to leave out.
    [string[]] $Tag,
    [string[]] $ExcludeTag,
    # test: skip the xunit tests / the Pester tests.
    [switch] $SkipUnitTests,
    [switch] $SkipPester,
    # test: the Pester process is stopped (and counts as a failure) after this many minutes.
    [int] $PesterTimeoutMinutes = 40,
    # test: Pester output.
    [ValidateSet('None', 'Normal', 'Detailed', 'Diagnostic')]
    [string] $Output = 'Detailed',

    # demo: the CSV to import.
    [string] $CsvPath,

    # bench: only the bench scripts whose names match (wildcards).
    [string[]] $Bench,
    # bench: row count and runs per side, for the scripts that take -Rows / -Runs (1-ZeroLatency, 5-FreshProcess).
    [int] $BenchRows,
    [int] $BenchRuns,

    # emulator: options passed to the emulator.
    [int] $Port = 0,
    [int] $LatencyMs = -1,
    [int] $RateLimit = -1,
    [ValidateSet('us', 'eu')] [string] $Region,
    [string] $SiteId,
    [string] $ApiKey,

    # Anything else is passed on (emulator: to the emulator; bench: to the bench scripts).
    [Parameter(ValueFromRemainingArguments)]
    [string[]] $ExtraArgs
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$ProgressPreference = 'SilentlyContinue'

# From a shell (pwsh -File), '-TestPath a,b' arrives as one string: split lists on commas.
function Split-List([string[]] $Values) { @($Values | ForEach-Object { $_ -split ',' } | ForEach-Object Trim | Where-Object { $_ }) }
$TestPath = Split-List $TestPath
$TestName = Split-List $TestName
$Tag = Split-List $Tag
$ExcludeTag = Split-List $ExcludeTag
$Bench = Split-List $Bench

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleName = 'CustomerIo.Track'
$ModuleOut = Join-Path $Out $ModuleName
$EmulatorOut = Join-Path $Out 'emulator'
$ResultsDir = Join-Path $Out 'test-results'
$Configuration = 'Release'
$SourceManifest = Join-Path $Root "$ModuleName.psd1"
$ModuleBin = Join-Path $Root "src/$ModuleName/bin/$Configuration/netstandard2.0"
$EmulatorBin = Join-Path $Root "src/$ModuleName.Emulator/bin/$Configuration/net10.0"
$UnitTestProject = Join-Path $Root "tests/$ModuleName.UnitTests/$ModuleName.UnitTests.csproj"

$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'

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

function Test-HelpUpToDate([string] $HelpDir) {
    <# The MAML is newer than everything it is made of: the dll, the manifest, docs/ and the generator. #>
    $maml = Join-Path $HelpDir "$ModuleName.dll-Help.xml"
    if (-not (Test-Path -LiteralPath $maml)) { return $false }
    $made = (Get-Item -LiteralPath $maml).LastWriteTimeUtc
    $docs = Join-Path $Root 'docs'
    $inputs = @(
        Get-Item -LiteralPath (Join-Path $ModuleOut "$ModuleName.dll"), $SourceManifest,
            (Join-Path $Root 'build/New-MamlHelp.ps1'), (Join-Path $Root 'build/HelpTools.psm1')
        if (Test-Path -LiteralPath $docs) { Get-Item -LiteralPath $docs; Get-ChildItem -LiteralPath $docs -Filter '*.md' -File }
    )
    if (-not (Test-Path -LiteralPath $docs) -and (Get-ChildItem -LiteralPath $HelpDir -Filter 'about_*').Count) { return $false }
    @($inputs | Where-Object { $_.LastWriteTimeUtc -ge $made }).Count -eq 0
}

function Invoke-Build {
    $manifest = Get-ManifestData
    $version = $manifest.ModuleVersion
    $lock = Enter-BuildLock
    try {
        Write-Step "dotnet build CustomerIo.sln -c $Configuration (version $version)"
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $buildArgs = @('build', (Join-Path $Root 'CustomerIo.sln'), '-c', $Configuration, '-nologo', '-v', 'q', '-clp:NoSummary',
            "-p:Version=$version", '-nr:false')
        # CI: no compiler server may outlive the run (it would hold the run's output pipe open).
        if ($env:CI -eq 'true') { $buildArgs += @('-p:ContinuousIntegrationBuild=true', '-p:UseSharedCompilation=false') }
        $null = Invoke-Native -FilePath (Get-DotnetPath) -ArgumentList $buildArgs -What 'dotnet build'
        Write-Host ("    compiled in {0:n1} s" -f $sw.Elapsed.TotalSeconds)

        Write-Step "assembling $([IO.Path]::GetRelativePath($Root, $ModuleOut))"
        $null = New-Item -ItemType Directory -Force -Path $ModuleOut
        $files = [ordered]@{}
        $files["$ModuleName.psd1"] = $SourceManifest
        $files["LICENSE"] = Join-Path $Root "LICENSE"
        $files["$ModuleName.Format.ps1xml"] = Join-Path $Root "$ModuleName.Format.ps1xml"
        $files["$ModuleName.dll"] = Join-Path $ModuleBin "$ModuleName.dll"
        if (-not (Test-Path -LiteralPath $files["$ModuleName.dll"])) { throw "The build did not produce $ModuleBin/$ModuleName.dll." }
        # Every dependency (System.Text.Json and its own dependencies, needed by Windows PowerShell 5.1) in
        # Dependencies/, not beside the dll: the module's resolver loads them from there for its own
        # assemblies only; pwsh 7.4+ uses its own copies.
        foreach ($dll in Get-ChildItem -LiteralPath $ModuleBin -Filter '*.dll' -File) {
            if ($dll.Name -in @('System.Management.Automation.dll', "$ModuleName.dll")) { continue }
            $files["Dependencies/$($dll.Name)"] = $dll.FullName
        }
        foreach ($name in $files.Keys) { Copy-FileAtomic -Source $files[$name] -Destination (Join-Path $ModuleOut $name) }
        # Files left from an earlier build (a dependency that went away, or one beside the dll) must not ship.
        foreach ($f in @(Get-ChildItem -LiteralPath $ModuleOut -File) + @(Get-ChildItem -LiteralPath (Join-Path $ModuleOut 'Dependencies') -File -ErrorAction Ignore)) {
            $rel = [IO.Path]::GetRelativePath($ModuleOut, $f.FullName).Replace('\', '/')
            if (-not $files.Contains($rel) -and -not $f.Name.StartsWith('.')) { Remove-Item -LiteralPath $f.FullName -Force }
        }

        Write-Step "assembling $([IO.Path]::GetRelativePath($Root, $EmulatorOut))"
        Sync-Folder -Source $EmulatorBin -Destination $EmulatorOut

        $helpDir = Join-Path $ModuleOut 'en-US'
        if (Test-HelpUpToDate $helpDir) {
            Write-Step 'help (en-US) is up to date'
        }
        else {
            Write-Step 'generating help (en-US)'
            $helpArgs = @('-ModulePath', $ModuleOut, '-DocsPath', (Join-Path $Root 'docs'), '-OutputPath', $helpDir)
            $null = Invoke-ChildPwsh -Script (Join-Path $Root 'build/New-MamlHelp.ps1') -ArgumentList $helpArgs -What 'help generation'
        }
    }
    finally {
        $lock.Dispose()
    }
}

function Get-GlobalPackagesFolder {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    $lines = @(& (Get-DotnetPath) nuget locals global-packages --list 2>$null)
    $line = $lines | Where-Object { $_ -match '^\s*global-packages:' } | Select-Object -First 1
    if ($global:LASTEXITCODE -ne 0 -or -not $line) { throw "'dotnet nuget locals global-packages --list' failed: $lines" }
    ($line -replace '^\s*global-packages:\s*', '').Trim()
}

function Get-PesterPath {
    $manifest = Join-Path (Get-GlobalPackagesFolder) 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path -LiteralPath $manifest)) {
        throw "Pester 5.7.1 is not in the NuGet packages folder ($manifest). It is restored by $([IO.Path]::GetRelativePath($Root, $UnitTestProject)) (PackageDownload); run the build task."
    }
    $manifest
}

function Invoke-UnitTests {
    <# xunit via dotnet test; returns @{ Passed; Failed; Skipped }. #>
    # A per-run name: several people may run tests in one checkout at the same time.
    $trxName = "unit-tests.$PID-$([guid]::NewGuid().ToString('N').Substring(0, 6)).trx"
    $trx = Join-Path $ResultsDir $trxName
    Write-Step 'xunit: dotnet test tests/CustomerIo.Track.UnitTests'
    $testArgs = @('test', $UnitTestProject, '-c', $Configuration, '--no-build', '--nologo', '-v', 'q',
        '--logger', "trx;LogFileName=$trxName", '--logger', 'console;verbosity=minimal', '--results-directory', $ResultsDir)
    $code = Invoke-Native -FilePath (Get-DotnetPath) -ArgumentList $testArgs -NoThrow
    $r = @{ Passed = 0; Failed = 0; Skipped = 0 }
    if (Test-Path -LiteralPath $trx) {
        [xml] $x = Get-Content -LiteralPath $trx -Raw
        $ns = @{ t = 'http://microsoft.com/schemas/VisualStudio/TeamTest/2010' }
        $c = (Select-Xml -Xml $x -XPath '//t:ResultSummary/t:Counters' -Namespace $ns).Node
        if ($c) {
            $r.Passed = [int] $c.passed
            $r.Failed = [int] $c.failed + [int] $c.error + [int] $c.timeout + [int] $c.aborted
            $r.Skipped = [int] $c.notExecuted
        }
        Move-Item -LiteralPath $trx -Destination (Join-Path $ResultsDir 'unit-tests.trx') -Force
    }
    if ($code -ne 0 -and $r.Failed -eq 0) {
        # dotnet test failed without a failed test in the trx (crash, host error, no trx).
        Write-Host "xunit: dotnet test exited with code $code without a failed test in its results; counting one failure." -ForegroundColor Red
        $r.Failed = 1
    }
    Write-Host ("xunit: {0} passed, {1} failed, {2} skipped" -f $r.Passed, $r.Failed, $r.Skipped)
    $r
}

function Invoke-PesterTests {
    $paths = @(if ($TestPath) { @($TestPath | ForEach-Object { (Resolve-Path -LiteralPath $_).ProviderPath }) }
             else { @(Get-ChildItem -LiteralPath (Join-Path $Root 'tests') -Filter '*.Tests.ps1' -File | ForEach-Object FullName) })
    $r = @{ Passed = 0; Failed = 0; Skipped = 0 }
    if ($paths.Count -eq 0) { Write-Warning 'No Pester test files found.'; return $r }
    $pester = Get-PesterPath
    Write-Step "Pester 5.7.1: $($paths.Count) file(s) in a fresh pwsh"
    # Per-run file names: several people may run tests in one checkout at the same time.
    $runId = "$PID-$([guid]::NewGuid().ToString('N').Substring(0, 6))"
    $summaryFile = Join-Path $ResultsDir "pester-summary.$runId.json"
    $config = Join-Path $ResultsDir "pester-run.$runId.json"
    [ordered]@{
        PesterPath     = $pester
        Path           = $paths
        ResultPath     = $ResultsDir
        SummaryPath    = $summaryFile
        FullNameFilter = @($TestName | Where-Object { $_ })
        Tag            = @($Tag | Where-Object { $_ })
        ExcludeTag     = @($ExcludeTag | Where-Object { $_ })
        Verbosity      = $Output
    } | ConvertTo-Json | Set-Content -LiteralPath $config -Encoding utf8
    $code = Invoke-ChildPwsh -Script (Join-Path $Root 'build/Invoke-PesterTests.ps1') -ArgumentList @('-ConfigPath', $config) -NoThrow -TimeoutMinutes $PesterTimeoutMinutes
    Remove-Item -LiteralPath $config -ErrorAction Ignore
    if (Test-Path -LiteralPath $summaryFile) {
        $s = Get-Content -LiteralPath $summaryFile -Raw | ConvertFrom-Json
        # The latest run's summary under a fixed name, for people and tools.
        Move-Item -LiteralPath $summaryFile -Destination (Join-Path $ResultsDir 'pester-summary.json') -Force
        $r.Passed = [int] $s.passed; $r.Failed = [int] $s.failed; $r.Skipped = [int] $s.skipped
        if ($s.error) { Write-Host "Pester: $($s.error)" -ForegroundColor Red }
        foreach ($c in @($s.failedContainers)) { if ($c) { Write-Host "Pester: failures in $c" -ForegroundColor Red } }
    }
    if ($code -ne 0 -and $r.Failed -eq 0) {
        Write-Host "Pester: the test process ended with exit code $code and no summary (it crashed or was stopped; see its output above); the results of the tests that ran are lost: counting one failure." -ForegroundColor Red
        $r.Failed = 1
    }
    Write-Host ("Pester: {0} passed, {1} failed, {2} skipped" -f $r.Passed, $r.Failed, $r.Skipped)
    $r
}

function Invoke-Test {
    $null = New-Item -ItemType Directory -Force -Path $ResultsDir
    # Emulator logs of earlier runs (not of runs still going on in this checkout).
    $logs = Join-Path $ResultsDir 'emulator-logs'
    if (Test-Path -LiteralPath $logs) {
        Get-ChildItem -LiteralPath $logs -File |
            Where-Object LastWriteTimeUtc -LT ([DateTime]::UtcNow.AddHours(-2)) | Remove-Item -Force -ErrorAction Ignore
    }
    $unit = if ($SkipUnitTests) { @{ Passed = 0; Failed = 0; Skipped = 0 } } else { Invoke-UnitTests }
    $pest = if ($SkipPester) { @{ Passed = 0; Failed = 0; Skipped = 0 } } else { Invoke-PesterTests }
    $passed = $unit.Passed + $pest.Passed
    $failed = $unit.Failed + $pest.Failed
    $skipped = $unit.Skipped + $pest.Skipped
    if ($passed + $failed -eq 0) {
        Write-Host 'No test ran: counting that as a failure.' -ForegroundColor Red
        $failed = 1
    }
    if ($skipped -gt 0) { Write-Host "skipped: $skipped" }
    Write-Host ("test done in {0:n1} s" -f $total.Elapsed.TotalSeconds)
    # The closing line CI reads: nothing may be printed after it.
    Write-Host "tests: $passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Demo {
    $csv = if ($CsvPath) { (Resolve-Path -LiteralPath $CsvPath).ProviderPath } else { Join-Path $Root 'samples/people.csv' }
    $code = Invoke-ChildPwsh -Script (Join-Path $Root 'build/Invoke-Demo.ps1') -ArgumentList @('-CsvPath', $csv) -NoThrow
    if ($code -ne 0) { throw "The demo failed (exit code $code)." }
}

function Invoke-Bench {
    $benchDir = Join-Path $Root 'bench'
    $scripts = @(if (Test-Path -LiteralPath $benchDir) { Get-ChildItem -LiteralPath $benchDir -Filter '*.ps1' -File | Sort-Object Name })
    if ($Bench) { $scripts = @($scripts | Where-Object { $n = $_.BaseName; @($Bench | Where-Object { $n -like $_ }).Count -gt 0 }) }
    if ($scripts.Count -eq 0) { Write-Warning 'No benchmark scripts (bench/*.ps1) to run.'; return }
    $failed = @()
    foreach ($s in $scripts) {
        Write-Step "bench: $($s.Name)"
        $argv = @($ExtraArgs | Where-Object { $_ })
        $declared = (Get-Command -Name $s.FullName).Parameters
        if ($BenchRows -gt 0 -and $declared.ContainsKey('Rows')) { $argv += @('-Rows', [string] $BenchRows) }
        if ($BenchRuns -gt 0 -and $declared.ContainsKey('Runs')) { $argv += @('-Runs', [string] $BenchRuns) }
        $code = Invoke-ChildPwsh -Script $s.FullName -ArgumentList $argv -NoThrow
        if ($code -ne 0) { $failed += $s.Name }
    }
    if ($failed) { throw "Benchmarks failed: $($failed -join ', ')" }
}

function Invoke-Docs {
    $null = Invoke-ChildPwsh -Script (Join-Path $Root 'build/Update-MarkdownHelp.ps1') -ArgumentList @('-ModulePath', $ModuleOut, '-DocsPath', (Join-Path $Root 'docs')) -What 'docs update'
}

function Invoke-Package {
    $dest = Join-Path $Out 'packages'
    $null = Invoke-ChildPwsh -Script (Join-Path $Root 'build/New-ModulePackage.ps1') -ArgumentList @('-ModulePath', $ModuleOut, '-OutputPath', $dest) -What 'packaging'
}

function Invoke-Emulator {
    $dll = Join-Path $EmulatorOut "$ModuleName.Emulator.dll"
    $argv = @($dll, '--port', [string] $Port)
    if ($LatencyMs -ge 0) { $argv += @('--latency-ms', [string] $LatencyMs) }
    if ($RateLimit -ge 0) { $argv += @('--rate-limit', [string] $RateLimit) }
    if ($Region) { $argv += @('--region', $Region.ToLowerInvariant()) }
    if ($SiteId) { $argv += @('--site-id', $SiteId) }
    if ($ApiKey) { $argv += @('--api-key', $ApiKey) }
    $argv += @($ExtraArgs | Where-Object { $_ })
    Write-Step "dotnet $([IO.Path]::GetRelativePath($Root, $dll)) $($argv[1..($argv.Count - 1)] -join ' ')   (Ctrl+C stops it)"
    $null = Invoke-Native -FilePath (Get-DotnetPath) -ArgumentList $argv -What 'the emulator'
}

$total = [Diagnostics.Stopwatch]::StartNew()
try {
    if ($ExtraArgs -and $Task -notin @('emulator', 'bench')) {
        throw "Unknown arguments for task '$Task': $($ExtraArgs -join ' ')"
    }
    if (-not $SkipBuild) { Invoke-Build }
    switch ($Task) {
        'build' { }
        'test' { Invoke-Test }
        'demo' { Invoke-Demo }
        'bench' { Invoke-Bench }
        'docs' { Invoke-Docs }
        'package' { Invoke-Package }
        'emulator' { Invoke-Emulator }
    }
    if ($Task -ne 'test') { Write-Host ("{0} done in {1:n1} s" -f $Task, $total.Elapsed.TotalSeconds) }
}
catch {
    Write-Host "build.ps1 $Task failed: $($_.Exception.Message)" -ForegroundColor Red
    if ($_.ScriptStackTrace) { Write-Host $_.ScriptStackTrace }
    # The test task always closes with its count line; a build that failed is one failure.
    if ($Task -eq 'test') { Write-Host 'tests: 0 passed, 1 failed' }
    exit 1
}
