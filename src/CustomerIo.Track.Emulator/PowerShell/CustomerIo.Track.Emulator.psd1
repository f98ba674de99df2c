@{
    # PowerShell commands for the CustomerIo.Track emulator (a local stand-in for the Track API);
    # the build puts this module beside the emulator in out/emulator.
    RootModule           = 'CustomerIo.Track.Emulator.psm1'
    ModuleVersion        = '1.0.0'
    GUID                 = '5b0b0d57-3c2a-4f0e-9a55-7d8c1e7f2a41'
    Author               = 'CustomerIo.Track contributors'
    Description          = 'Start, inspect, fault and stop the CustomerIo.Track emulator of the Customer.io Track API, to rehearse runbooks locally.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FunctionsToExport    = @(
        'Start-CioEmulator', 'Stop-CioEmulator', 'Connect-CioEmulator', 'Reset-CioEmulator',
        'Get-CioEmulatorState', 'Get-CioEmulatorPerson', 'Get-CioEmulatorRequests', 'Get-CioEmulatorStats',
        'Set-CioEmulatorConfig', 'Add-CioEmulatorFault', 'Invoke-CioEmulatorApi', 'Get-CioEmulatorBasicAuth'
    )
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
}
