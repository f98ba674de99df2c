# Every request the cmdlets can make, alone and batched, checked against Customer.io's own OpenAPI
# file for the Track API (the oracle: path, method, path parameter types, body schema with its
# required fields, enums and shapes), and accepted by the emulator, which keeps its own copy of
# the rules. Also: the workspace's identifier setting, so a record reaches the same person alone
# or batched under either setting.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot OpenApiContract.psm1) -Force
    # The file is Customer.io's, read where it lies (never copied here); without it the file checks are skipped, not passed.
    $script:NoContractFile = -not (Find-CioOpenApiFile)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot TestHelpers.psm1) -Force
    Import-Module (Join-Path $PSScriptRoot OpenApiContract.psm1) -Force
    Import-CioModuleUnderTest
    $script:Doc = if (Find-CioOpenApiFile) { Get-CioOpenApiDocument }
    $script:Emu = Start-CioEmulator
    Connect-CioEmulator $script:Emu -Extra @{ RequestsPerSecond = 0 }

    # Each request the emulator received since the reset, with what the file says is wrong with it.
    function script:Get-ContractViolations {
        $requests = Get-CioEmulatorRequests $script:Emu
        foreach ($r in $requests) {
            $path = if ($r.query) { "$($r.path)?$($r.query.TrimStart('?'))" } else { $r.path }
            foreach ($v in Test-CioOpenApiRequest -Document $script:Doc -Method $r.method -Path $path -Body $r.body) {
                "$($r.method) $($r.path): $v"
            }
            if ($r.status -notin 200, 204) { "$($r.method) $($r.path) answered $($r.status): $($r.body)" }
        }
    }

    $script:People = { Set-CioCustomer -Id 'c1' -Email 'c1@example.com'; Set-CioCustomer -Id 'c2'; Set-CioCustomer -Id 'c3' }
    # The requests to one path.
    function script:Get-RequestsTo([string] $Path) {
        $requests = Get-CioEmulatorRequests $script:Emu
        @($requests | Where-Object path -eq $Path)
    }

    $script:Rows = { 1..3 | ForEach-Object { [pscustomobject]@{ id = "c$_"; email = "c$_@example.com"; plan = 'pro'; created_at = '2024-01-02T03:04:05Z' } } }
}

AfterAll {
    Disconnect-CioTrack
    Stop-CioEmulator $script:Emu
}

Describe 'Contract: every request the cmdlets make keeps the published file' -Skip:$script:NoContractFile {
    BeforeEach { Reset-CioEmulator $script:Emu }

    It '<Name>, alone and batched' -TestCases @(
        @{ Name = 'Set-CioCustomer'; Alone = { Set-CioCustomer -Id 'c1' -Email 'c1@example.com' -Attributes @{ plan = 'pro' } -CreatedAt ([datetime]'2024-01-02') }
           Batched = { & $script:Rows | Set-CioCustomer } }
        @{ Name = 'Set-CioCustomer -UpdateOnly'; Alone = { & $script:People; Set-CioCustomer -Id 'c1' -Attributes @{ plan = 'team' } -UpdateOnly }
           Batched = { & $script:People; & $script:Rows | Set-CioCustomer -UpdateOnly } }
        @{ Name = 'Remove-CioCustomer'; Alone = { & $script:People; Remove-CioCustomer -Id 'c1' -Confirm:$false }
           Batched = { & $script:People; 'c1', 'c2', 'c3' | Remove-CioCustomer -Confirm:$false } }
        @{ Name = 'Add-CioSuppression'; Alone = { & $script:People; Add-CioSuppression -Id 'c1' -Confirm:$false }
           Batched = { & $script:People; 'c1', 'c2', 'c3' | Add-CioSuppression -Confirm:$false } }
        @{ Name = 'Remove-CioSuppression'; Alone = { & $script:People; Remove-CioSuppression -Id 'c1' }
           Batched = { & $script:People; 'c1', 'c2', 'c3' | Remove-CioSuppression } }
        @{ Name = 'Send-CioEvent (person, page, screen)'; Alone = { Send-CioEvent -Id 'c1' -Name 'purchase' -Data @{ amount = 42.5 } -Timestamp ([datetime]'2024-01-02') }
           Batched = { @([pscustomobject]@{ id = 'c1'; name = 'purchase'; amount = 1 }, [pscustomobject]@{ id = 'c2'; name = '/pricing'; type = 'page' },
                         [pscustomobject]@{ id = 'c3'; name = 'Home'; type = 'screen' }) | Send-CioEvent } }
        @{ Name = 'Add-CioDevice'; Alone = { Add-CioDevice -Id 'c1' -DeviceId 'tok-1' -Platform ios -LastUsed ([datetime]'2024-01-02') -Attributes @{ app_version = '1.2' } }
           Batched = { 1..3 | ForEach-Object { [pscustomobject]@{ id = "c$_"; device_id = "tok-$_"; platform = 'Android' } } | Add-CioDevice } }
        @{ Name = 'Remove-CioDevice'; Alone = { Add-CioDevice -Id 'c1' -DeviceId 'tok-1' -Platform ios; Remove-CioDevice -Id 'c1' -DeviceId 'tok-1' }
           Batched = { 1..3 | ForEach-Object { [pscustomobject]@{ id = "c$_"; device_id = "tok-$_" } } | Remove-CioDevice } }
        @{ Name = 'Merge-CioCustomer'; Alone = { & $script:People; Merge-CioCustomer -Primary 'c1' -Secondary 'c2' -Confirm:$false }
           Batched = { & $script:People; @([pscustomobject]@{ primary = 'c1'; secondary = 'c2' }, [pscustomobject]@{ primary = 'c1'; secondary = 'c3@example.com'; secondary_type = 'email' }) | Merge-CioCustomer -Confirm:$false } }
        @{ Name = 'Set-CioObject'; Alone = { Set-CioObject -ObjectTypeId '1' -ObjectId 'acme' -Attributes @{ name = 'Acme' } -Relationship @{ identifiers = @{ id = 'c1' } } }
           Batched = { 1..3 | ForEach-Object { [pscustomobject]@{ object_type_id = '1'; object_id = "acme-$_"; seats = $_ } } | Set-CioObject } }
        @{ Name = 'Remove-CioObject'; Alone = { Set-CioObject -ObjectTypeId '1' -ObjectId 'acme'; Remove-CioObject -ObjectTypeId '1' -ObjectId 'acme' -Confirm:$false }
           Batched = { 1..3 | ForEach-Object { [pscustomobject]@{ object_type_id = '1'; object_id = "acme-$_" } } | Remove-CioObject -Confirm:$false } }
        @{ Name = 'Add-CioRelationship'; Alone = { Set-CioObject -ObjectTypeId '1' -ObjectId 'acme'; Add-CioRelationship -Id 'c1' -ObjectTypeId '1' -ObjectId 'acme' -RelationshipAttributes @{ role = 'admin' } }
           Batched = { Set-CioObject -ObjectTypeId '1' -ObjectId 'acme'; 1..3 | ForEach-Object { [pscustomobject]@{ id = "c$_"; object_type_id = '1'; object_id = 'acme'; role = 'member' } } | Add-CioRelationship } }
        @{ Name = 'Remove-CioRelationship'; Alone = { Remove-CioRelationship -Id 'c1' -ObjectTypeId '1' -ObjectId 'acme' }
           Batched = { 1..3 | ForEach-Object { [pscustomobject]@{ id = "c$_"; object_type_id = '1'; object_id = 'acme' } } | Remove-CioRelationship } }
        @{ Name = 'Send-CioEntity (a delivery event)'; Alone = { Send-CioEntity -Type delivery -Action event -Identifiers @{ id = 'dlv-1' } -Name opened -Attributes @{ device_token = 'tok-1' } }
           Batched = { 1..3 | ForEach-Object { @{ type = 'delivery'; action = 'event'; identifiers = @{ id = "dlv-$_" }; name = 'delivered'; attributes = @{ device_token = 'tok-1' } } } | Invoke-CioBatch } }
        @{ Name = 'Invoke-CioBatch (mixed)'; Alone = { Set-CioCustomer -Id 'c1' -AsOperation | Invoke-CioBatch }
           Batched = { @(Set-CioCustomer -Id 'c1' -Email 'c1@example.com' -AsOperation; Send-CioEvent -Id 'c1' -Name 'signed_up' -AsOperation
                         Set-CioObject -ObjectTypeId '1' -ObjectId 'acme' -AsOperation; Add-CioRelationship -Id 'c1' -ObjectTypeId '1' -ObjectId 'acme' -AsOperation
                         Add-CioDevice -Id 'c1' -DeviceId 'tok-1' -Platform ios -AsOperation; Merge-CioCustomer -Primary 'c1' -Secondary 'c9' -AsOperation) | Invoke-CioBatch } }
    ) {
        param($Name, $Alone, $Batched)
        & $Alone -ErrorAction Stop
        $sent = Get-CioEmulatorRequests $script:Emu
        $sent.Count | Should -BeGreaterThan 0
        Get-ContractViolations | Should -BeNullOrEmpty -Because 'alone, every request keeps the file'

        Reset-CioEmulator $script:Emu
        & $Batched -ErrorAction Stop
        (Get-RequestsTo '/api/v2/batch').Count | Should -BeGreaterThan 0 -Because 'several records are batched'
        Get-ContractViolations | Should -BeNullOrEmpty -Because 'batched, every request keeps the file'
    }

    It '<Name> (no v2 form: sent alone)' -TestCases @(
        @{ Name = 'Add-CioSegmentMember'; Send = { 'c1', 'c2' | Add-CioSegmentMember -SegmentId 7; 'c1@example.com' | Add-CioSegmentMember -SegmentId 7 -IdType email } }
        @{ Name = 'Remove-CioSegmentMember'; Send = { 'c1', 'c2' | Remove-CioSegmentMember -SegmentId 7 } }
        @{ Name = 'Send-CioMetric (every metric of the file)'; Send = {
            'bounced', 'clicked', 'converted', 'deferred', 'delivered', 'dropped', 'opened', 'spammed' | ForEach-Object {
                Send-CioMetric -DeliveryId "dlv-$_" -Metric $_ -Timestamp ([datetime]'2024-01-02') -Recipient 'c1@example.com' } } }
        @{ Name = 'Send-CioEvent (anonymous: v1 only)'; Send = { 1..3 | ForEach-Object { [pscustomobject]@{ anonymous_id = "anon-$_"; name = 'visited'; page = '/pricing' } } | Send-CioEvent } }
        @{ Name = 'Send-CioPushMetric'; Send = { Send-CioPushMetric -DeliveryId 'dlv-1' -Event opened -DeviceId 'tok-1' -Timestamp ([datetime]'2024-01-02') } }
        @{ Name = 'Send-CioUnsubscribe'; Send = { Send-CioUnsubscribe -DeliveryId 'dlv-1' } }
        @{ Name = 'Submit-CioForm'; Send = { Submit-CioForm -FormId 'signup' -Data @{ email = 'c1@example.com'; name = 'C'; age = 42 } } }
    ) {
        param($Name, $Send)
        & $Send -ErrorAction Stop
        $sent = Get-CioEmulatorRequests $script:Emu
        $sent.Count | Should -BeGreaterThan 0
        Get-ContractViolations | Should -BeNullOrEmpty
    }

    It 'the oracle is not blind: a body the file forbids is reported' {
        $bad = Test-CioOpenApiRequest -Document $script:Doc -Method POST -Path '/api/v1/metrics' -Body '{"delivery_id":"d","metric":"sent"}'
        $bad | Should -Match "'sent'; the file allows bounced, clicked"
        Test-CioOpenApiRequest -Document $script:Doc -Method POST -Path '/api/v1/segments/vip/add_customers' -Body '{"ids":["a"]}' |
            Should -Match 'segment_id'
        Test-CioOpenApiRequest -Document $script:Doc -Method POST -Path '/api/v2/batch' -Body '{"batch":[{"type":"delivery","action":"event","identifiers":{"id":"d"},"name":"clicked"}]}' |
            Should -Not -BeNullOrEmpty
    }
}

Describe 'Contract: who a record reaches is the workspace''s identifier setting (Connect-CioTrack -PeopleIdentifiedBy)' {
    AfterEach {
        Set-CioEmulatorConfig $script:Emu -PeopleIdentifiedBy EmailOrId | Out-Null
        Connect-CioEmulator $script:Emu -Extra @{ RequestsPerSecond = 0 }
    }

    It 'EmailOrId (the default, what new workspaces use): an id with an @ names the person by email, alone and batched' {
        Reset-CioEmulator $script:Emu
        (Get-CioTrackConnection).PeopleIdentifiedBy | Should -Be 'EmailOrId'
        Set-CioCustomer -Id 'ann@example.com' -Attributes @{ plan = 'pro' }
        'ann@example.com', 'bob@example.com' | Set-CioCustomer
        $batch = (Get-RequestsTo '/api/v2/batch')[0].body | ConvertFrom-Json
        $batch.batch[0].identifiers.email | Should -Be 'ann@example.com'
        $state = Get-CioEmulatorState $script:Emu
        @($state.people).Count | Should -Be 2 -Because 'alone and batched reach the same person'
        (Get-CioEmulatorPerson $script:Emu 'ann@example.com').attributes.plan | Should -Be 'pro'
    }

    It 'IdOnly: an @ is part of the id, alone and batched, and the emulator (set id-only) keeps one person' {
        Reset-CioEmulator $script:Emu
        Set-CioEmulatorConfig $script:Emu -PeopleIdentifiedBy IdOnly | Out-Null
        Connect-CioEmulator $script:Emu -Extra @{ RequestsPerSecond = 0; PeopleIdentifiedBy = 'IdOnly' }
        Set-CioCustomer -Id 'ann@example.com' -Attributes @{ plan = 'pro' }
        'ann@example.com', 'bob@example.com' | Set-CioCustomer
        $batch = (Get-RequestsTo '/api/v2/batch')[0].body | ConvertFrom-Json
        $batch.batch[0].identifiers.id | Should -Be 'ann@example.com'
        $batch.batch[0].identifiers.PSObject.Properties.Name | Should -Not -Contain 'email'
        @((Get-CioEmulatorState $script:Emu).people).Count | Should -Be 2
        $requests = Get-CioEmulatorRequests $script:Emu
        @($requests.status | Where-Object { $_ -ne 200 }) | Should -BeNullOrEmpty
    }

    It 'IdOnly: naming a person by email is refused before sending, naming the field and the setting' {
        Connect-CioEmulator $script:Emu -Extra @{ RequestsPerSecond = 0; PeopleIdentifiedBy = 'IdOnly' }
        Reset-CioEmulator $script:Emu
        Set-CioCustomer -Email 'ann@example.com' -ErrorVariable errs -ErrorAction SilentlyContinue
        'ann@example.com' | Add-CioSegmentMember -SegmentId 7 -IdType email -ErrorVariable +errs -ErrorAction SilentlyContinue
        Send-CioEntity -Type person -Action identify -Identifiers @{ email = 'ann@example.com' } -ErrorVariable +errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 3
        $errs | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'IdentifierNotInWorkspace,*' }
        $errs[0].Exception.Message | Should -Match "'email' names the person by email.*-PeopleIdentifiedBy IdOnly"
        $sent = Get-CioEmulatorRequests $script:Emu
        @($sent).Count | Should -Be 0 -Because "nothing is sent ($($sent.method) $($sent.path) $($sent.body))"
    }

    It 'the emulator set id-only refuses an email identifier as the service would' {
        Reset-CioEmulator $script:Emu
        Set-CioEmulatorConfig $script:Emu -PeopleIdentifiedBy IdOnly | Out-Null
        $auth = @{ Authorization = Get-CioEmulatorBasicAuth $script:Emu }
        $r = Invoke-WebRequest -Uri "$($script:Emu.Url)/api/v2/entity" -Method POST -Headers $auth -ContentType 'application/json' -SkipHttpErrorCheck `
            -Body '{"type":"person","identifiers":{"email":"ann@example.com"},"action":"identify","attributes":{}}'
        $r.StatusCode | Should -Be 400
        $r.Content | Should -Match 'email is not an identifier in this workspace'
    }
}
