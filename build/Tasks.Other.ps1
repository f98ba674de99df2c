# The demo, bench, docs, package and emulator tasks. Dot-sourced by build/CioBuild.psm1: its paths and helpers are in scope.

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

function New-ModuleZip {
    <# The module as Azure Automation imports it: <name>.zip whose one top folder <name>/ holds the module's
       files (zip, folder and manifest share the name). Written under a temporary name, then renamed. #>
    param([Parameter(Mandatory)] [string] $ModulePath, [Parameter(Mandatory)] [string] $OutputPath)
    Add-Type -AssemblyName System.IO.Compression, System.IO.Compression.FileSystem
    $source = (Resolve-Path -LiteralPath $ModulePath).ProviderPath.TrimEnd([IO.Path]::DirectorySeparatorChar)
    $name = Split-Path -Leaf $source
    $null = New-Item -ItemType Directory -Force -Path $OutputPath
    $target = Join-Path $OutputPath "$name.zip"
    $tmp = "$target.$([guid]::NewGuid().ToString('N')).tmp"
    $zip = [System.IO.Compression.ZipFile]::Open($tmp, [System.IO.Compression.ZipArchiveMode]::Create)
    try {
        # Files whose name starts with '.' are the build's temporary copies: they never ship.
        foreach ($f in Get-ChildItem -LiteralPath $source -File -Recurse | Where-Object { -not $_.Name.StartsWith('.') }) {
            $entry = "$name/" + [IO.Path]::GetRelativePath($source, $f.FullName).Replace('\', '/')
            $null = [System.IO.Compression.ZipFileExtensions]::CreateEntryFromFile($zip, $f.FullName, $entry, [System.IO.Compression.CompressionLevel]::Optimal)
        }
    }
    finally { $zip.Dispose() }
    [IO.File]::Move($tmp, $target, $true)
    Write-Host ("    zip: {0} ({1:n0} KB, for Azure Automation's module import)" -f [IO.Path]::GetRelativePath($Root, $target), ((Get-Item $target).Length / 1KB))
}

function Invoke-Package {
    $dest = Join-Path $Out 'packages'
    $null = Invoke-ChildPwsh -Script (Join-Path $Root 'build/New-ModulePackage.ps1') -ArgumentList @('-ModulePath', $ModuleOut, '-OutputPath', $dest) -What 'packaging'
    New-ModuleZip -ModulePath $ModuleOut -OutputPath $dest
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
