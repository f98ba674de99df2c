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
Describe 'Contract: merge folds into the primary what the file lists, then deletes the secondary' {
    BeforeEach {
        $script:Now = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
        $null = Send-Raw PUT '/api/v1/customers/keep' @{ plan = 'pro'; city = ''; email = 'keep@example.com' }
        $null = Send-Raw PUT '/api/v1/customers/old' @{ plan = 'free'; city = 'Oslo'; tier = 'gold' }
    }
    It 'attributes the primary lacks or has empty come from the secondary; the primary''s values win' {
        (Send-Raw POST '/api/v1/merge_customers' @{ primary = @{ id = 'keep' }; secondary = @{ id = 'old' } }).StatusCode | Should -Be 200
        $p = Get-CioEmulatorPerson $script:Emu 'keep'
        $p.attributes.plan | Should -Be 'pro'
        $p.attributes.city | Should -Be 'Oslo' -Because 'an empty value on the primary counts as not set'
        $p.attributes.tier | Should -Be 'gold'
    }
    It 'the secondary is deleted' {
        $null = Send-Raw POST '/api/v1/merge_customers' @{ primary = @{ id = 'keep' }; secondary = @{ id = 'old' } }
        Get-CioEmulatorPerson $script:Emu 'old' | Should -BeNullOrEmpty
        @((Get-CioEmulatorState $script:Emu).people).Count | Should -Be 1
    }
    It 'only the secondary''s events of the last 30 days move (older ones go with it)' {
        $null = Send-Raw POST '/api/v1/customers/old/events' @{ name = 'recent'; id = 'e-recent'; timestamp = $script:Now - 86400 }
        $null = Send-Raw POST '/api/v1/customers/old/events' @{ name = 'untimed'; id = 'e-untimed' }
        $null = Send-Raw POST '/api/v1/customers/old/events' @{ name = 'ancient'; id = 'e-ancient'; timestamp = $script:Now - 31 * 86400 }
        $null = Send-Raw POST '/api/v1/merge_customers' @{ primary = @{ id = 'keep' }; secondary = @{ id = 'old' } }
        @((Get-CioEmulatorPerson $script:Emu 'keep').events.id | Sort-Object) | Should -Be @('e-recent', 'e-untimed')
    }
    It 'manual segment memberships the primary lacks move to it (each segment holds it once)' {
        $null = Send-Raw POST '/api/v1/segments/7/add_customers' @{ ids = @('old') }
        $null = Send-Raw POST '/api/v1/segments/8/add_customers' @{ ids = @('keep', 'old') }
        $null = Send-Raw POST '/api/v1/merge_customers' @{ primary = @{ id = 'keep' }; secondary = @{ id = 'old' } }
        $segments = (Get-CioEmulatorState $script:Emu).segments
        @($segments.'7') | Should -Be @('keep')
        @($segments.'8') | Should -Be @('keep')
    }
    It 'devices move to the primary' {
        $null = Send-Raw PUT '/api/v1/customers/old/devices' @{ device = @{ id = 'tok-9'; platform = 'ios' } }
        $null = Send-Raw POST '/api/v2/entity' @{ type = 'person'; action = 'merge'; primary = @{ email = 'keep@example.com' }; secondary = @{ id = 'old' } }
        @((Get-CioEmulatorPerson $script:Emu 'keep').devices.id) | Should -Be @('tok-9')
    }
}

Describe 'Contract: anonymous events - anonymous_id is optional; events link to a person only when at most 30 days old' {
    BeforeEach { $script:Now = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds() }
    It 'accepts an anonymous event without anonymous_id (it is kept, never linked)' {
        (Send-Raw POST '/api/v1/events' @{ name = 'visited' }).StatusCode | Should -Be 200
        @((Get-CioEmulatorState $script:Emu).anonymous_events).Count | Should -Be 1
    }
    It 'identify with anonymous_id links the events of the last 30 days; older ones stay anonymous' {
        $null = Send-Raw POST '/api/v1/events' @{ name = 'recent'; id = 'a-recent'; anonymous_id = 'anon-1'; timestamp = $script:Now - 29 * 86400 }
        $null = Send-Raw POST '/api/v1/events' @{ name = 'old'; id = 'a-old'; anonymous_id = 'anon-1'; timestamp = $script:Now - 31 * 86400 }
        $null = Send-Raw POST '/api/v1/events' @{ name = 'untimed'; id = 'a-now'; anonymous_id = 'anon-1' }
        $null = Send-Raw PUT '/api/v1/customers/cust-1' @{ anonymous_id = 'anon-1' }
        @((Get-CioEmulatorPerson $script:Emu 'cust-1').events.id | Sort-Object) | Should -Be @('a-now', 'a-recent')
        @((Get-CioEmulatorState $script:Emu).anonymous_events.id) | Should -Be @('a-old')
    }
    It 'an event sent after the identify links at once when at most 30 days old, else stays anonymous' {
        $null = Send-Raw PUT '/api/v1/customers/cust-1' @{ anonymous_id = 'anon-2' }
        $null = Send-Raw POST '/api/v1/events' @{ name = 'late'; id = 'b-late'; anonymous_id = 'anon-2' }
        $null = Send-Raw POST '/api/v1/events' @{ name = 'stale'; id = 'b-stale'; anonymous_id = 'anon-2'; timestamp = $script:Now - 40 * 86400 }
        @((Get-CioEmulatorPerson $script:Emu 'cust-1').events.id) | Should -Be @('b-late')
        @((Get-CioEmulatorState $script:Emu).anonymous_events.id) | Should -Be @('b-stale')
    }
}

Describe 'Contract: 300 unique attributes per person, object or relationship over all calls; 100 KB per object or relationship' {
    BeforeAll {
        function script:New-Attributes([int] $From, [int] $Count, [int] $ValueBytes = 1) {
            $h = [ordered]@{}
            for ($i = $From; $i -lt $From + $Count; $i++) { $h["a$i"] = 'x' * $ValueBytes }
            $h
        }
    }
    It 'a person: a v1 identify that would make attribute 301 is refused with 400 {"meta":{"errors":[...]}}, nothing stored' {
        (Send-Raw PUT '/api/v1/customers/wide' (New-Attributes 0 200)).StatusCode | Should -Be 200
        (Send-Raw PUT '/api/v1/customers/wide' (New-Attributes 200 100)).StatusCode | Should -Be 200
        $r = Send-Raw PUT '/api/v1/customers/wide' ([ordered]@{ a0 = 'changed'; extra = 'y' })
        $r.StatusCode | Should -Be 400
        ($r.Content | ConvertFrom-Json).meta.errors[0] | Should -Match '300 unique attributes'
        $p = Get-CioEmulatorPerson $script:Emu 'wide'
        @($p.attributes.PSObject.Properties).Count | Should -Be 300
        $p.attributes.a0 | Should -Be 'x' -Because 'a refused request changes nothing'
    }
    It 'a person: changing held attributes, or removing one and adding one, stays within the limit' {
        $null = Send-Raw PUT '/api/v1/customers/wide' (New-Attributes 0 300)
        (Send-Raw PUT '/api/v1/customers/wide' @{ a0 = 'changed' }).StatusCode | Should -Be 200
        (Send-Raw PUT '/api/v1/customers/wide' '{"a1":null,"fresh":"y"}').StatusCode | Should -Be 200
        (Get-CioEmulatorPerson $script:Emu 'wide').attributes.fresh | Should -Be 'y'
    }
    It 'a person in a v2 batch: the item over the limit is refused by batch_index (207), the others applied' {
        $null = Send-Raw PUT '/api/v1/customers/wide' (New-Attributes 0 300)
        $batch = @{ batch = @(
                @{ type = 'person'; action = 'identify'; identifiers = @{ id = 'wide' }; attributes = @{ one_more = 1 } },
                @{ type = 'person'; action = 'identify'; identifiers = @{ id = 'narrow' }; attributes = @{ plan = 'pro' } }) }
        $r = Send-Raw POST '/api/v2/batch' $batch
        $r.StatusCode | Should -Be 207
        $errors = ($r.Content | ConvertFrom-Json).errors
        @($errors).Count | Should -Be 1
        $errors[0].batch_index | Should -Be 0
        $errors[0].field | Should -Be 'attributes'
        $errors[0].message | Should -Match '300 unique attributes'
        (Get-CioEmulatorPerson $script:Emu 'narrow').attributes.plan | Should -Be 'pro'
    }
    It 'an object: 300 unique attributes over all calls' {
        $op = @{ type = 'object'; action = 'identify'; identifiers = @{ object_type_id = '1'; object_id = 'acme' } }
        (Send-Raw POST '/api/v2/entity' ($op + @{ attributes = (New-Attributes 0 300) })).StatusCode | Should -Be 200
        $r = Send-Raw POST '/api/v2/entity' ($op + @{ attributes = @{ extra = 1 } })
        $r.StatusCode | Should -Be 400
        ($r.Content | ConvertFrom-Json).errors[0].message | Should -Match '300 unique attributes'
    }
    It 'an object: 100 KB of attributes over all calls' {
        $op = @{ type = 'object'; action = 'identify'; identifiers = @{ object_type_id = '1'; object_id = 'big' } }
        # 30 values of 900 bytes a call: each request stays under the 32 KB /entity limit.
        foreach ($from in 0, 30, 60) {
            (Send-Raw POST '/api/v2/entity' ($op + @{ attributes = (New-Attributes $from 30 900) })).StatusCode | Should -Be 200
        }
        $r = Send-Raw POST '/api/v2/entity' ($op + @{ attributes = (New-Attributes 90 30 900) })
        $r.StatusCode | Should -Be 400
        ($r.Content | ConvertFrom-Json).errors[0].message | Should -Match '100000 bytes'
        $obj = @((Get-CioEmulatorState $script:Emu).objects) | Where-Object object_id -EQ 'big'
        @($obj.attributes.PSObject.Properties).Count | Should -Be 90
    }
    It 'a relationship: 100 KB of relationship attributes over all calls (v1 identify cio_relationships)' {
        function New-Relate($Attributes) {
            @{ cio_relationships = @{ action = 'add_relationships'; relationships = @(
                        @{ identifiers = @{ object_type_id = '1'; object_id = 'acme' }; relationship_attributes = $Attributes }) } }
        }
        (Send-Raw PUT '/api/v1/customers/rel-1' (New-Relate (New-Attributes 0 60 900))).StatusCode | Should -Be 200
        $r = Send-Raw PUT '/api/v1/customers/rel-1' (New-Relate (New-Attributes 60 60 900))
        $r.StatusCode | Should -Be 400
        ($r.Content | ConvertFrom-Json).meta.errors[0] | Should -Match 'relationship'
    }
    It 'a relationship: 300 unique attributes over all calls (v2 add_relationships)' {
        function New-Op($Attributes) {
            @{ type = 'person'; action = 'add_relationships'; identifiers = @{ id = 'rel-2' }
                cio_relationships = @(@{ identifiers = @{ object_type_id = '1'; object_id = 'acme' }; relationship_attributes = $Attributes }) }
        }
        (Send-Raw POST '/api/v2/entity' (New-Op (New-Attributes 0 300))).StatusCode | Should -Be 200
        $r = Send-Raw POST '/api/v2/entity' (New-Op @{ extra = 1 })
        $r.StatusCode | Should -Be 400
        ($r.Content | ConvertFrom-Json).errors[0].field | Should -Be 'cio_relationships'
    }
}
Describe 'Contract: the file''s 17 paths - method, host, auth and status' {
    # Each path with a body the file accepts: answered with the file's success status; without
    # credentials 401 unless the file lists no security for it (metrics, push events, unsubscribe).
    It '<Method> <Path> answers <Status>, and <NoAuth> without credentials' -TestCases @(
        @{ Method = 'GET'; Path = '/api/v1/accounts/region'; Body = $null; Status = 200; NoAuth = 401 }
        @{ Method = 'PUT'; Path = '/api/v1/customers/p-1'; Body = '{"plan":"pro"}'; Status = 200; NoAuth = 401 }
        @{ Method = 'DELETE'; Path = '/api/v1/customers/p-1'; Body = $null; Status = 200; NoAuth = 401 }
        @{ Method = 'PUT'; Path = '/api/v1/customers/p-1/devices'; Body = '{"device":{"id":"t","platform":"ios"}}'; Status = 200; NoAuth = 401 }
        @{ Method = 'DELETE'; Path = '/api/v1/customers/p-1/devices/t'; Body = $null; Status = 200; NoAuth = 401 }
        @{ Method = 'POST'; Path = '/api/v1/customers/p-1/suppress'; Body = $null; Status = 200; NoAuth = 401 }
        @{ Method = 'POST'; Path = '/api/v1/customers/p-1/unsuppress'; Body = $null; Status = 200; NoAuth = 401 }
        @{ Method = 'POST'; Path = '/unsubscribe/dlv-1'; Body = '{"unsubscribe":true}'; Status = 200; NoAuth = 200 }
        @{ Method = 'POST'; Path = '/api/v1/customers/p-1/events'; Body = '{"name":"x"}'; Status = 200; NoAuth = 401 }
        @{ Method = 'POST'; Path = '/api/v1/events'; Body = '{"name":"x","anonymous_id":"a"}'; Status = 200; NoAuth = 401 }
        @{ Method = 'POST'; Path = '/api/v1/forms/f-1/submit'; Body = '{"data":{"email":"a@example.com"}}'; Status = 204; NoAuth = 401 }
        @{ Method = 'POST'; Path = '/api/v1/merge_customers'; Body = '{"primary":{"id":"a"},"secondary":{"id":"b"}}'; Status = 200; NoAuth = 401 }
        @{ Method = 'POST'; Path = '/api/v1/metrics'; Body = '{"delivery_id":"d","metric":"opened"}'; Status = 200; NoAuth = 200 }
        @{ Method = 'POST'; Path = '/api/v1/push/events'; Body = '{"delivery_id":"d","event":"opened","device_id":"t"}'; Status = 200; NoAuth = 200 }
        @{ Method = 'POST'; Path = '/api/v1/segments/7/add_customers'; Body = '{"ids":["a"]}'; Status = 200; NoAuth = 401 }
        @{ Method = 'POST'; Path = '/api/v1/segments/7/remove_customers'; Body = '{"ids":["a"]}'; Status = 200; NoAuth = 401 }
        @{ Method = 'POST'; Path = '/api/v2/entity'; Body = '{"type":"person","action":"identify","identifiers":{"id":"a"}}'; Status = 200; NoAuth = 401 }
        @{ Method = 'POST'; Path = '/api/v2/batch'; Body = '{"batch":[{"type":"person","action":"identify","identifiers":{"id":"a"}}]}'; Status = 200; NoAuth = 401 }
    ) {
        (Send-Raw $Method $Path $Body).StatusCode | Should -Be $Status
        (Send-Raw $Method $Path $Body -Authorization '').StatusCode | Should -Be $NoAuth
    }
    It 'the unsubscribe path lives at the host root, not under /api/v1' {
        (Send-Raw POST '/api/v1/unsubscribe/dlv-1' '{"unsubscribe":true}').StatusCode | Should -Be 404
    }
}

Describe 'Contract: request bodies and parameters as the file types them' {
    It 'forms: a submission answers 204 with no body' {
        $r = Send-Raw POST '/api/v1/forms/f-1/submit' '{"data":{"email":"a@example.com","name":"A"}}'
        $r.StatusCode | Should -Be 204
        $r.Content | Should -BeNullOrEmpty
    }
    It 'forms: data must hold an email or an id (<Case>)' -TestCases @(
        @{ Case = 'email'; Body = '{"data":{"email":"a@example.com"}}'; Status = 204 }
        @{ Case = 'id'; Body = '{"data":{"id":"cust-1"}}'; Status = 204 }
        @{ Case = 'neither'; Body = '{"data":{"name":"A"}}'; Status = 400 }
        @{ Case = 'no data'; Body = '{}'; Status = 400 }
    ) {
        (Send-Raw POST '/api/v1/forms/f-1/submit' $Body).StatusCode | Should -Be $Status
    }
    It 'forms: every value is a string, else 400 {"meta":{"errors":[...]}} naming the value' {
        $r = Send-Raw POST '/api/v1/forms/f-1/submit' '{"data":{"email":"a@example.com","age":42}}'
        $r.StatusCode | Should -Be 400
        ($r.Content | ConvertFrom-Json).meta.errors[0] | Should -Match "'age' must be a string"
        @((Get-CioEmulatorState $script:Emu).forms).Count | Should -Be 0
    }
    It 'segments: segment_id is an integer' {
        (Send-Raw POST '/api/v1/segments/abc/add_customers' @{ ids = @('a') }).StatusCode | Should -Be 400
    }
    It 'segments: ids are strings (a number is refused)' {
        (Send-Raw POST '/api/v1/segments/7/add_customers' '{"ids":[42]}').StatusCode | Should -Be 400
    }
    It 'segments: id_type is one of id, email, cio_id' {
        (Send-Raw POST '/api/v1/segments/7/add_customers?id_type=phone' @{ ids = @('a') }).StatusCode | Should -Be 400
    }
    It 'merge: each side has at most one property (maxProperties 1), else 400 {"meta":{"error":...}}' {
        $null = Send-Raw PUT '/api/v1/customers/a' @{ plan = 'x' }
        $null = Send-Raw PUT '/api/v1/customers/b' @{ plan = 'y' }
        $r = Send-Raw POST '/api/v1/merge_customers' '{"primary":{"id":"a","note":"x"},"secondary":{"id":"b"}}'
        $r.StatusCode | Should -Be 400
        ($r.Content | ConvertFrom-Json).meta.error | Should -Not -BeNullOrEmpty
        Get-CioEmulatorPerson $script:Emu 'b' | Should -Not -BeNullOrEmpty
    }
    It 'push events: the file requires none of the fields' {
        (Send-Raw POST '/api/v1/push/events' '{}').StatusCode | Should -Be 200
        (Send-Raw POST '/api/v1/push/events' '{"delivery_id":42}').StatusCode | Should -Be 400
    }
    It 'events: timestamp is an integer (Unix seconds)' {
        (Send-Raw POST '/api/v1/customers/p-1/events' '{"name":"x","timestamp":1700000000}').StatusCode | Should -Be 200
        (Send-Raw POST '/api/v1/customers/p-1/events' '{"name":"x","timestamp":1700000000.5}').StatusCode | Should -Be 400
        (Send-Raw POST '/api/v1/metrics' '{"delivery_id":"d","metric":"opened","timestamp":"soon"}').StatusCode | Should -Be 400
    }
    It 'events, devices and segments answer 400 with {"meta":{"errors":[...]}} (<Path>)' -TestCases @(
        @{ Path = '/api/v1/customers/p-1/events'; Body = '{"name":""}' }
        @{ Path = '/api/v1/events'; Body = '{}' }
        @{ Path = '/api/v1/segments/7/add_customers'; Body = '{"ids":[]}' }
    ) {
        $r = Send-Raw POST $Path $Body
        $r.StatusCode | Should -Be 400
        @(($r.Content | ConvertFrom-Json).meta.errors).Count | Should -BeGreaterThan 0
    }
    It 'devices: platform is ios or android, answered 400 {"meta":{"errors":[...]}}' {
        $r = Send-Raw PUT '/api/v1/customers/p-1/devices' '{"device":{"id":"t","platform":"windows"}}'
        $r.StatusCode | Should -Be 400
        ($r.Content | ConvertFrom-Json).meta.errors[0] | Should -Match 'platform'
    }
}
}
