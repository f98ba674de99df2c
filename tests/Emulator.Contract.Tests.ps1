# The emulator decides as the contract file (journeys-track.openapi.json) says: raw HTTP to it, its answer
# and its state asserted. Each test names the contract fact it checks.
Describe 'Emulator decides as the contract file says' {
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot TestHelpers.psm1) -Force
    $script:Emu = Start-CioEmulator
    $script:Auth = Get-CioEmulatorBasicAuth $script:Emu

    function script:Send-Raw([string] $Method, [string] $Path, $Body, [string] $Authorization = $script:Auth) {
        $headers = @{}
        if ($Authorization) { $headers.Authorization = $Authorization }
        $p = @{ Uri = $script:Emu.Url + $Path; Method = $Method; Headers = $headers; SkipHttpErrorCheck = $true; TimeoutSec = 30 }
        if ($null -ne $Body) {
            $p.Body = if ($Body -is [string]) { $Body } else { $Body | ConvertTo-Json -Depth 20 -Compress }
            $p.ContentType = 'application/json'
        }
        Invoke-WebRequest @p
    }
}
AfterAll { Stop-CioEmulator $script:Emu }
BeforeEach { Reset-CioEmulator $script:Emu }

Describe 'Contract: /api/v1/metrics metric enum is bounced, clicked, converted, deferred, delivered, dropped, opened, spammed' {
    It 'accepts <_>' -ForEach @('bounced', 'clicked', 'converted', 'deferred', 'delivered', 'dropped', 'opened', 'spammed') {
        (Send-Raw POST '/api/v1/metrics' @{ delivery_id = 'dlv-1'; metric = $_ }).StatusCode | Should -Be 200
    }
    It 'refuses <_>, which is not in the enum' -ForEach @('sent', 'unsubscribed', 'failed', 'undeliverable', 'human_clicked', 'bot_clicked') {
        (Send-Raw POST '/api/v1/metrics' @{ delivery_id = 'dlv-1'; metric = $_ }).StatusCode | Should -Be 400
    }
    It 'needs no credentials (the file lists no security for it)' {
        (Send-Raw POST '/api/v1/metrics' @{ delivery_id = 'dlv-1'; metric = 'opened' } -Authorization '').StatusCode | Should -Be 200
    }
}

Describe 'Contract: v2 delivery event name is opened|converted|delivered and attributes.device_token is required' {
    It 'accepts name opened with attributes.device_token' {
        $r = Send-Raw POST '/api/v2/entity' @{ type = 'delivery'; action = 'event'; identifiers = @{ id = 'dlv-1' }; name = 'opened'; attributes = @{ device_token = 'tok' } }
        $r.StatusCode | Should -Be 200
    }
    It 'refuses name clicked' {
        $r = Send-Raw POST '/api/v2/entity' @{ type = 'delivery'; action = 'event'; identifiers = @{ id = 'dlv-1' }; name = 'clicked'; attributes = @{ device_token = 'tok' } }
        $r.StatusCode | Should -Be 400
    }
    It 'refuses a delivery event without attributes' {
        $r = Send-Raw POST '/api/v2/entity' @{ type = 'delivery'; action = 'event'; identifiers = @{ id = 'dlv-1' }; name = 'opened' }
        $r.StatusCode | Should -Be 400
        $r.Content | Should -Match 'attributes'
    }
}

Describe 'Contract: POST /unsubscribe/{delivery_id} at the host root and the deprecated POST /api/v1/push/events are served' {
    It 'answers 200 to {"unsubscribe":true} without credentials and logs the request' {
        (Send-Raw POST '/unsubscribe/dlv-9' '{"unsubscribe":true}' -Authorization '').StatusCode | Should -Be 200
        @((Get-CioEmulatorRequests $script:Emu) | Where-Object path -EQ '/unsubscribe/dlv-9').Count | Should -Be 1
    }
    It 'refuses unsubscribe that is not a boolean' {
        (Send-Raw POST '/unsubscribe/dlv-9' '{"unsubscribe":"yes"}').StatusCode | Should -Be 400
    }
    It 'accepts a push event opened and refuses event clicked' {
        (Send-Raw POST '/api/v1/push/events' @{ delivery_id = 'd'; event = 'opened'; device_id = 'tok' }).StatusCode | Should -Be 200
        (Send-Raw POST '/api/v1/push/events' @{ delivery_id = 'd'; event = 'clicked'; device_id = 'tok' }).StatusCode | Should -Be 400
    }
}

Describe 'Contract: v2 _update inside attributes never creates the person' {
    It 'answers 200 and creates nobody' {
        (Send-Raw POST '/api/v2/entity' @{ type = 'person'; action = 'identify'; identifiers = @{ id = 'ghost' }; attributes = @{ _update = $true; plan = 'pro' } }).StatusCode | Should -Be 200
        Get-CioEmulatorPerson $script:Emu 'ghost' | Should -BeNullOrEmpty
    }
}

Describe 'Contract: merge needs an existing primary, else it does nothing' {
    It 'leaves the secondary alone and creates no primary' {
        (Send-Raw PUT '/api/v1/customers/second' @{ plan = 'pro' }).StatusCode | Should -Be 200
        (Send-Raw POST '/api/v1/merge_customers' @{ primary = @{ id = 'first' }; secondary = @{ id = 'second' } }).StatusCode | Should -Be 200
        Get-CioEmulatorPerson $script:Emu 'first' | Should -BeNullOrEmpty
        Get-CioEmulatorPerson $script:Emu 'second' | Should -Not -BeNullOrEmpty
    }
}

Describe 'Contract: Basic auth accepts URL-safe Base64 (the official Go client sends it)' {
    It 'accepts the URL-safe, unpadded form of the credentials' {
        $std = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("$($script:Emu.SiteId):$($script:Emu.ApiKey)"))
        $urlSafe = $std.Replace('+', '-').Replace('/', '_').TrimEnd('=')
        (Send-Raw GET '/api/v1/accounts/region' -Authorization "Basic $urlSafe").StatusCode | Should -Be 200
        (Send-Raw GET '/api/v1/accounts/region' -Authorization 'Basic bm9wZTpub3Bl').StatusCode | Should -Be 401
    }
}

Describe 'Contract: segment ids hold 1 to 1000 entries' {
    It 'refuses an empty ids list' {
        (Send-Raw POST '/api/v1/segments/7/add_customers' @{ ids = @() }).StatusCode | Should -Be 400
    }
}

Describe 'Contract: a 207 may name no item (faults unindexed and metaonly)' {
    It 'unindexed answers 207 with errors lacking batch_index or carrying null' {
        $null = Add-CioEmulatorFault $script:Emu @{ kind = 'unindexed' }
        $r = Send-Raw POST '/api/v2/batch' '{"batch":[{"type":"person","action":"identify","identifiers":{"id":"a"}}]}'
        $r.StatusCode | Should -Be 207
        $errors = ($r.Content | ConvertFrom-Json).errors
        $errors[0].PSObject.Properties.Name | Should -Not -Contain 'batch_index'
        $errors[1].batch_index | Should -BeNullOrEmpty
    }
    It 'metaonly answers 207 whose body holds only meta.error' {
        $null = Add-CioEmulatorFault $script:Emu @{ kind = 'metaonly'; reason = 'boom' }
        $r = Send-Raw POST '/api/v2/batch' '{"batch":[{"type":"person","action":"identify","identifiers":{"id":"a"}}]}'
        $r.StatusCode | Should -Be 207
        ($r.Content | ConvertFrom-Json).meta.error | Should -Be 'boom'
    }
}
}
