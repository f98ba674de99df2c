# The build task: dotnet build, then out/ assembled (module, help, emulator). Dot-sourced by build/CioBuild.psm1: its paths and helpers are in scope.

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
