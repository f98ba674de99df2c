# The emulator's PowerShell commands as a user gets them: the module beside the dll in out/emulator/.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot TestHelpers.psm1) -Force
    $script:EmulatorModule = Join-Path (Get-CioRepoRoot) 'out/emulator/CustomerIo.Track.Emulator.psd1'
    $script:Emu = Start-CioEmulator
}

AfterAll {
    Stop-CioEmulator $script:Emu
}

Describe 'The emulator module in out/emulator' {
    It 'exports every command it documents, each with a synopsis' {
        $manifest = Import-PowerShellDataFile -LiteralPath $script:EmulatorModule
        $exported = (Get-Module CustomerIo.Track.Emulator).ExportedFunctions.Keys | Sort-Object
        $exported | Should -Be ($manifest.FunctionsToExport | Sort-Object)
        foreach ($name in $exported) {
            (Get-Help $name).Synopsis | Should -Not -BeNullOrEmpty -Because "$name has help"
            (Get-Help $name).Synopsis | Should -Not -Match "^\s*$name\s*\[" -Because "$name's help is written, not generated"
        }
    }

    It 'emits the recorded requests one by one: none after a reset, then one per request' {
        Reset-CioEmulator $script:Emu
        @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
        $auth = @{ Authorization = Get-CioEmulatorBasicAuth $script:Emu }
        $null = Invoke-WebRequest -Uri "$($script:Emu.Url)/api/v1/customers/m-1" -Method Put -Headers $auth -ContentType 'application/json' -Body '{"a":1}' -SkipHttpErrorCheck
        $sent = @(Get-CioEmulatorRequests $script:Emu)
        $sent.Count | Should -Be 1
        $sent[0].path | Should -BeExactly '/api/v1/customers/m-1'
        @(Get-CioEmulatorRequests $script:Emu -Since $sent[0].seq).Count | Should -Be 0
    }

    It 'sets people_identified_by from -PeopleIdentifiedBy' {
        (Set-CioEmulatorConfig $script:Emu -PeopleIdentifiedBy IdOnly).people_identified_by | Should -BeExactly 'id_only'
        (Set-CioEmulatorConfig $script:Emu -PeopleIdentifiedBy EmailOrId).people_identified_by | Should -BeExactly 'email_or_id'
    }
}
