# Add-CioSegmentMember and Remove-CioSegmentMember against the emulator: piped ids are
# collected per segment and sent at most 1000 a request; the exact requests, the segment's members,
# CSV input, id_type, limits, -WhatIf.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot TestHelpers.psm1) -Force
    . (Join-Path $PSScriptRoot V1.Common.ps1)
    Import-CioModuleUnderTest
    $script:Emu = Start-CioEmulator
    Connect-CioEmulator $script:Emu

    function script:Get-SegmentMembers([string] $SegmentId) {
        $segments = (Get-CioEmulatorState $script:Emu).segments
        $p = $segments.psobject.Properties[$SegmentId]
        if ($p) { @($p.Value) } else { @() }
    }
}

AfterAll {
    Disconnect-CioTrack -ErrorAction Ignore
    Stop-CioEmulator $script:Emu
}

Describe 'Add-CioSegmentMember' {
    BeforeEach { Reset-CioEmulator $script:Emu }

    It 'sends piped ids in one request: POST /api/v1/segments/7/add_customers {"ids":["cust-1","cust-4"]}' {
        'cust-1', 'cust-4' | Add-CioSegmentMember -SegmentId 7
        $sent = @(Get-CioEmulatorRequests $script:Emu)
        $sent.Count | Should -Be 1
        Assert-Request $sent[0] -Method POST -Path '/api/v1/segments/7/add_customers' -Body '{"ids":["cust-1","cust-4"]}'
        Get-SegmentMembers '7' | Should -Be @('cust-1', 'cust-4')
    }

    It 'sends -Id from the command line and ?id_type= only when -IdType is given' {
        Add-CioSegmentMember -SegmentId 7 -Id 'a@example.com', 'b@example.com' -IdType email
        Add-CioSegmentMember 8 cust-1
        $sent = @(Get-CioEmulatorRequests $script:Emu)
        $sent.Count | Should -Be 2
        Assert-Request $sent[0] -Method POST -Path '/api/v1/segments/7/add_customers' -Query 'id_type=email' -Body '{"ids":["a@example.com","b@example.com"]}'
        Assert-Request $sent[1] -Method POST -Path '/api/v1/segments/8/add_customers' -Body '{"ids":["cust-1"]}'
    }

    It 'collects a CSV per segment (segment_id, customer_id columns); a too long id is refused, the rest sent' {
        $long = 'L' * 151
        $rows = Import-TestCsv 'members.csv' @"
segment_id,customer_id
7,cust-1
8,cust-2
7,$long
7,cust-3
8,cust-4
"@
        $rows | Add-CioSegmentMember -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'IdentifierTooLong,*AddCioSegmentMemberCommand'
        $errs[0].Exception.Message | Should -Match "^Record 3 \('7'\): 'id' is 151 bytes; the limit is 150 bytes"
        [object]::ReferenceEquals($errs[0].TargetObject, $rows[2]) | Should -BeTrue
        $sent = @(Get-CioEmulatorRequests $script:Emu | Sort-Object path)
        $sent.Count | Should -Be 2
        Assert-Request $sent[0] -Method POST -Path '/api/v1/segments/7/add_customers' -Body '{"ids":["cust-1","cust-3"]}'
        Assert-Request $sent[1] -Method POST -Path '/api/v1/segments/8/add_customers' -Body '{"ids":["cust-2","cust-4"]}'
        Get-SegmentMembers '7' | Should -Be @('cust-1', 'cust-3')
        Get-SegmentMembers '8' | Should -Be @('cust-2', 'cust-4')
    }

    It 'refuses -Id with a bad id whole, with the command line''s ids as the error''s TargetObject' {
        Add-CioSegmentMember -SegmentId 7 -Id 'cust-1', ('L' * 151) -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'IdentifierTooLong,*AddCioSegmentMemberCommand'
        $errs[0].TargetObject | Should -Be @('cust-1', ('L' * 151))
        @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0 -Because 'nothing of a refused record is sent'
    }

    It 'sends at most 1000 ids a request: 2500 ids are 3 requests (1000, 1000, 500)' {
        $ids = 1..2500 | ForEach-Object { "cust-$_" }
        $ids | Add-CioSegmentMember -SegmentId 7
        $sent = @(Get-CioEmulatorRequests $script:Emu)
        $sent.Count | Should -Be 3
        $counts = @($sent | ForEach-Object { $_.status | Should -Be 200; (ConvertFrom-Json $_.body).ids.Count })
        $counts | Should -Be @(1000, 1000, 500)
        $all = @($sent | ForEach-Object { (ConvertFrom-Json $_.body).ids })
        $all | Should -Be $ids
        @(Get-SegmentMembers '7').Count | Should -Be 2500
    }

    It 'sends a full request while the input still streams' {
        $emu = $script:Emu
        $script:SeenWhileStreaming = -1
        & {
            1..1000 | ForEach-Object { "cust-$_" }
            # The 1000th id filled a request: it goes out before the input ends.
            $deadline = [DateTime]::UtcNow.AddSeconds(10)
            while ((Get-CioEmulatorRequests $emu).Count -lt 1 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            $script:SeenWhileStreaming = (Get-CioEmulatorRequests $emu).Count
            'cust-1001'
        } | Add-CioSegmentMember -SegmentId 7
        $script:SeenWhileStreaming | Should -Be 1
        $sent = @(Get-CioEmulatorRequests $script:Emu)
        $sent.Count | Should -Be 2
        (ConvertFrom-Json $sent[1].body).ids | Should -Be @('cust-1001')
    }

    It 'returns one -PassThru result per request, with the records it carried' {
        $rows = @([pscustomobject]@{ id = 'cust-1' }, [pscustomobject]@{ id = 'cust-2' })
        $r = @($rows | Add-CioSegmentMember -SegmentId 7 -PassThru)
        $r.Count | Should -Be 1
        $r[0].EntityType | Should -Be 'segment'
        $r[0].Identifier | Should -Be '7'
        $r[0].Action | Should -Be 'add_customers'
        $r[0].Succeeded | Should -BeTrue
        @($r[0].InputObject).Count | Should -Be 2
        [object]::ReferenceEquals(@($r[0].InputObject)[1], $rows[1]) | Should -BeTrue
    }

    It 'refuses <Case>' -TestCases @(
        @{ Case = 'an unknown id type'; Params = @{ SegmentId = '7'; IdType = 'phone' }; ErrorId = 'InvalidIdentifierType'; Pattern = "'id_type' is 'phone'; it must be one of id, email, cio_id" }
        @{ Case = 'a missing segment id'; Params = @{ SegmentId = ' ' }; ErrorId = 'FieldMissing'; Pattern = "'segment_id' is empty" }
    ) {
        param($Case, $Params, $ErrorId, $Pattern)
        'cust-1' | Add-CioSegmentMember @Params -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $errs[0].Exception.Message | Should -Match $Pattern
        @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
    }

    It '-WhatIf sends nothing and names the segment' {
        $out = Get-HostOutput { 'cust-1', 'cust-4' | Add-CioSegmentMember -SegmentId 7 -WhatIf }
        @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
        $out | Should -Match ([regex]::Escape('Whatif:Performingtheoperation"add_customers(POST/api/v1/segments/7/add_customers{"ids":["cust-1","cust-4"]})"ontarget"segment''7''"'))
    }

    It 'completes -IdType' {
        $line = 'Add-CioSegmentMember -IdType e'
        @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) | Should -Be @('email')
    }
}

Describe 'Remove-CioSegmentMember' {
    BeforeEach { Reset-CioEmulator $script:Emu }

    It 'sends POST /api/v1/segments/7/remove_customers {"ids":[...]}; the members are gone' {
        'cust-1', 'cust-2', 'cust-3' | Add-CioSegmentMember -SegmentId 7
        $since = Get-LastSeq
        $rows = Import-TestCsv 'remove.csv' "segment_id,id`n7,cust-1`n7,cust-3"
        $rows | Remove-CioSegmentMember
        $sent = @(Get-CioEmulatorRequests $script:Emu -Since $since)
        $sent.Count | Should -Be 1
        Assert-Request $sent[0] -Method POST -Path '/api/v1/segments/7/remove_customers' -Body '{"ids":["cust-1","cust-3"]}'
        Get-SegmentMembers '7' | Should -Be @('cust-2')
    }

    It 'sends ?id_type=cio_id when asked' {
        Remove-CioSegmentMember -SegmentId 7 -Id a1, b2 -IdType cio_id
        Assert-Request @(Get-CioEmulatorRequests $script:Emu)[0] -Method POST -Path '/api/v1/segments/7/remove_customers' -Query 'id_type=cio_id' -Body '{"ids":["a1","b2"]}'
    }

    It '-WhatIf sends nothing' {
        'cust-1' | Remove-CioSegmentMember -SegmentId 7 -WhatIf
        @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
    }
}
