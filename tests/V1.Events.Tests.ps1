# Send-CioEvent against the emulator: person events, page and screen views, anonymous
# events; the exact v1 requests (with the event id we always add), state, CSV input, limits, -WhatIf.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot TestHelpers.psm1) -Force
    . (Join-Path $PSScriptRoot V1.Common.ps1)
    Import-CioModuleUnderTest
    $script:Emu = Start-CioEmulator
    Connect-CioEmulator $script:Emu

    # The body of a recorded request with its generated event id checked and returned.
    function script:Get-EventId($Request) {
        $id = (ConvertFrom-Json $Request.body).id
        $id | Should -Match $script:UlidPattern
        $id
    }
}

AfterAll {
    Disconnect-CioTrack -ErrorAction Ignore
    Stop-CioEmulator $script:Emu
}

Describe 'Send-CioEvent: the reference requests' {
    BeforeEach { Reset-CioEmulator $script:Emu }

    It 'sends a person event: POST /api/v1/customers/cust-1/events {"name","data","id"}; the person holds it' {
        Send-CioEvent -Id cust-1 -Name purchase -Data @{ amount = 42.5; sku = 'A1' }
        $sent = @(Get-CioEmulatorRequests $script:Emu)
        $sent.Count | Should -Be 1
        $id = Get-EventId $sent[0]
        Assert-Request $sent[0] -Method POST -Path '/api/v1/customers/cust-1/events' `
            -Body ('{"name":"purchase","data":{"amount":42.5,"sku":"A1"},"id":"' + $id + '"}')
        $events = @((Get-CioEmulatorPerson $script:Emu 'cust-1').events)
        $events.Count | Should -Be 1
        $events[0].id | Should -Be $id
        $events[0].name | Should -Be 'purchase'
        $events[0].type | Should -Be 'event'
        $events[0].data.amount | Should -Be 42.5
        $events[0].data.sku | Should -BeExactly 'A1'
    }

    It 'sends an anonymous event: POST /api/v1/events {"name","data","anonymous_id","id"}; it moves to the person identified with that anonymous_id' {
        Send-CioEvent -AnonymousId anon-1 -Name visited -Data @{ page = '/pricing' }
        $sent = @(Get-CioEmulatorRequests $script:Emu)
        $sent.Count | Should -Be 1
        $id = Get-EventId $sent[0]
        Assert-Request $sent[0] -Method POST -Path '/api/v1/events' `
            -Body ('{"name":"visited","data":{"page":"/pricing"},"anonymous_id":"anon-1","id":"' + $id + '"}')
        $state = Get-CioEmulatorState $script:Emu
        @($state.anonymous_events).Count | Should -Be 1
        $state.anonymous_events[0].anonymous_id | Should -Be 'anon-1'

        Set-CioCustomer -Id cust-9 -Attributes @{ anonymous_id = 'anon-1' }
        $state = Get-CioEmulatorState $script:Emu
        @($state.anonymous_events).Count | Should -Be 0
        $moved = @((Get-CioEmulatorPerson $script:Emu 'cust-9').events)
        $moved.Count | Should -Be 1
        $moved[0].id | Should -Be $id
        $moved[0].name | Should -Be 'visited'
    }

    It 'sends a page view: {"type":"page","name":"/pricing","id"} and no data' {
        Send-CioEvent -Id cust-1 -Name /pricing -Type page
        $sent = @(Get-CioEmulatorRequests $script:Emu)
        $sent.Count | Should -Be 1
        $id = Get-EventId $sent[0]
        Assert-Request $sent[0] -Method POST -Path '/api/v1/customers/cust-1/events' `
            -Body ('{"type":"page","name":"/pricing","id":"' + $id + '"}')
        $event = @((Get-CioEmulatorPerson $script:Emu 'cust-1').events)[0]
        $event.type | Should -Be 'page'
        $event.data | Should -BeNullOrEmpty
    }

    It 'sends a screen view with "type":"screen" (any case given)' {
        Send-CioEvent -Id cust-1 -Name Home -Type Screen
        $r = @(Get-CioEmulatorRequests $script:Emu)[0]
        $id = Get-EventId $r
        Assert-Request $r -Method POST -Path '/api/v1/customers/cust-1/events' -Body ('{"type":"screen","name":"Home","id":"' + $id + '"}')
    }

    It 'sends no "type" for a plain event and no "data" when there is none' {
        Send-CioEvent -Id cust-1 -Name signed_up -Type event
        $body = ConvertFrom-Json @(Get-CioEmulatorRequests $script:Emu)[0].body -AsHashtable
        @($body.Keys | Sort-Object) | Should -Be @('id', 'name')
    }

    It 'percent-encodes the person in the path' {
        Send-CioEvent -Id 'user+1@example.com' -Name x
        @(Get-CioEmulatorRequests $script:Emu)[0].path | Should -BeExactly '/api/v1/customers/user%2B1%40example.com/events'
    }
}

Describe 'Send-CioEvent: ids and timestamps' {
    BeforeEach { Reset-CioEmulator $script:Emu }

    It 'sends -EventId as the id; the same id twice is stored once' {
        Send-CioEvent -Id cust-1 -Name purchase -EventId '01HZZZZZZZZZZZZZZZZZZZZZZZ'
        Send-CioEvent -Id cust-1 -Name purchase -EventId '01HZZZZZZZZZZZZZZZZZZZZZZZ'
        $sent = @(Get-CioEmulatorRequests $script:Emu)
        $sent.Count | Should -Be 2
        foreach ($r in $sent) { (ConvertFrom-Json $r.body).id | Should -BeExactly '01HZZZZZZZZZZZZZZZZZZZZZZZ' }
        @((Get-CioEmulatorPerson $script:Emu 'cust-1').events).Count | Should -Be 1
    }

    It 'gives every event a new ULID' {
        1..3 | ForEach-Object { Send-CioEvent -Id cust-1 -Name "e$_" }
        $ids = @(Get-CioEmulatorRequests $script:Emu | ForEach-Object { Get-EventId $_ })
        @($ids | Sort-Object -Unique).Count | Should -Be 3
        @((Get-CioEmulatorPerson $script:Emu 'cust-1').events).Count | Should -Be 3
    }

    It 'sends -Timestamp given as <kind> as Unix seconds' -TestCases @(
        @{ Kind = 'Unix seconds'; Value = 1700000000 }
        @{ Kind = 'a digit string'; Value = '1700000000' }
        @{ Kind = 'a UTC DateTime'; Value = [DateTime]::SpecifyKind([DateTime]'2023-11-14T22:13:20', 'Utc') }
        @{ Kind = 'a DateTimeOffset'; Value = [DateTimeOffset]'2023-11-15T00:13:20+02:00' }
    ) {
        param($Kind, $Value)
        Send-CioEvent -Id cust-1 -Name purchase -Timestamp $Value
        $body = ConvertFrom-Json @(Get-CioEmulatorRequests $script:Emu)[0].body
        $body.timestamp | Should -Be 1700000000
        $body.timestamp | Should -BeOfType [long]
        @((Get-CioEmulatorPerson $script:Emu 'cust-1').events)[0].timestamp | Should -Be 1700000000
    }

    It 'refuses a timestamp in milliseconds, naming the field' {
        Send-CioEvent -Id cust-1 -Name purchase -Timestamp 1700000000000 -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'TimestampOutOfRange,*'
        $errs[0].Exception.Message | Should -Match "'timestamp'"
        @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
    }
}

Describe 'Send-CioEvent: piped input' {
    BeforeEach { Reset-CioEmulator $script:Emu }

    It 'sends a CSV: the columns that are not parameters become data, empty cells are left out' {
        $rows = Import-TestCsv 'events.csv' @'
customer_id,name,amount,sku,timestamp,event_id
cust-1,purchase,42.5,A1,1700000000,ev-1
cust-2,purchase,7,,,ev-2
cust-3,refund,,C3,1700000100,ev-3
'@
        $rows | Send-CioEvent -NoBatch
        $byPath = @{}
        foreach ($r in Get-CioEmulatorRequests $script:Emu) { $byPath[$r.path] = $r }
        $byPath.Count | Should -Be 3
        Assert-Request $byPath['/api/v1/customers/cust-1/events'] -Method POST -Path '/api/v1/customers/cust-1/events' `
            -Body '{"name":"purchase","data":{"amount":"42.5","sku":"A1"},"id":"ev-1","timestamp":1700000000}'
        Assert-Request $byPath['/api/v1/customers/cust-2/events'] -Method POST -Path '/api/v1/customers/cust-2/events' `
            -Body '{"name":"purchase","data":{"amount":"7"},"id":"ev-2"}'
        Assert-Request $byPath['/api/v1/customers/cust-3/events'] -Method POST -Path '/api/v1/customers/cust-3/events' `
            -Body '{"name":"refund","data":{"sku":"C3"},"id":"ev-3","timestamp":1700000100}'
        (Get-CioEmulatorState $script:Emu).people.Count | Should -Be 3
    }

    It 'sends empty cells as empty strings with -IncludeEmpty' {
        $rows = Import-TestCsv 'empty.csv' "customer_id,name,coupon,sku`ncust-1,purchase,,A1"
        $rows | Send-CioEvent -IncludeEmpty -EventId ev-1
        Assert-Request @(Get-CioEmulatorRequests $script:Emu)[0] -Method POST -Path '/api/v1/customers/cust-1/events' `
            -Body '{"name":"purchase","data":{"coupon":"","sku":"A1"},"id":"ev-1"}'
    }

    It 'merges -Data over the piped properties and leaves out -ExcludeProperty' {
        [pscustomobject]@{ id = 'cust-1'; name = 'purchase'; amount = 1; sku = 'A1'; internal = 'x' } |
            Send-CioEvent -Data @{ amount = 2; currency = 'EUR' } -ExcludeProperty internal -EventId ev-1
        Assert-Request @(Get-CioEmulatorRequests $script:Emu)[0] -Method POST -Path '/api/v1/customers/cust-1/events' `
            -Body '{"name":"purchase","data":{"amount":2,"sku":"A1","currency":"EUR"},"id":"ev-1"}'
    }

    It 'sends piped hashtables (which do not bind by property name)' {
        @{ customer_id = 'cust-1'; name = 'purchase'; amount = 3; type = 'event'; timestamp = 1700000000 } | Send-CioEvent -EventId ev-1
        @{ anonymous_id = 'anon-1'; name = 'visited'; page = '/x' } | Send-CioEvent -EventId ev-2
        $sent = @(Get-CioEmulatorRequests $script:Emu)
        $sent.Count | Should -Be 2
        Assert-Request $sent[0] -Method POST -Path '/api/v1/customers/cust-1/events' `
            -Body '{"name":"purchase","data":{"amount":3},"id":"ev-1","timestamp":1700000000}'
        Assert-Request $sent[1] -Method POST -Path '/api/v1/events' `
            -Body '{"name":"visited","data":{"page":"/x"},"anonymous_id":"anon-1","id":"ev-2"}'
    }

    It 'sends a CSV mixing people and anonymous visitors to the right routes, page views with their type' {
        $rows = Import-TestCsv 'mixed.csv' @'
customer_id,anonymous_id,name,type,event_id
cust-1,,purchase,,ev-1
,anon-1,visited,,ev-2
cust-2,,/pricing,page,ev-3
'@
        $rows | Send-CioEvent -NoBatch
        $byId = @{}
        foreach ($r in Get-CioEmulatorRequests $script:Emu) { $byId[(ConvertFrom-Json $r.body).id] = $r }
        Assert-Request $byId['ev-1'] -Method POST -Path '/api/v1/customers/cust-1/events' -Body '{"name":"purchase","id":"ev-1"}'
        Assert-Request $byId['ev-2'] -Method POST -Path '/api/v1/events' -Body '{"name":"visited","anonymous_id":"anon-1","id":"ev-2"}'
        Assert-Request $byId['ev-3'] -Method POST -Path '/api/v1/customers/cust-2/events' -Body '{"type":"page","name":"/pricing","id":"ev-3"}'
    }

    It 'sends -AnonymousId rows from a CSV with an anonymous_id column' {
        $rows = Import-TestCsv 'anon.csv' "anonymous_id,name,page`nanon-1,visited,/a`nanon-2,visited,/b"
        $rows | Send-CioEvent
        $state = Get-CioEmulatorState $script:Emu
        @($state.anonymous_events | ForEach-Object anonymous_id | Sort-Object) | Should -Be @('anon-1', 'anon-2')
        @($state.anonymous_events | ForEach-Object { $_.data.page } | Sort-Object) | Should -Be @('/a', '/b')
    }
}

Describe 'Send-CioEvent: limits and errors (refused before sending, the rest of the pipeline sent)' {
    BeforeEach { Reset-CioEmulator $script:Emu }

    It 'refuses <Case>' -TestCases @(
        @{ Case = 'an event name over 100 bytes (UTF-8)'; Row = @{ customer_id = 'cust-2'; name = ('é' * 51) }; ErrorId = 'EventNameTooLong'; Pattern = "'name' .*is 102 bytes; the limit is 100 bytes" }
        @{ Case = 'a blank event name'; Row = @{ customer_id = 'cust-2'; name = '  ' }; ErrorId = 'EventNameMissing'; Pattern = "'name' is empty" }
        @{ Case = 'event data over 100,000 bytes'; Row = @{ customer_id = 'cust-2'; name = 'big'; blob = ('x' * 100000) }; ErrorId = 'EventDataTooLarge'; Pattern = "'data' is 100011 bytes as JSON; the limit is 100000 bytes" }
        @{ Case = 'a person id over 150 bytes'; Row = @{ customer_id = ('i' * 151); name = 'x' }; ErrorId = 'IdentifierTooLong'; Pattern = "'id' is 151 bytes; the limit is 150 bytes" }
        @{ Case = 'an anonymous id over 150 bytes'; Row = @{ anonymous_id = ('a' * 151); name = 'x' }; ErrorId = 'IdentifierTooLong'; Pattern = "'anonymous_id' is 151 bytes; the limit is 150 bytes" }
        @{ Case = 'an unknown event type'; Row = @{ customer_id = 'cust-2'; name = 'x'; type = 'click' }; ErrorId = 'InvalidEventType'; Pattern = "'type' is 'click'; it must be one of event, page, screen" }
        @{ Case = 'a record with no person'; Row = @{ name = 'x' }; ErrorId = 'IdentifierMissing'; Pattern = "'id' is missing" }
    ) {
        param($Case, $Row, $ErrorId, $Pattern)
        $rows = @(
            [pscustomobject]@{ customer_id = 'cust-1'; name = 'first' }
            [pscustomobject]$Row
            [pscustomobject]@{ customer_id = 'cust-3'; name = 'third' }
        )
        $rows | Send-CioEvent -NoBatch -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*SendCioEventCommand"
        $errs[0].Exception.Message | Should -Match '^Record 2'
        $errs[0].Exception.Message | Should -Match $Pattern
        $errs[0].Exception.Message | Should -Match 'Nothing of this record was sent'
        [object]::ReferenceEquals($errs[0].TargetObject, $rows[1]) | Should -BeTrue
        @(Get-CioEmulatorRequests $script:Emu | ForEach-Object path | Sort-Object) | Should -Be @('/api/v1/customers/cust-1/events', '/api/v1/customers/cust-3/events')
    }

    It 'accepts event data of exactly 100,000 bytes and a name of exactly 100 bytes' {
        # {"blob":"..."} is 11 bytes around the value.
        Send-CioEvent -Id cust-1 -Name ('n' * 100) -Data @{ blob = 'x' * 99989 }
        $r = @(Get-CioEmulatorRequests $script:Emu)[0]
        $r.status | Should -Be 200
        [Text.Encoding]::UTF8.GetByteCount((ConvertFrom-Json $r.body -AsHashtable).data.blob) | Should -Be 99989
    }

    It 'refuses a page view of an anonymous visitor' {
        [pscustomobject]@{ anonymous_id = 'anon-1'; name = '/x'; type = 'page' } | Send-CioEvent -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidEventType,*'
        @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
    }

    It 'refuses -Data that is not a record' {
        Send-CioEvent -Id cust-1 -Name x -Data '{"a":1}' -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidRecordValue,*'
        $errs[0].Exception.Message | Should -Match 'ConvertFrom-Json'
        @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
    }
}

Describe 'Send-CioEvent: -WhatIf, -PassThru, -AsOperation' {
    BeforeEach { Reset-CioEmulator $script:Emu }

    It '-WhatIf sends nothing and names the person for piped input' {
        $out = Get-HostOutput { [pscustomobject]@{ customer_id = 'cust-7'; name = 'purchase' } | Send-CioEvent -WhatIf }
        @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
        $out | Should -BeLike "*Whatif:*event(POST/api/v1/customers/cust-7/events*person'cust-7'*"
        Send-CioEvent -AnonymousId anon-1 -Name visited -WhatIf
        @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
    }

    It '-PassThru returns one result per event' {
        $results = @(
            [pscustomobject]@{ customer_id = 'cust-1'; name = 'a' }
            [pscustomobject]@{ anonymous_id = 'anon-1'; name = 'b' }
        ) | Send-CioEvent -NoBatch -PassThru
        $results.Count | Should -Be 2
        ($results | Where-Object EntityType -eq 'person').Request | Should -Be 'POST /api/v1/customers/cust-1/events'
        ($results | Where-Object EntityType -eq 'anonymous').Request | Should -Be 'POST /api/v1/events'
        $results.Succeeded | Should -Be @($true, $true)
    }

    It '-AsOperation emits the v2 event item (data as attributes)' {
        $op = Send-CioEvent -Id cust-1 -Name purchase -Data @{ amount = 42.5 } -EventId ev-1 -Timestamp 1700000000 -AsOperation
        ConvertTo-CanonicalJson ($op | ConvertTo-Json -Depth 10 -Compress) | Should -BeExactly (ConvertTo-CanonicalJson `
            '{"type":"person","identifiers":{"id":"cust-1"},"action":"event","name":"purchase","id":"ev-1","timestamp":1700000000,"attributes":{"amount":42.5}}')
        $page = Send-CioEvent -Id cust-1 -Name /pricing -Type page -EventId ev-2 -AsOperation
        ConvertTo-CanonicalJson ($page | ConvertTo-Json -Depth 10 -Compress) | Should -BeExactly (ConvertTo-CanonicalJson `
            '{"type":"person","identifiers":{"id":"cust-1"},"action":"page","name":"/pricing","id":"ev-2"}')
        @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
    }

    It '-AsOperation refuses an anonymous event (it has no v2 form)' {
        Send-CioEvent -AnonymousId anon-1 -Name visited -AsOperation -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NoV2Form,*'
    }
}

Describe 'Send-CioEvent in v2 batches (piped without -NoBatch)' {
    BeforeAll { $script:HasV2 = Test-EmulatorV2 }
    BeforeEach { Reset-CioEmulator $script:Emu }

    It 'packs person events and page views into v2 items (data as attributes) and sends anonymous events to v1' {
        if (-not $script:HasV2) { Set-ItResult -Skipped -Because 'the emulator does not serve /api/v2/batch'; return }
        $rows = Import-TestCsv 'batch.csv' @'
customer_id,anonymous_id,name,type,event_id,amount
cust-1,,purchase,,ev-1,42.5
cust-2,,/pricing,page,ev-2,
cust-3,,Home,screen,ev-3,
cust-1,,refund,,ev-4,1
,anon-1,visited,,ev-5,
'@
        $rows | Send-CioEvent
        $sent = @(Get-CioEmulatorRequests $script:Emu)
        @($sent | Where-Object path -eq '/api/v1/events').Count | Should -Be 1
        $items = @(Get-BatchItem)
        $items.Count | Should -BeGreaterThan 1
        $purchase = $items | Where-Object id -eq 'ev-1'
        if ($purchase) {
            $purchase.action | Should -Be 'event'
            $purchase.identifiers.id | Should -Be 'cust-1'
            $purchase.attributes.amount | Should -BeExactly '42.5'
        }
        $p1 = Get-CioEmulatorPerson $script:Emu 'cust-1'
        @($p1.events.id) | Should -Be @('ev-1', 'ev-4') -Because 'one person''s events keep their order'
        (@($p1.events)[0]).data.amount | Should -BeExactly '42.5'
        @((Get-CioEmulatorPerson $script:Emu 'cust-2').events)[0].type | Should -Be 'page'
        @((Get-CioEmulatorPerson $script:Emu 'cust-3').events)[0].type | Should -Be 'screen'
        @((Get-CioEmulatorState $script:Emu).anonymous_events.id) | Should -Be @('ev-5')
    }
}

Describe 'Tab completion of names this session has sent' {
    BeforeEach { Reset-CioEmulator $script:Emu }

    It 'offers event names, segment ids and object type ids already used, quoting names with spaces' {
        $complete = {
            param([string] $Line)
            @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches | ForEach-Object CompletionText)
        }
        (& $complete 'Send-CioEvent -Id x -Name zz-') | Should -BeNullOrEmpty

        Send-CioEvent -Id 'tab-1' -Name 'zz-signed up'
        Send-CioEvent -Id 'tab-1' -Name 'zz-purchase'
        'tab-1' | Add-CioSegmentMember -SegmentId 7345
        Set-CioObject -ObjectTypeId 'zz-type' -ObjectId 'acme'

        & $complete 'Send-CioEvent -Id x -Name zz-' | Should -Be @('zz-purchase', "'zz-signed up'")
        & $complete 'Send-CioEvent -Id x -Name zz-p' | Should -Be @('zz-purchase')
        & $complete 'Add-CioSegmentMember -SegmentId 734' | Should -Be @('7345')
        & $complete 'Set-CioObject -ObjectTypeId zz-' | Should -Be @('zz-type')
    }
}
