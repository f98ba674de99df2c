<#
.SYNOPSIS
Writes a .nupkg of the built module (out/CustomerIo.Track) that Publish-PSResource and
Install-PSResource accept.

.DESCRIPTION
Run by 'build.ps1 package' in a child pwsh. The simplest faithful route: register a temporary
local PSResourceGet repository (a folder), Publish-PSResource the module folder to it (this
validates the manifest and writes the nuspec from it: version, description, tags, project and
license URIs, release notes all come from CustomerIo.Track.psd1), and copy the .nupkg it wrote
to the output folder. The temporary repository is unregistered and deleted afterwards.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $OutputPath
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$ProgressPreference = 'SilentlyContinue'

$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
$manifestPath = Join-Path $ModulePath "$(Split-Path -Leaf $ModulePath).psd1"
$manifest = Import-PowerShellDataFile -LiteralPath $manifestPath
$name = Split-Path -Leaf $ModulePath
$version = $manifest.ModuleVersion

Import-Module Microsoft.PowerShell.PSResourceGet -ErrorAction Stop
$repoName = "CioTrackPackage-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
$repoDir = Join-Path ([IO.Path]::GetTempPath()) $repoName
$null = New-Item -ItemType Directory -Force -Path $repoDir
try {
    Register-PSResourceRepository -Name $repoName -Uri $repoDir -Trusted
    # The module's dependencies are its own dlls: nothing to resolve from a gallery.
    Publish-PSResource -Path $ModulePath -Repository $repoName -SkipDependenciesCheck
    $nupkg = Get-ChildItem -LiteralPath $repoDir -Filter '*.nupkg' | Select-Object -First 1
    if (-not $nupkg) { throw "Publish-PSResource wrote no .nupkg into $repoDir." }
    $null = New-Item -ItemType Directory -Force -Path $OutputPath
    $target = Join-Path $OutputPath $nupkg.Name
    Copy-Item -LiteralPath $nupkg.FullName -Destination $target -Force

    # Check what was packed: the manifest, the dll, its dependencies and the help.
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $zip = [System.IO.Compression.ZipFile]::OpenRead($target)
    try {
        $entries = @($zip.Entries | ForEach-Object FullName)
        foreach ($required in @("$name.psd1", "$name.dll", 'LICENSE', 'Dependencies/System.Text.Json.dll', "en-US/$name.dll-Help.xml")) {
            if ($entries -notcontains $required) { throw "The package lacks $required." }
        }
        $nuspecEntry = $zip.Entries | Where-Object { $_.FullName -like '*.nuspec' } | Select-Object -First 1
        $reader = [IO.StreamReader]::new($nuspecEntry.Open())
        try { [xml] $nuspec = $reader.ReadToEnd() } finally { $reader.Dispose() }
        $packedVersion = $nuspec.package.metadata.version
        if ($packedVersion -ne $version) { throw "The package's version is $packedVersion, the manifest's $version." }
    }
    finally { $zip.Dispose() }
    Write-Host ("    package: {0} ({1:n0} KB, {2} files, version {3})" -f [IO.Path]::GetRelativePath((Get-Location).ProviderPath, $target), ((Get-Item $target).Length / 1KB), $entries.Count, $packedVersion)
}
finally {
    Unregister-PSResourceRepository -Name $repoName -ErrorAction SilentlyContinue
    Remove-Item -LiteralPath $repoDir -Recurse -Force -ErrorAction SilentlyContinue
}
