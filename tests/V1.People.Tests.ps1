# Remove-CioCustomer, Add-CioSuppression, Remove-CioSuppression against the emulator:
# the exact v1 requests, the emulator's state after them, piped input, limits, -WhatIf, -AsOperation.
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

Describe 'Remove-CioCustomer' {
    BeforeEach { Reset-CioEmulator $script:Emu }

    It 'sends DELETE /api/v1/customers/{id} without a body, and the person is gone' {
        Set-CioCustomer -Id 'cust-1' -Email 'cust-1@example.com'
        Set-CioCustomer -Id 'cust-2' -Email 'cust-2@example.com'
        $since = Get-LastSeq
        Remove-CioCustomer -Id 'cust-1' -Confirm:$false
        $sent = @(Get-CioEmulatorRequests $script:Emu -Since $since)
        $sent.Count | Should -Be 1
        Assert-Request $sent[0] -Method DELETE -Path '/api/v1/customers/cust-1' -NoBody
        Get-CioEmulatorPerson $script:Emu 'cust-1' | Should -BeNullOrEmpty
        (Get-CioEmulatorPerson $script:Emu 'cust-2').email | Should -Be 'cust-2@example.com'
    }

    It 'percent-encodes the identifier as encodeURIComponent does' {
        Remove-CioCustomer -Id 'user+1@example.com' -Confirm:$false
        Remove-CioCustomer -Id 'id with/slash?&' -Confirm:$false
        $sent = @(Get-CioEmulatorRequests $script:Emu)
        Assert-Request $sent[0] -Method DELETE -Path '/api/v1/customers/user%2B1%40example.com' -NoBody
        Assert-Request $sent[1] -Method DELETE -Path '/api/v1/customers/id%20with%2Fslash%3F%26' -NoBody
    }

    It 'declares ConfirmImpact High' {
        Get-ConfirmImpact Remove-CioCustomer | Should -Be 'High'
    }

    It 'deletes piped CSV rows one request each (-NoBatch); a too long id is refused, the rest sent' {
        $long = 'x' * 151
        $rows = Import-TestCsv 'remove.csv' "customer_id,note`ncust-1,a`n$long,b`ncust-3,c"
        foreach ($id in 'cust-1', 'cust-3') { Set-CioCustomer -Id $id -Email "$id@example.com" }
        $since = Get-LastSeq
        $rows | Remove-CioCustomer -NoBatch -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'IdentifierTooLong,*RemoveCioCustomerCommand'
        $errs[0].Exception.Message | Should -Match "Record 2: 'id' is 151 bytes; the limit is 150 bytes"
        [object]::ReferenceEquals($errs[0].TargetObject, $rows[1]) | Should -BeTrue
        $paths = @(Get-CioEmulatorRequests $script:Emu -Since $since | ForEach-Object { "$($_.method) $($_.path)" } | Sort-Object)
        $paths | Should -Be @('DELETE /api/v1/customers/cust-1', 'DELETE /api/v1/customers/cust-3')
        @((Get-CioEmulatorState $script:Emu).people).Count | Should -Be 0
    }

    It 'deletes piped id strings and hashtables' {
        'cust-1', 'cust-2' | Remove-CioCustomer -NoBatch -Confirm:$false
        @{ id = 'cust-3' } | Remove-CioCustomer -Confirm:$false
        @(Get-CioEmulatorRequests $script:Emu | ForEach-Object path | Sort-Object) |
            Should -Be @('/api/v1/customers/cust-1', '/api/v1/customers/cust-2', '/api/v1/customers/cust-3')
    }

    It 'refuses a record without an id, naming it, and sends the rest' {
        $rows = @([pscustomobject]@{ customer_id = 'cust-1' }, [pscustomobject]@{ customer_id = '' })
        $rows | Remove-CioCustomer -NoBatch -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'IdentifierMissing,*'
        $errs[0].TargetObject.customer_id | Should -Be ''
        @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 1
    }

    It '-WhatIf sends nothing and names the person' {
        Set-CioCustomer -Id 'cust-1' -Email 'cust-1@example.com'
        $since = Get-LastSeq
        $out = Get-HostOutput { [pscustomobject]@{ customer_id = 'cust-1' } | Remove-CioCustomer -WhatIf }
        @(Get-CioEmulatorRequests $script:Emu -Since $since).Count | Should -Be 0
        $out | Should -BeLike "*Whatif:*delete(DELETE/api/v1/customers/cust-1)*person'cust-1'*"
        Get-CioEmulatorPerson $script:Emu 'cust-1' | Should -Not -BeNullOrEmpty
    }

    It '-PassThru returns a result per record' {
        $r = Remove-CioCustomer -Id 'cust-1' -Confirm:$false -PassThru
        $r.Succeeded | Should -BeTrue
        $r.Action | Should -Be 'delete'
        $r.Identifier | Should -Be 'cust-1'
        $r.Request | Should -Be 'DELETE /api/v1/customers/cust-1'
        $r.StatusCode | Should -Be 200
    }

    It '-AsOperation emits the v2 delete item and sends nothing' {
        $op = Remove-CioCustomer -Id 'cust-1' -AsOperation
        ConvertTo-CanonicalJson ($op | ConvertTo-Json -Depth 10 -Compress) |
            Should -BeExactly (ConvertTo-CanonicalJson '{"type":"person","identifiers":{"id":"cust-1"},"action":"delete"}')
        @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
    }
}

Describe 'Add-CioSuppression' {
    BeforeEach { Reset-CioEmulator $script:Emu }

    It 'sends POST /api/v1/customers/{id}/suppress with {}; the person is deleted and cannot be identified again' {
        Set-CioCustomer -Id 'cust-1' -Email 'cust-1@example.com'
        $since = Get-LastSeq
        Add-CioSuppression -Id 'cust-1' -Confirm:$false
        $sent = @(Get-CioEmulatorRequests $script:Emu -Since $since)
        $sent.Count | Should -Be 1
        Assert-Request $sent[0] -Method POST -Path '/api/v1/customers/cust-1/suppress' -Body '{}'
        $state = Get-CioEmulatorState $script:Emu
        @($state.suppressed) | Should -Be @('cust-1')
        @($state.people).Count | Should -Be 0
        Set-CioCustomer -Id 'cust-1' -Email 'again@example.com'
        Get-CioEmulatorPerson $script:Emu 'cust-1' | Should -BeNullOrEmpty
    }

    It 'declares ConfirmImpact High' {
        Get-ConfirmImpact Add-CioSuppression | Should -Be 'High'
    }

    It 'suppresses piped CSV rows; a blank id is refused and the rest sent' {
        $rows = Import-TestCsv 'suppress.csv' "id,reason`ncust-1,spam`n   ,x`ncust-3,bounce"
        $rows | Add-CioSuppression -NoBatch -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'IdentifierMissing,*AddCioSuppressionCommand'
        [object]::ReferenceEquals($errs[0].TargetObject, $rows[1]) | Should -BeTrue
        @((Get-CioEmulatorState $script:Emu).suppressed | Sort-Object) | Should -Be @('cust-1', 'cust-3')
    }

    It '-WhatIf sends nothing' {
        $out = Get-HostOutput { Add-CioSuppression -Id 'cust-1' -WhatIf }
        @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
        $out | Should -BeLike "*Whatif:*suppress(POST/api/v1/customers/cust-1/suppress{})*person'cust-1'*"
    }

    It '-AsOperation emits the v2 suppress item' {
        $op = Add-CioSuppression -Id 'cio_abc123' -AsOperation
        ConvertTo-CanonicalJson ($op | ConvertTo-Json -Depth 10 -Compress) |
            Should -BeExactly (ConvertTo-CanonicalJson '{"type":"person","identifiers":{"cio_id":"abc123"},"action":"suppress"}')
    }
}

Describe 'Remove-CioSuppression' {
    BeforeEach { Reset-CioEmulator $script:Emu }

    It 'sends POST /api/v1/customers/{id}/unsuppress with {}; the id can be identified again' {
        Add-CioSuppression -Id 'cust-1' -Confirm:$false
        $since = Get-LastSeq
        Remove-CioSuppression -Id 'cust-1'
        $sent = @(Get-CioEmulatorRequests $script:Emu -Since $since)
        $sent.Count | Should -Be 1
        Assert-Request $sent[0] -Method POST -Path '/api/v1/customers/cust-1/unsuppress' -Body '{}'
        @((Get-CioEmulatorState $script:Emu).suppressed).Count | Should -Be 0
        Set-CioCustomer -Id 'cust-1' -Email 'back@example.com'
        (Get-CioEmulatorPerson $script:Emu 'cust-1').email | Should -Be 'back@example.com'
    }

    It 'unsuppresses piped ids' {
        'cust-1', 'cust-2', 'cust-3' | Add-CioSuppression -NoBatch -Confirm:$false
        'cust-1', 'cust-3' | Remove-CioSuppression -NoBatch
        @((Get-CioEmulatorState $script:Emu).suppressed) | Should -Be @('cust-2')
    }

    It '-WhatIf sends nothing' {
        Remove-CioSuppression -Id 'cust-1' -WhatIf
        @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
    }

    It '-AsOperation emits the v2 unsuppress item' {
        $op = Remove-CioSuppression -Id 'cust-1' -AsOperation
        $op.action | Should -Be 'unsuppress'
        $op.identifiers.id | Should -Be 'cust-1'
    }
}

Describe 'Person actions in v2 batches (piped without -NoBatch)' {
    BeforeAll { $script:HasV2 = Test-EmulatorV2 }
    BeforeEach { Reset-CioEmulator $script:Emu }

    It 'packs piped deletes, suppressions and unsuppressions into v2 batch items the emulator applies' {
        if (-not $script:HasV2) { Set-ItResult -Skipped -Because 'the emulator does not serve /api/v2/batch'; return }
        foreach ($id in 'cust-1', 'cust-2', 'cust-3', 'cust-4') { Set-CioCustomer -Id $id -Email "$id@example.com" }
        $since = Get-LastSeq
        'cust-1', 'cust-2' | Remove-CioCustomer -Confirm:$false
        'cust-3', 'cust-4' | Add-CioSuppression -Confirm:$false
        'cust-4', 'cust-9' | Remove-CioSuppression
        $items = @(Get-BatchItem -Since $since)
        $items.Count | Should -BeGreaterThan 1 -Because 'piped records go in v2 batches'
        foreach ($item in $items) {
            $item.type | Should -Be 'person'
            $item.action | Should -BeIn @('delete', 'suppress', 'unsuppress')
            $item.identifiers.id | Should -Match '^cust-\d$'
        }
        $state = Get-CioEmulatorState $script:Emu
        @($state.people).Count | Should -Be 0
        @($state.suppressed) | Should -Be @('cust-3')
    }
}
