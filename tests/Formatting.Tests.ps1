# The console views of the module's objects (CustomerIo.Track.Format.ps1xml): what a user sees when a
# connection, -PassThru results, -AsOperation objects or LastRun reach the screen, and that the views
# come with Import-Module and go with Remove-Module. Run by 'build.ps1 test' against out/.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot TestHelpers.psm1) -Force
    Import-CioModuleUnderTest
    $script:Emu = Start-CioEmulator
    Connect-CioEmulator $script:Emu -Extra @{ RequestsPerSecond = 0 }

    # The non-empty lines of what the console would show, headers first.
    function Get-Screen([Parameter(ValueFromPipeline)] $InputObject) {
        @($input | Out-String -Width 200) -split "`r?`n" | Where-Object { $_.Trim() }
    }
}

AfterAll {
    Disconnect-CioTrack
    Stop-CioEmulator $script:Emu
}

Describe 'Console views' {
    BeforeEach { Reset-CioEmulator $script:Emu }

    It 'shows the connection as a table of site, region, address, verification and time, without the key' {
        $screen = Get-CioTrackConnection | Get-Screen

        $screen[0] | Should -Match '^SiteId\s+Region\s+BaseUri\s+Verified\s+ConnectedAt\s*$'
        $screen[2] | Should -Match ('^' + [regex]::Escape($script:Emu.SiteId) + '\s+US\s+' + [regex]::Escape($script:Emu.Url))
        $screen -join "`n" | Should -Not -Match 'ApiKey'
    }

    It 'shows -PassThru results as one table row per record, failures with their error' {
        $null = Add-CioEmulatorFault $script:Emu @{ kind = 'status'; status = 400; count = 1; match = 'fmt-bad' }
        $results = 'fmt-1', 'fmt-bad' | ForEach-Object { [pscustomobject]@{ id = $_ } } |
            Set-CioCustomer -NoBatch -ThrottleLimit 1 -PassThru -ErrorAction SilentlyContinue
        $screen = $results | Get-Screen

        $screen[0] | Should -Match '^\s*Record\s+Action\s+Identifier\s+Succeeded\s+Status\s+Attempts\s+Elapsed\s+Error\s*$'
        $screen.Count | Should -Be 4 -Because 'a header, its underline and one row per record'
        $screen[2] | Should -Match '^\s+1\s+identify\s+fmt-1\s+True\s+200\s+1\s+\d:\d\d\.\d\d\d\s*$'
        $screen[3] | Should -Match '^\s+2\s+identify\s+fmt-bad\s+False\s+400\s+1\s+\d:\d\d\.\d\d\d\s+\S'
    }

    It 'shows -AsOperation objects as type, action, identifiers and the names of their other fields' {
        $screen = @(
            Set-CioCustomer -Id 'op-1' -Email 'op-1@example.com' -AsOperation
            Merge-CioCustomer -Primary 'keep' -Secondary 'old' -AsOperation
        ) | Get-Screen

        $screen[0] | Should -Match '^Type\s+Action\s+Identifiers\s+Details\s*$'
        $screen[2] | Should -Match '^person\s+identify\s+id=op-1\s+attributes\s*$'
        $screen[3] | Should -Match '^person\s+merge\s+primary: id=keep; secondary: id=old\s*$'
    }

    It 'shows the last run''s summary as a list' {
        Set-CioCustomer -Id 'sum-1'
        $screen = (Get-CioTrackConnection).LastRun | Get-Screen

        ($screen | ForEach-Object { ($_ -split ':')[0].Trim() }) |
            Should -Be 'Command', 'StartedAt', 'Duration', 'Records', 'Succeeded', 'Failed', 'Requests', 'Stopped', 'NotSent', 'Unconfirmed', 'Refused'
        $screen[0] | Should -Match '^Command\s+: Set-CioCustomer$'
    }
}

Describe 'Views and the module''s lifetime' {
    # A runspace of its own: removing the module here would take the cmdlets from the other tests.
    BeforeAll {
        $script:Runspace = [runspacefactory]::CreateRunspace()
        $script:Runspace.Open()
        $script:Manifest = (Get-Module CustomerIo.Track).Path -replace '\.dll$', '.psd1'
        # Runs the script in that runspace; the script sees the module's manifest as $Manifest.
        function Invoke-InRunspace([string] $Script) {
            $ps = [powershell]::Create()
            try {
                $ps.Runspace = $script:Runspace
                $out = $ps.AddScript("param(`$Manifest) $Script").AddParameter('Manifest', $script:Manifest).Invoke()
                if ($ps.Streams.Error.Count) { throw "The runspace reported: $($ps.Streams.Error[0])" }
                $out
            }
            finally { $ps.Dispose() }
        }
        # How many views the runspace defines for each of the module's types.
        $script:CountViews = @'
            $counts = [ordered]@{}
            foreach ($t in 'CustomerIo.Track.Connection.CioConnection', 'CustomerIo.Track.Results.CioResult', 'CustomerIo.Track.Operation', 'CustomerIo.Track.Results.CioRunSummary') {
                $counts[$t] = @(Get-FormatData -TypeName $t | ForEach-Object FormatViewDefinition).Count
            }
            [pscustomobject]$counts
'@
    }

    AfterAll { $script:Runspace.Dispose() }

    It 'has one view per type once imported, also after a cmdlet has run and after Import-Module -Force, and none after Remove-Module' {
        # The manifest's FormatsToProcess adds them at import, once however often the module is imported.
        $firstUse = 'Set-CioCustomer -Id view-1 -AsOperation | Out-String | Out-Null; '
        $before = Invoke-InRunspace $script:CountViews
        $imported = Invoke-InRunspace ('Import-Module $Manifest; ' + $script:CountViews)
        $used = Invoke-InRunspace ($firstUse + $script:CountViews)
        $usedAgain = Invoke-InRunspace ($firstUse + $script:CountViews)
        $reimported = Invoke-InRunspace ('Import-Module $Manifest -Force; ' + $firstUse + $script:CountViews)
        $removed = Invoke-InRunspace ('Remove-Module CustomerIo.Track; ' + $script:CountViews)

        $before.PSObject.Properties.Value | Should -Be 0, 0, 0, 0
        $imported.PSObject.Properties.Value | Should -Be 1, 1, 1, 1
        $used.PSObject.Properties.Value | Should -Be 1, 1, 1, 1
        $usedAgain.PSObject.Properties.Value | Should -Be 1, 1, 1, 1
        $reimported.PSObject.Properties.Value | Should -Be 1, 1, 1, 1
        $removed.PSObject.Properties.Value | Should -Be 0, 0, 0, 0
    }

    It 'shows a cmdlet''s first output with its view' {
        $screen = Invoke-InRunspace 'Import-Module $Manifest -Force; Set-CioCustomer -Id view-2 -AsOperation | Out-String -Width 200'

        ($screen -split "`r?`n" | Where-Object { $_.Trim() })[0] | Should -Match '^Type\s+Action\s+Identifiers\s+Details\s*$'
    }
}
