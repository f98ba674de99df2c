# The test task: xunit, then Pester in a fresh pwsh, ending with the count line. Dot-sourced by build/CioBuild.psm1: its paths and helpers are in scope.

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
