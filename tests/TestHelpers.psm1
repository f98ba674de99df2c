<#
Shared Pester helpers. Every *.Tests.ps1 starts with
    BeforeAll { Import-Module (Join-Path $PSScriptRoot TestHelpers.psm1) -Force }
and then uses:
    Import-CioModuleUnderTest            # the built module in out/CustomerIo.Track (run build.ps1 build first)
    $emu = Start-CioEmulator [-LatencyMs 50] [-RateLimit 100] [-Region eu] [-SiteId s] [-ApiKey k] [-ArgumentList ...]
    Connect-CioEmulator $emu [-PassThru] [-Extra @{ TimeoutSec = 5 }]   # Connect-CioTrack against it
    Reset-CioEmulator $emu; Get-CioEmulatorState $emu; Get-CioEmulatorPerson $emu 'id'
    Get-CioEmulatorRequests $emu [-Since seq]; Get-CioEmulatorStats $emu
    Set-CioEmulatorConfig $emu -LatencyMs 50 -RateLimit 100; Add-CioEmulatorFault $emu @{ ... }
    Stop-CioEmulator $emu
The emulator commands come from the script module the emulator ships with
(out/emulator/CustomerIo.Track.Emulator.psd1, documented in docs/emulator.md), imported here; the
tests keep no copy of them. Emulator logs go to out/test-results/emulator-logs.
#>
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$script:RepoRoot = Split-Path -Parent $PSScriptRoot
$script:ModuleManifest = Join-Path $script:RepoRoot 'out/CustomerIo.Track/CustomerIo.Track.psd1'
$script:EmulatorModule = Join-Path $script:RepoRoot 'out/emulator/CustomerIo.Track.Emulator.psd1'

# The emulator's commands are the ones it ships (out/emulator/CustomerIo.Track.Emulator.psd1), not a
# private copy; its logs go to out/test-results/emulator-logs.
if (-not $env:CIO_EMULATOR_LOG_FOLDER) { $env:CIO_EMULATOR_LOG_FOLDER = Join-Path $script:RepoRoot 'out/test-results/emulator-logs' }
if (-not (Test-Path -LiteralPath $script:EmulatorModule)) {
    throw "The built emulator is missing: $script:EmulatorModule. Run 'dotnet pwsh ./build.ps1 build' first."
}
# Loaded once per test process: every test file re-imports this helper with -Force, the emulator module need not reload.
Import-Module -Name $script:EmulatorModule -Global

function Get-CioRepoRoot {
    <# The repository root (the folder that holds build.ps1). #>
    $script:RepoRoot
}

function Import-CioModuleUnderTest {
    <# Imports the built module (out/CustomerIo.Track) into the caller's session, -Force. #>
    [CmdletBinding()]
    param([switch] $PassThru)
    if (-not (Test-Path -LiteralPath $script:ModuleManifest)) {
        throw "The built module is missing: $script:ModuleManifest. Run 'dotnet pwsh ./build.ps1 build' first."
    }
    # -Global: the cmdlets must be visible to the test scripts, not only inside this helper module.
    Import-Module -Name $script:ModuleManifest -Force -Global -PassThru:$PassThru -ErrorAction Stop
}

Export-ModuleMember -Function Get-CioRepoRoot, Import-CioModuleUnderTest
