# Packaging: the package round trip. The built module (out/) is packed
# by the build's own script (build/New-ModulePackage.ps1, what 'build.ps1 package' runs) into a temporary
# folder; a temporary local folder is registered as a PSResourceGet repository, the .nupkg is published to
# it, saved from it into a temporary path (Save-PSResource: Install-PSResource without touching the user's
# module folders), imported from there in a fresh pwsh process and run against the emulator.
# Also: what the package holds, and that its version and release notes are the source manifest's.
# And the zip for Azure Automation: 'build.ps1 package' itself runs (it rewrites out/packages, the build's
# output), its zip is copied to the temporary folder, checked, extracted and imported in a fresh pwsh.
# Nothing else outside the temporary folders changes, except the uniquely named repository registration,
# which AfterAll removes.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot TestHelpers.psm1) -Force
    Import-Module Microsoft.PowerShell.PSResourceGet -ErrorAction Stop
    Add-Type -AssemblyName System.IO.Compression.FileSystem

    $script:Root = Get-CioRepoRoot
    $script:ModuleName = 'CustomerIo.Track'
    $script:ModuleFolder = Join-Path $script:Root "out/$script:ModuleName"
    $script:SourceManifestPath = Join-Path $script:Root "$script:ModuleName.psd1"
    $script:Source = Import-PowerShellDataFile -LiteralPath $script:SourceManifestPath
    $script:Version = $script:Source.ModuleVersion
    $script:ReleaseNotes = $script:Source.PrivateData.PSData.ReleaseNotes

    if (-not (Test-Path -LiteralPath (Join-Path $script:ModuleFolder "$script:ModuleName.psd1"))) {
        throw "The built module is missing: $script:ModuleFolder. Run 'dotnet pwsh ./build.ps1 build' first."
    }

    # Everything this file writes goes below one temporary folder.
    $id = [guid]::NewGuid().ToString('N').Substring(0, 10)
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) "cio-package-test-$id"
    $script:PackageDir = Join-Path $script:Work 'packages'
    $script:RepoDir = Join-Path $script:Work 'repository'
    $script:SaveDir = Join-Path $script:Work 'modules'
    foreach ($d in $script:PackageDir, $script:RepoDir, $script:SaveDir) { $null = New-Item -ItemType Directory -Force -Path $d }
    $script:RepoName = "CioTrackPackageTest-$id"

    # Text with LF line ends and no trailing white space at either end (a nuspec may hold CRLF).
    function script:ConvertTo-Normalized([string] $Text) { ($Text -replace "`r`n", "`n").Trim() }

    # How to start a fresh pwsh like this one: pwsh, or 'dotnet pwsh.dll' for the local tool.
    function script:Get-ChildPwsh {
        $p = [Environment]::ProcessPath
        if ($p -and [IO.Path]::GetFileNameWithoutExtension($p) -eq 'pwsh') { return @{ File = $p; Prefix = @() } }
        $dll = Join-Path $PSHOME 'pwsh.dll'
        if ($p -and [IO.Path]::GetFileNameWithoutExtension($p) -eq 'dotnet' -and (Test-Path -LiteralPath $dll)) { return @{ File = $p; Prefix = @($dll) } }
        $exe = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
        if (Test-Path -LiteralPath $exe) { return @{ File = $exe; Prefix = @() } }
        if (Test-Path -LiteralPath $dll) { return @{ File = (Get-Command dotnet -CommandType Application | Select-Object -First 1).Source; Prefix = @($dll) } }
        throw "Cannot find a pwsh to start (PSHOME=$PSHOME)."
    }

    # Runs a script file in a fresh pwsh (-NoProfile -NonInteractive); returns ExitCode and Output (stdout + stderr).
    # -Environment adds variables to the child's environment only (the API key never goes on a command line).
    function script:Invoke-ChildPwsh([string] $Script, [string[]] $ArgumentList = @(), [hashtable] $Environment = @{}, [int] $TimeoutSec = 300) {
        $pw = Get-ChildPwsh
        $psi = [System.Diagnostics.ProcessStartInfo]::new($pw.File)
        foreach ($a in @($pw.Prefix) + @('-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', $Script) + $ArgumentList) {
            $psi.ArgumentList.Add([string] $a)
        }
        $psi.UseShellExecute = $false
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        $psi.WorkingDirectory = $script:Work
        $psi.Environment['NO_COLOR'] = '1'
        foreach ($k in $Environment.Keys) { $psi.Environment[$k] = [string] $Environment[$k] }
        $p = [System.Diagnostics.Process]::Start($psi)
        try {
            $stdout = $p.StandardOutput.ReadToEndAsync()
            $stderr = $p.StandardError.ReadToEndAsync()
            if (-not $p.WaitForExit($TimeoutSec * 1000)) {
                $p.Kill($true)
                $null = $p.WaitForExit(10000)
                return [pscustomobject]@{ ExitCode = -1; Output = "timed out after $TimeoutSec s`n$($stdout.Result)`n$($stderr.Result)" }
            }
            $p.WaitForExit()
            [pscustomobject]@{ ExitCode = $p.ExitCode; Output = ($stdout.Result + $stderr.Result) }
        }
        finally { $p.Dispose() }
    }

    # The entries of a zip file and a way to read one of them as text.
    function script:Read-ZipEntry([string] $Path, [string] $Entry) {
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Path)
        try {
            $e = $zip.Entries | Where-Object FullName -EQ $Entry | Select-Object -First 1
            if (-not $e) { return $null }
            $reader = [IO.StreamReader]::new($e.Open())
            try { $reader.ReadToEnd() } finally { $reader.Dispose() }
        }
        finally { $zip.Dispose() }
    }

    # 1. Pack the built module with the build's packaging script, as 'build.ps1 package' does (in a child pwsh).
    $script:Pack = Invoke-ChildPwsh -Script (Join-Path $script:Root 'build/New-ModulePackage.ps1') `
        -ArgumentList @('-ModulePath', $script:ModuleFolder, '-OutputPath', $script:PackageDir)
    $script:Nupkg = Get-ChildItem -LiteralPath $script:PackageDir -Filter '*.nupkg' -File | Select-Object -First 1
    $script:Entries = @()
    if ($script:Nupkg) {
        $zip = [System.IO.Compression.ZipFile]::OpenRead($script:Nupkg.FullName)
        try { $script:Entries = @($zip.Entries | ForEach-Object FullName) } finally { $zip.Dispose() }
    }
}

AfterAll {
    Unregister-PSResourceRepository -Name $script:RepoName -ErrorAction SilentlyContinue
    if ($script:Work) { Remove-Item -LiteralPath $script:Work -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'build/New-ModulePackage.ps1 packs the built module' {
    It 'writes CustomerIo.Track.<version>.nupkg' {
        $script:Pack.ExitCode | Should -Be 0 -Because "the packaging script said: $($script:Pack.Output)"
        $script:Nupkg | Should -Not -BeNullOrEmpty -Because "the packaging script said: $($script:Pack.Output)"
        $script:Nupkg.Name | Should -Be "$script:ModuleName.$script:Version.nupkg"
    }

    It 'holds the manifest, the module dll, every dependency dll and the en-US help' {
        $required = @(
            "$script:ModuleName.psd1"
            "$script:ModuleName.dll"
            "en-US/$script:ModuleName.dll-Help.xml"
            'en-US/about_CustomerIo_Track.help.txt'
        )
        # Every dependency the build put in Dependencies/ (System.Text.Json and its own dependencies).
        $dependencies = @(Get-ChildItem -LiteralPath (Join-Path $script:ModuleFolder 'Dependencies') -Filter '*.dll' -File |
                ForEach-Object { "Dependencies/$($_.Name)" })
        $dependencies | Should -Contain 'Dependencies/System.Text.Json.dll'
        $dependencies | Should -Contain 'Dependencies/Sylvan.Data.Csv.dll' -Because 'Import-CioCustomer reads CSV with it'
        @(Get-ChildItem -LiteralPath $script:ModuleFolder -Filter '*.dll' -File).Name | Should -Be @("$script:ModuleName.dll") -Because 'dependencies do not lie beside the module dll'
        $required += 'LICENSE'
        foreach ($f in $required + $dependencies) {
            $script:Entries | Should -Contain $f -Because "the package must carry $f"
        }
    }

    It 'holds exactly the files of the built module (and the package''s own metadata)' {
        $moduleRoot = (Resolve-Path -LiteralPath $script:ModuleFolder).ProviderPath
        $built = @(Get-ChildItem -LiteralPath $moduleRoot -File -Recurse |
                Where-Object { -not $_.Name.StartsWith('.') } |
                ForEach-Object { [IO.Path]::GetRelativePath($moduleRoot, $_.FullName).Replace('\', '/') } | Sort-Object)
        $packed = @($script:Entries | Where-Object {
                $_ -notlike '_rels/*' -and $_ -notlike 'package/*' -and $_ -ne '[Content_Types].xml' -and $_ -notlike '*.nuspec'
            } | Sort-Object)
        $packed | Should -Be $built
    }

    It 'carries the source manifest: the same version and release notes' {
        $text = Read-ZipEntry $script:Nupkg.FullName "$script:ModuleName.psd1"
        $text | Should -Not -BeNullOrEmpty
        $file = Join-Path $script:Work 'packed-manifest.psd1'
        Set-Content -LiteralPath $file -Value $text -Encoding utf8
        $packed = Import-PowerShellDataFile -LiteralPath $file
        $packed.ModuleVersion | Should -Be $script:Version
        $packed.GUID | Should -Be $script:Source.GUID
        (ConvertTo-Normalized $packed.PrivateData.PSData.ReleaseNotes) | Should -BeExactly (ConvertTo-Normalized $script:ReleaseNotes)
        @($packed.CmdletsToExport) | Should -Be @($script:Source.CmdletsToExport)
    }

    It 'has a nuspec with the manifest''s version, release notes and description' {
        $nuspecName = $script:Entries | Where-Object { $_ -like '*.nuspec' } | Select-Object -First 1
        [xml] $nuspec = Read-ZipEntry $script:Nupkg.FullName $nuspecName
        $meta = $nuspec.package.metadata
        $meta.id | Should -Be $script:ModuleName
        $meta.version | Should -Be $script:Version
        (ConvertTo-Normalized $meta.releaseNotes) | Should -BeExactly (ConvertTo-Normalized $script:ReleaseNotes)
        $meta.description | Should -Be $script:Source.Description
    }

    It 'release notes and CHANGELOG.md describe the manifest''s version' {
        (ConvertTo-Normalized $script:ReleaseNotes) | Should -Match "^$([regex]::Escape($script:Version))\b" -Because 'the release notes start with the version they describe'
        $changelog = Join-Path $script:Root 'CHANGELOG.md'
        $changelog | Should -Exist
        Get-Content -LiteralPath $changelog -Raw | Should -Match "(?m)^## \[$([regex]::Escape($script:Version))\]" -Because 'CHANGELOG.md has a section for the version being packed'
    }
}

Describe 'Package round trip through a local PSResourceGet repository' -Tag 'Slow' {
    BeforeAll {
        $script:Emu = Start-CioEmulator

        Register-PSResourceRepository -Name $script:RepoName -Uri $script:RepoDir -Trusted
        $script:PublishError = $null
        try { Publish-PSResource -NupkgPath $script:Nupkg.FullName -Repository $script:RepoName -ErrorAction Stop }
        catch { $script:PublishError = $_ }
        $script:Found = @(Find-PSResource -Name $script:ModuleName -Repository $script:RepoName -ErrorAction SilentlyContinue)
        # Install-PSResource minus the scope: into a temporary path, never the user's module folders.
        $script:Saved = @(Save-PSResource -Name $script:ModuleName -Version $script:Version -Repository $script:RepoName `
                -TrustRepository -Path $script:SaveDir -PassThru -ErrorAction Stop)

        # A fresh pwsh imports the saved module by name from the temporary path only and uses it.
        $script:ChildScript = Join-Path $script:Work 'use-installed.ps1'
        Set-Content -LiteralPath $script:ChildScript -Encoding utf8 -Value @'
param([string] $ModulesPath, [string] $BaseUri, [string] $OutFile)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$env:PSModulePath = $ModulesPath + [IO.Path]::PathSeparator + $env:PSModulePath
$module = Import-Module -Name CustomerIo.Track -PassThru
# The Site ID and key come from CIO_SITE_ID / CIO_TRACK_API_KEY, set for this process only.
Connect-CioTrack -BaseUri $BaseUri
$result = Set-CioCustomer -Id 'pkg-1' -Email 'pkg-1@example.com' -Attributes @{ plan = 'premium'; source = 'package-test' } -PassThru
$about = Get-Help -Name about_CustomerIo_Track -ErrorAction SilentlyContinue
[pscustomobject]@{
    ModuleBase      = $module.ModuleBase
    Version         = "$($module.Version)"
    Cmdlets         = @($module.ExportedCmdlets.Keys | Sort-Object)
    Succeeded       = $result.Succeeded
    StatusCode      = $result.StatusCode
    Synopsis        = "$((Get-Help -Name Set-CioCustomer).Synopsis)".Trim()
    AboutCategory   = if ($about) { "$($about.Category)" } else { '' }
    ResultTable     = ($result | Format-Table | Out-String)
} | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $OutFile -Encoding utf8
'@
        $script:ChildOut = Join-Path $script:Work 'use-installed.json'
        $script:Child = Invoke-ChildPwsh -Script $script:ChildScript `
            -ArgumentList @('-ModulesPath', $script:SaveDir, '-BaseUri', $script:Emu.Url, '-OutFile', $script:ChildOut) `
            -Environment @{ CIO_SITE_ID = $script:Emu.SiteId; CIO_TRACK_API_KEY = $script:Emu.ApiKey }
        $script:Used = if (Test-Path -LiteralPath $script:ChildOut) { Get-Content -LiteralPath $script:ChildOut -Raw | ConvertFrom-Json } else { $null }
    }

    AfterAll {
        Stop-CioEmulator $script:Emu
    }

    It 'Publish-PSResource accepts the package and Find-PSResource lists it' {
        $script:PublishError | Should -BeNullOrEmpty
        $script:Found.Count | Should -Be 1
        "$($script:Found[0].Version)" | Should -Be $script:Version
        $script:Found[0].Description | Should -Be $script:Source.Description
    }

    It 'Save-PSResource installs it into the temporary path, manifest included' {
        $script:Saved.Count | Should -Be 1
        $installed = Join-Path $script:SaveDir "$script:ModuleName/$script:Version"
        Join-Path $installed "$script:ModuleName.psd1" | Should -Exist
        Join-Path $installed "$script:ModuleName.dll" | Should -Exist
        Join-Path $installed "en-US/$script:ModuleName.dll-Help.xml" | Should -Exist
        $manifest = Test-ModuleManifest -Path (Join-Path $installed "$script:ModuleName.psd1") -ErrorAction Stop
        "$($manifest.Version)" | Should -Be $script:Version
        (ConvertTo-Normalized $manifest.ReleaseNotes) | Should -BeExactly (ConvertTo-Normalized $script:ReleaseNotes)
    }

    It 'a fresh pwsh imports the installed module from the temporary path and Set-CioCustomer reaches the emulator' {
        $script:Child.ExitCode | Should -Be 0 -Because "the fresh pwsh said: $($script:Child.Output)"
        $script:Used | Should -Not -BeNullOrEmpty -Because "the fresh pwsh said: $($script:Child.Output)"
        $expectedBase = (Resolve-Path -LiteralPath (Join-Path $script:SaveDir "$script:ModuleName/$script:Version")).ProviderPath
        $script:Used.ModuleBase | Should -Be $expectedBase -Because 'the module must come from the saved package, not from out/'
        $script:Used.Version | Should -Be $script:Version
        @($script:Used.Cmdlets) | Should -Be @($script:Source.CmdletsToExport | Sort-Object)
        $script:Used.Succeeded | Should -BeTrue
        $script:Used.StatusCode | Should -Be 200
        $script:Used.ResultTable | Should -Match 'identify' -Because 'the format data shipped in the package shows results as a table'

        $person = Get-CioEmulatorPerson $script:Emu 'pkg-1'
        $person | Should -Not -BeNullOrEmpty -Because 'the emulator must have received the person'
        $person.email | Should -Be 'pkg-1@example.com'
        $person.attributes.plan | Should -Be 'premium'
        $person.attributes.source | Should -Be 'package-test'
        $requests = Get-CioEmulatorRequests $script:Emu
        $request = $requests | Where-Object path -EQ '/api/v1/customers/pkg-1' | Select-Object -First 1
        $request | Should -Not -BeNullOrEmpty -Because 'one Set-CioCustomer call is one v1 identify request'
        $request.headers.'user-agent' | Should -BeLike "CustomerIo.Track/$script:Version*"
    }

    It 'the installed module brings its help: cmdlet help and the about topic' {
        $script:Used.Synopsis | Should -Not -BeNullOrEmpty
        $script:Used.Synopsis | Should -Not -BeLike 'Set-CioCustomer *[<CommonParameters>]*' -Because 'the MAML help must be installed, not only the syntax'
        $script:Used.AboutCategory | Should -Be 'HelpFile'
    }

    It 'the API key did not show in the fresh pwsh''s output' {
        $script:Child.Output | Should -Not -BeLike "*$($script:Emu.ApiKey)*"
    }
}

Describe 'build.ps1 package writes the zip Azure Automation imports' -Tag 'Slow' {
    BeforeAll {
        $script:Emu = Start-CioEmulator
        $script:ZipStarted = [DateTime]::UtcNow.AddSeconds(-2)

        # 1. The package task itself (in a child pwsh, on the module already built in out/).
        $script:PackageTask = Invoke-ChildPwsh -Script (Join-Path $script:Root 'build.ps1') -ArgumentList @('package', '-SkipBuild')
        $script:BuiltZip = Join-Path $script:Root "out/packages/$script:ModuleName.zip"
        # A copy of it below the temporary folder: another run in this checkout may write the zip again.
        $script:Zip = Join-Path $script:Work "$script:ModuleName.zip"
        $script:ZipEntries = @()
        if (Test-Path -LiteralPath $script:BuiltZip) {
            Copy-Item -LiteralPath $script:BuiltZip -Destination $script:Zip
            $zip = [System.IO.Compression.ZipFile]::OpenRead($script:Zip)
            try { $script:ZipEntries = @($zip.Entries | ForEach-Object FullName) } finally { $zip.Dispose() }
        }

        # 2. Extracted into a temporary folder and imported by its folder path in a fresh pwsh, as a runbook
        #    host loads an imported module.
        $script:Extracted = Join-Path $script:Work 'zip-extracted'
        if (Test-Path -LiteralPath $script:Zip) { [System.IO.Compression.ZipFile]::ExtractToDirectory($script:Zip, $script:Extracted) }
        $script:ZipChildScript = Join-Path $script:Work 'use-zip.ps1'
        Set-Content -LiteralPath $script:ZipChildScript -Encoding utf8 -Value @'
param([string] $ModuleFolder, [string] $BaseUri, [string] $OutFile)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$module = Import-Module -Name $ModuleFolder -PassThru
# The Site ID and key come from CIO_SITE_ID / CIO_TRACK_API_KEY, set for this process only.
Connect-CioTrack -BaseUri $BaseUri
$result = Set-CioCustomer -Id 'zip-1' -Email 'zip-1@example.com' -Attributes @{ source = 'zip-test' } -PassThru
$about = Get-Help -Name about_CustomerIo_Track -ErrorAction SilentlyContinue
[pscustomobject]@{
    ModuleBase    = $module.ModuleBase
    Version       = "$($module.Version)"
    Cmdlets       = @($module.ExportedCmdlets.Keys | Sort-Object)
    Succeeded     = $result.Succeeded
    StatusCode    = $result.StatusCode
    AboutCategory = if ($about) { "$($about.Category)" } else { '' }
} | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $OutFile -Encoding utf8
'@
        $script:ZipChildOut = Join-Path $script:Work 'use-zip.json'
        $script:ZipChild = Invoke-ChildPwsh -Script $script:ZipChildScript `
            -ArgumentList @('-ModuleFolder', (Join-Path $script:Extracted $script:ModuleName), '-BaseUri', $script:Emu.Url, '-OutFile', $script:ZipChildOut) `
            -Environment @{ CIO_SITE_ID = $script:Emu.SiteId; CIO_TRACK_API_KEY = $script:Emu.ApiKey }
        $script:ZipUsed = if (Test-Path -LiteralPath $script:ZipChildOut) { Get-Content -LiteralPath $script:ZipChildOut -Raw | ConvertFrom-Json } else { $null }
    }

    AfterAll {
        Stop-CioEmulator $script:Emu
    }

    It 'the package task writes out/packages/CustomerIo.Track.zip' {
        $script:PackageTask.ExitCode | Should -Be 0 -Because "build.ps1 package said: $($script:PackageTask.Output)"
        $script:BuiltZip | Should -Exist
        (Get-Item -LiteralPath $script:BuiltZip).LastWriteTimeUtc | Should -BeGreaterThan $script:ZipStarted -Because 'this package task wrote it, not an earlier one'
    }

    It 'every entry lies under the one top folder CustomerIo.Track/, named like the zip and its manifest' {
        $script:ZipEntries | Should -Not -BeNullOrEmpty
        foreach ($e in $script:ZipEntries) { $e | Should -BeLike "$script:ModuleName/*" }
        $script:ZipEntries | Should -Contain "$script:ModuleName/$script:ModuleName.psd1"
    }

    It 'holds exactly the files of the built module, LICENSE among them' {
        $moduleRoot = (Resolve-Path -LiteralPath $script:ModuleFolder).ProviderPath
        $built = @(Get-ChildItem -LiteralPath $moduleRoot -File -Recurse |
                Where-Object { -not $_.Name.StartsWith('.') } |
                ForEach-Object { "$script:ModuleName/" + [IO.Path]::GetRelativePath($moduleRoot, $_.FullName).Replace('\', '/') } | Sort-Object)
        @($script:ZipEntries | Sort-Object) | Should -Be $built
        $script:ZipEntries | Should -Contain "$script:ModuleName/LICENSE"
        $script:ZipEntries | Should -Contain "$script:ModuleName/Dependencies/System.Text.Json.dll"
        $script:ZipEntries | Should -Contain "$script:ModuleName/en-US/$script:ModuleName.dll-Help.xml"
    }

    It 'names no web address it cannot back: no ProjectUri, LicenseUri or IconUri (the license ships as LICENSE)' {
        $text = Read-ZipEntry $script:Zip "$script:ModuleName/$script:ModuleName.psd1"
        $file = Join-Path $script:Work 'zipped-manifest.psd1'
        Set-Content -LiteralPath $file -Value $text -Encoding utf8
        $psData = (Import-PowerShellDataFile -LiteralPath $file).PrivateData.PSData
        foreach ($key in 'ProjectUri', 'LicenseUri', 'IconUri') {
            $psData.ContainsKey($key) | Should -BeFalse -Because "the module has no public address yet, so the manifest names no $key"
        }
        $nuspecName = $script:Entries | Where-Object { $_ -like '*.nuspec' } | Select-Object -First 1
        [xml] $nuspec = Read-ZipEntry $script:Nupkg.FullName $nuspecName
        foreach ($element in 'projectUrl', 'licenseUrl', 'iconUrl') {
            $nuspec.package.metadata.$element | Should -BeNullOrEmpty -Because "the nuspec names no $element either"
        }
    }

    It 'extracted and imported by folder in a fresh pwsh, Set-CioCustomer reaches the emulator with its credentials' {
        $script:ZipChild.ExitCode | Should -Be 0 -Because "the fresh pwsh said: $($script:ZipChild.Output)"
        $script:ZipUsed | Should -Not -BeNullOrEmpty -Because "the fresh pwsh said: $($script:ZipChild.Output)"
        $expectedBase = (Resolve-Path -LiteralPath (Join-Path $script:Extracted $script:ModuleName)).ProviderPath
        $script:ZipUsed.ModuleBase | Should -Be $expectedBase -Because 'the module must come from the extracted zip, not from out/'
        $script:ZipUsed.Version | Should -Be $script:Version
        @($script:ZipUsed.Cmdlets) | Should -Be @($script:Source.CmdletsToExport | Sort-Object)
        $script:ZipUsed.Succeeded | Should -BeTrue
        $script:ZipUsed.StatusCode | Should -Be 200
        $script:ZipUsed.AboutCategory | Should -Be 'HelpFile' -Because 'the zip carries the help'

        $person = Get-CioEmulatorPerson $script:Emu 'zip-1'
        $person | Should -Not -BeNullOrEmpty -Because 'the emulator must have received the person'
        $person.email | Should -Be 'zip-1@example.com'
        $person.attributes.source | Should -Be 'zip-test'
        $request = (Get-CioEmulatorRequests $script:Emu) | Where-Object path -EQ '/api/v1/customers/zip-1' | Select-Object -First 1
        $request | Should -Not -BeNullOrEmpty
        $request.headers.authorization | Should -Be (Get-CioEmulatorBasicAuth $script:Emu)
        $script:ZipChild.Output | Should -Not -BeLike "*$($script:Emu.ApiKey)*"
    }
}
