# Merge-CioCustomer against the emulator: the exact v1 request, the merged state
# (attributes, devices and events moved to the primary, the secondary deleted), identifier
# types, refused merges, ConfirmImpact High, -WhatIf, -AsOperation.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot TestHelpers.psm1) -Force
    . (Join-Path $PSScriptRoot V1.Common.ps1)
    Import-CioModuleUnderTest
    $script:Emu = Start-CioEmulator
    Connect-CioEmulator $script:Emu
}

AfterAll {
    Disconnect-CioTrack -ErrorAction Ignore
    Stop-CioEmulator $script:Emu
}

Describe 'Merge-CioCustomer' {
    BeforeEach { Reset-CioEmulator $script:Emu }

    It 'sends the reference request: POST /api/v1/merge_customers {"primary":{"id"},"secondary":{"email"}}; the secondary is folded into the primary' {
        Set-CioCustomer -Id cust-1 -Attributes @{ plan = 'pro' }
        Set-CioCustomer -Id old-1 -Email old@example.com -Attributes @{ plan = 'free'; city = 'Oslo' }
        Add-CioDevice -Id old-1 -DeviceId tok-9 -Platform ios
        Send-CioEvent -Id old-1 -Name signed_up -EventId ev-1
        $since = Get-LastSeq

        Merge-CioCustomer -Primary cust-1 -Secondary old@example.com -SecondaryType email -Confirm:$false

        $sent = @(Get-CioEmulatorRequests $script:Emu -Since $since)
        $sent.Count | Should -Be 1
        Assert-Request $sent[0] -Method POST -Path '/api/v1/merge_customers' -Body '{"primary":{"id":"cust-1"},"secondary":{"email":"old@example.com"}}'
        $state = Get-CioEmulatorState $script:Emu
        @($state.people).Count | Should -Be 1
        $p = Get-CioEmulatorPerson $script:Emu 'cust-1'
        $p.attributes.plan | Should -Be 'pro' -Because "the primary's value wins"
        $p.attributes.city | Should -Be 'Oslo'
        @($p.devices.id) | Should -Be @('tok-9')
        @($p.events.id) | Should -Be @('ev-1')
        Get-CioEmulatorPerson $script:Emu 'old-1' | Should -BeNullOrEmpty
    }

    It 'defaults both types to id and sends cio_id without its prefix' {
        Merge-CioCustomer cust-1 cust-2 -Confirm:$false
        Merge-CioCustomer -Primary 'cio_a1b2' -PrimaryType cio_id -Secondary 'B@Example.com' -SecondaryType EMAIL -Confirm:$false
        $sent = @(Get-CioEmulatorRequests $script:Emu)
        ConvertTo-CanonicalJson $sent[0].body | Should -BeExactly (ConvertTo-CanonicalJson '{"primary":{"id":"cust-1"},"secondary":{"id":"cust-2"}}')
        ConvertTo-CanonicalJson $sent[1].body | Should -BeExactly (ConvertTo-CanonicalJson '{"primary":{"cio_id":"a1b2"},"secondary":{"email":"B@Example.com"}}')
    }

    It 'declares ConfirmImpact High' {
        Get-ConfirmImpact Merge-CioCustomer | Should -Be 'High'
    }

    It 'merges piped CSV rows (primary, secondary, primary_type, secondary_type columns) and refuses <Case>' -TestCases @(
        @{ Case = 'a person merged into themself'; Row = 'cust-5,cust-5,,'; ErrorId = 'MergeSamePerson'; Pattern = "'primary' and 'secondary' are the same person \(id 'cust-5'\)" }
        @{ Case = 'the same email in another case'; Row = 'a@example.com,A@EXAMPLE.COM,email,email'; ErrorId = 'MergeSamePerson'; Pattern = "the same person \(email 'a@example.com'\)" }
        @{ Case = 'a missing secondary'; Row = 'cust-5,,id,'; ErrorId = 'IdentifierMissing'; Pattern = "'secondary' is empty" }
        @{ Case = 'an unknown identifier type'; Row = 'cust-5,cust-6,,phone'; ErrorId = 'InvalidIdentifierType'; Pattern = "'secondary_type' is 'phone'; it must be one of id, email, cio_id" }
        @{ Case = 'an identifier over 150 bytes'; Row = "cust-5,$('s' * 151),,"; ErrorId = 'IdentifierTooLong'; Pattern = "'secondary' is 151 bytes; the limit is 150 bytes" }
    ) {
        param($Case, $Row, $ErrorId, $Pattern)
        $rows = Import-TestCsv 'merge.csv' "primary,secondary,primary_type,secondary_type`ncust-1,old1@example.com,id,email`n$Row`ncust-3,cust-4,,"
        $rows | Merge-CioCustomer -NoBatch -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*MergeCioCustomerCommand"
        $errs[0].Exception.Message | Should -Match '^Record 2'
        $errs[0].Exception.Message | Should -Match $Pattern
        [object]::ReferenceEquals($errs[0].TargetObject, $rows[1]) | Should -BeTrue
        $bodies = @(Get-CioEmulatorRequests $script:Emu | ForEach-Object { ConvertTo-CanonicalJson $_.body } | Sort-Object)
        $bodies | Should -Be (@(
            (ConvertTo-CanonicalJson '{"primary":{"id":"cust-1"},"secondary":{"email":"old1@example.com"}}'),
            (ConvertTo-CanonicalJson '{"primary":{"id":"cust-3"},"secondary":{"id":"cust-4"}}')
        ) | Sort-Object)
    }

    It '-WhatIf sends nothing and names both people' {
        Set-CioCustomer -Id cust-2 -Email two@example.com
        $since = Get-LastSeq
        $out = Get-HostOutput { Merge-CioCustomer -Primary cust-1 -Secondary cust-2 -WhatIf }
        @(Get-CioEmulatorRequests $script:Emu -Since $since).Count | Should -Be 0
        $out | Should -BeLike "*Whatif:*merge(POST/api/v1/merge_customers*person'cust-1<-cust-2'*"
        Get-CioEmulatorPerson $script:Emu 'cust-2' | Should -Not -BeNullOrEmpty
    }

    It '-PassThru names the primary and the secondary' {
        $r = Merge-CioCustomer -Primary cust-1 -Secondary cust-2 -Confirm:$false -PassThru
        $r.Action | Should -Be 'merge'
        $r.Identifier | Should -Be 'cust-1 <- cust-2'
        $r.Succeeded | Should -BeTrue
    }

    It '-AsOperation emits the v2 merge item (no identifiers)' {
        $op = Merge-CioCustomer -Primary 42 -Secondary x@y.example -SecondaryType email -AsOperation
        ConvertTo-CanonicalJson ($op | ConvertTo-Json -Depth 10 -Compress) | Should -BeExactly (ConvertTo-CanonicalJson `
            '{"type":"person","action":"merge","primary":{"id":"42"},"secondary":{"email":"x@y.example"}}')
    }
}

Describe 'Merge-CioCustomer in v2 batches (piped without -NoBatch)' {
    BeforeAll { $script:HasV2 = Test-EmulatorV2 }
    BeforeEach { Reset-CioEmulator $script:Emu }

    It 'packs merge items without identifiers that the emulator applies' {
        if (-not $script:HasV2) { Set-ItResult -Skipped -Because 'the emulator does not serve /api/v2/batch'; return }
        foreach ($id in 'p-1', 's-1', 'p-2', 's-2') { Set-CioCustomer -Id $id -Attributes @{ origin = $id } }
        $since = Get-LastSeq
        @(
            [pscustomobject]@{ primary = 'p-1'; secondary = 's-1' }
            [pscustomobject]@{ primary = 'p-2'; secondary = 's-2' }
        ) | Merge-CioCustomer -Confirm:$false
        $items = @(Get-BatchItem -Since $since)
        $items.Count | Should -Be 2
        foreach ($item in $items) {
            $item.action | Should -Be 'merge'
            $item.psobject.Properties.Name | Should -Not -Contain 'identifiers'
        }
        @((Get-CioEmulatorState $script:Emu).people.id | Sort-Object) | Should -Be @('p-1', 'p-2')
    }
}
