# Send-CioEntity: one v2 operation per POST /api/v2/entity, from parameters or piped in v2 shape
# Run by 'build.ps1 test' against the built module in out/.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot TestHelpers.psm1) -Force
    Import-CioModuleUnderTest
    . (Join-Path $PSScriptRoot V2.Common.ps1)
    $script:Emu = Start-CioEmulator
    Connect-CioEmulator $script:Emu -Extra @{ RequestsPerSecond = 0 }
}

AfterAll {
    Disconnect-CioTrack
    Stop-CioEmulator $script:Emu
}

Describe 'Send-CioEntity' {
    BeforeEach { Reset-CioEmulator $script:Emu }

    Context 'from parameters' {
        It 'identifies a person with POST /api/v2/entity and the v2 item as the body' {
            Send-CioEntity -Type person -Action identify -Identifiers @{ id = '42' } -Attributes ([ordered]@{ plan = 'pro'; seats = 3 })

            $r = @(Get-CioEmulatorRequests $script:Emu)
            $r.Count | Should -Be 1
            $r[0].method | Should -BeExactly 'POST'
            $r[0].path | Should -BeExactly '/api/v2/entity'
            $r[0].body | Should -BeExactly '{"type":"person","identifiers":{"id":"42"},"action":"identify","attributes":{"plan":"pro","seats":3}}'
            $r[0].status | Should -Be 200 -Because "the emulator accepted it ($($r[0].body))"
            $p = Get-CioEmulatorPerson $script:Emu '42'
            $p.attributes.plan | Should -Be 'pro'
            $p.attributes.seats | Should -Be 3
        }

        It 'identifies an object' {
            Send-CioEntity -Type object -Action identify -Identifiers ([ordered]@{ object_type_id = '1'; object_id = 'acme' }) -Attributes @{ name = 'Acme Inc' }

            $r = @(Get-CioEmulatorRequests $script:Emu)
            $r.Count | Should -Be 1
            $r[0].method | Should -BeExactly 'POST'
            $r[0].path | Should -BeExactly '/api/v2/entity'
            $r[0].body | Should -BeExactly '{"type":"object","identifiers":{"object_type_id":"1","object_id":"acme"},"action":"identify","attributes":{"name":"Acme Inc"}}'
            $r[0].status | Should -Be 200
            (Get-EmulatorObject '1' 'acme').attributes.name | Should -Be 'Acme Inc'
        }

        It 'sends a delivery event (type delivery, the metric as name)' {
            $when = [DateTimeOffset]::FromUnixTimeSeconds(1700000000)
            Send-CioEntity -Type delivery -Action event -Identifiers @{ id = 'dlv-1' } -Name opened -Attributes @{ device_token = 'tok-1' } -Timestamp $when

            $r = @(Get-CioEmulatorRequests $script:Emu)
            $r.Count | Should -Be 1
            $r[0].method | Should -BeExactly 'POST'
            $r[0].path | Should -BeExactly '/api/v2/entity'
            $r[0].body | Should -BeExactly '{"type":"delivery","identifiers":{"id":"dlv-1"},"action":"event","name":"opened","timestamp":1700000000,"attributes":{"device_token":"tok-1"}}'
            $r[0].status | Should -Be 200
            $state = Get-CioEmulatorState $script:Emu
            @($state.deliveries).Count | Should -Be 1
            ($state.deliveries[0] | ConvertTo-Json -Depth 10 -Compress) | Should -Match 'dlv-1'
        }

        It 'sends a person event with its data, id and timestamp' {
            Send-CioEntity -Type person -Action event -Identifiers @{ email = 'ev@example.com' } -Name purchase -EventId '01HZZZZZZZZZZZZZZZZZZZZZZZ' -Timestamp 1700000000 -Attributes @{ amount = 42.5 }

            $r = @(Get-CioEmulatorRequests $script:Emu)
            $r[0].body | Should -BeExactly '{"type":"person","identifiers":{"email":"ev@example.com"},"action":"event","name":"purchase","id":"01HZZZZZZZZZZZZZZZZZZZZZZZ","timestamp":1700000000,"attributes":{"amount":42.5}}'
            $r[0].status | Should -Be 200
        }

        It 'gives a person event without an id a new ULID, in parameters and in piped v2 items alike' {
            Send-CioEntity -Type person -Action event -Identifiers @{ id = 'ev-1' } -Name purchase
            @{ type = 'person'; action = 'page'; identifiers = @{ id = 'ev-1' }; name = '/pricing' } | Invoke-CioBatch

            $bodies = @(Get-CioEmulatorRequests $script:Emu) | ForEach-Object body
            $first = $bodies[0] | ConvertFrom-Json
            $first.id | Should -Match '^[0-9A-HJKMNP-TV-Z]{26}$' -Because 'a retried event must be counted once'
            $second = ($bodies[1] | ConvertFrom-Json).batch[0]
            $second.id | Should -Match '^[0-9A-HJKMNP-TV-Z]{26}$'
            $second.id | Should -Not -Be $first.id
            @((Get-CioEmulatorPerson $script:Emu 'ev-1').events).Count | Should -Be 2
        }

        It 'merges two people (primary and secondary, no identifiers)' {
            Send-CioEntity -Type person -Action identify -Identifiers @{ id = 'keep' }
            Send-CioEntity -Type person -Action identify -Identifiers @{ id = 'old' } -Attributes @{ email = 'old@example.com' }
            Send-CioEntity -Type person -Action merge -Primary @{ id = 'keep' } -Secondary @{ id = 'old' }

            $r = @(Get-CioEmulatorRequests $script:Emu)
            $r[2].body | Should -BeExactly '{"type":"person","action":"merge","primary":{"id":"keep"},"secondary":{"id":"old"}}'
            $r[2].status | Should -Be 200
            Get-CioEmulatorPerson $script:Emu 'old' | Should -BeNullOrEmpty
        }

        It 'adds a device with token and platform' {
            Send-CioEntity -Type person -Action add_device -Identifiers @{ id = 'dev-1' } -Device ([ordered]@{ token = 'tok-1'; platform = 'ios' })

            $r = @(Get-CioEmulatorRequests $script:Emu)
            $r[0].body | Should -BeExactly '{"type":"person","identifiers":{"id":"dev-1"},"action":"add_device","device":{"token":"tok-1","platform":"ios"}}'
            $r[0].status | Should -Be 200
            @((Get-CioEmulatorPerson $script:Emu 'dev-1').devices).Count | Should -Be 1
        }
    }

    Context 'from the pipeline' {
        It 'sends piped hashtables, objects and JSON texts in v2 shape, one request each' {
            $items = @(
                @{ type = 'person'; action = 'identify'; identifiers = @{ id = 'p-1' }; attributes = @{ plan = 'a' } }
                [pscustomobject]@{ type = 'person'; action = 'identify'; identifiers = [pscustomobject]@{ id = 'p-2' }; attributes = [pscustomobject]@{ plan = 'b' } }
                '{"type":"person","action":"identify","identifiers":{"id":"p-3"},"attributes":{"plan":"c"}}'
            )
            $results = @($items | Send-CioEntity -PassThru)

            $results.Count | Should -Be 3
            $results.Succeeded | Should -Not -Contain $false
            $r = @(Get-CioEmulatorRequests $script:Emu)
            $r.Count | Should -Be 3
            $r.path | Sort-Object -Unique | Should -BeExactly '/api/v2/entity'
            (Get-CioEmulatorPerson $script:Emu 'p-1').attributes.plan | Should -Be 'a'
            (Get-CioEmulatorPerson $script:Emu 'p-2').attributes.plan | Should -Be 'b'
            (Get-CioEmulatorPerson $script:Emu 'p-3').attributes.plan | Should -Be 'c'
        }

        It 'sends an -AsOperation view to /api/v2/entity (not the v1 route)' {
            Set-CioCustomer -Id 'view-1' -Attributes @{ plan = 'pro' } -AsOperation | Send-CioEntity

            $r = @(Get-CioEmulatorRequests $script:Emu)
            $r.Count | Should -Be 1
            $r[0].path | Should -BeExactly '/api/v2/entity'
            $r[0].body | Should -BeExactly '{"type":"person","identifiers":{"id":"view-1"},"action":"identify","attributes":{"plan":"pro"}}'
            (Get-CioEmulatorPerson $script:Emu 'view-1').attributes.plan | Should -Be 'pro'
        }
        It 'sends each item of a saved {"batch":[...]} envelope on its own and reports a bad one alone' {
            $envelope = '{"batch":[{"type":"person","action":"identify","identifiers":{"id":"e-1"}},{"type":"person","action":"jump","identifiers":{"id":"e-2"}},{"type":"person","action":"identify","identifiers":{"id":"e-3"}}]}'
            $errs = $null
            $envelope | Send-CioEntity -ErrorVariable errs -ErrorAction SilentlyContinue

            @($errs).Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'UnknownOperationAction,*'
            $errs[0].TargetObject.identifiers.id | Should -Be 'e-2'
            $r = @(Get-CioEmulatorRequests $script:Emu)
            $r.Count | Should -Be 2
            $r.path | Sort-Object -Unique | Should -BeExactly '/api/v2/entity'
            Get-CioEmulatorPerson $script:Emu 'e-3' | Should -Not -BeNullOrEmpty
        }
    }

    Context 'delivery events (contract: name is opened, converted or delivered; attributes with device_token required)' {
        It 'sends <Name> (any case) as the contract spells it; the emulator, which keeps the contract, records it' -ForEach @(
            @{ Name = 'opened' }, @{ Name = 'Converted' }, @{ Name = 'DELIVERED' }
        ) {
            Send-CioEntity -Type delivery -Action event -Identifiers @{ id = 'dlv-1' } -Name $Name -Attributes @{ device_token = 'tok-1' }

            $r = @(Get-CioEmulatorRequests $script:Emu)
            $r.Count | Should -Be 1
            $r[0].body | Should -BeExactly ('{"type":"delivery","identifiers":{"id":"dlv-1"},"action":"event","name":"' + $Name.ToLowerInvariant() + '","attributes":{"device_token":"tok-1"}}')
            $r[0].status | Should -Be 200
            @((Get-CioEmulatorState $script:Emu).deliveries).Count | Should -Be 1
        }

        It 'refuses <Case> before sending, naming the field, the value and the rule (<Cmdlet>)' -ForEach @(
            foreach ($cmdlet in 'Send-CioEntity', 'Invoke-CioBatch') {
                @{ Cmdlet = $cmdlet; Case = 'a name outside the enum'; Item = @{ type = 'delivery'; action = 'event'; identifiers = @{ id = 'dlv-1' }; name = 'clicked'; attributes = @{ device_token = 't' } }
                   ErrorId = 'InvalidDeliveryMetric'; Message = "*'name' is 'clicked'; it must be one of opened, converted, delivered.*" }
                @{ Cmdlet = $cmdlet; Case = 'no name'; Item = @{ type = 'delivery'; action = 'event'; identifiers = @{ id = 'dlv-1' }; attributes = @{ device_token = 't' } }
                   ErrorId = 'InvalidDeliveryMetric'; Message = "*'name' is missing; it must be one of opened, converted, delivered.*" }
                @{ Cmdlet = $cmdlet; Case = 'no attributes'; Item = @{ type = 'delivery'; action = 'event'; identifiers = @{ id = 'dlv-1' }; name = 'opened' }
                   ErrorId = 'DeviceTokenMissing'; Message = "*'attributes' is missing; a delivery event's attributes hold the device_token*" }
                @{ Cmdlet = $cmdlet; Case = 'attributes without device_token'; Item = @{ type = 'delivery'; action = 'event'; identifiers = @{ id = 'dlv-1' }; name = 'opened'; attributes = @{ os = 'ios' } }
                   ErrorId = 'DeviceTokenMissing'; Message = "*'attributes.device_token' is missing*" }
                @{ Cmdlet = $cmdlet; Case = 'an empty device_token'; Item = @{ type = 'delivery'; action = 'event'; identifiers = @{ id = 'dlv-1' }; name = 'opened'; attributes = @{ device_token = '' } }
                   ErrorId = 'DeviceTokenMissing'; Message = "*'attributes.device_token' is empty*" }
            }
        ) {
            $good = @{ type = 'person'; action = 'identify'; identifiers = @{ id = 'good-1' } }
            $errs = $null
            $Item, $good | & $Cmdlet -ErrorVariable errs -ErrorAction SilentlyContinue

            @($errs).Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
            $errs[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $errs[0].Exception.Message | Should -BeLike $Message
            [object]::ReferenceEquals($errs[0].TargetObject, $Item) | Should -BeTrue
            $sent = @(Get-CioEmulatorRequests $script:Emu)
            $sent.Count | Should -Be 1 -Because 'only the good record is sent'
            $sent[0].body | Should -Not -Match 'delivery'
            @((Get-CioEmulatorState $script:Emu).deliveries).Count | Should -Be 0
            Get-CioEmulatorPerson $script:Emu 'good-1' | Should -Not -BeNullOrEmpty
        }
    }

    Context 'validation' {
        It 'refuses <Case> before sending anything, naming the problem' -TestCases @(
            @{ Case = 'an unknown type'; Item = @{ type = 'robot'; action = 'identify'; identifiers = @{ id = '1' } }; ErrorId = 'UnknownOperationType' }
            @{ Case = 'an action the type does not have'; Item = @{ type = 'object'; action = 'event'; identifiers = @{ object_type_id = '1'; object_id = 'a' }; name = 'x' }; ErrorId = 'UnknownOperationAction' }
            @{ Case = 'two person identifiers'; Item = @{ type = 'person'; action = 'identify'; identifiers = @{ id = '1'; email = 'a@b.c' } }; ErrorId = 'AmbiguousIdentifier' }
            @{ Case = 'no identifiers'; Item = @{ type = 'person'; action = 'delete' }; ErrorId = 'IdentifierMissing' }
            @{ Case = 'an object without object_id'; Item = @{ type = 'object'; action = 'identify'; identifiers = @{ object_type_id = '1' } }; ErrorId = 'IdentifierMissing' }
            @{ Case = 'an id over 150 bytes'; Item = @{ type = 'person'; action = 'identify'; identifiers = @{ id = 'x' * 151 } }; ErrorId = 'IdentifierTooLong' }
            @{ Case = 'an attribute value over 1000 bytes'; Item = @{ type = 'person'; action = 'identify'; identifiers = @{ id = '1' }; attributes = @{ bio = 'x' * 1001 } }; ErrorId = 'AttributeValueTooLong' }
            @{ Case = 'more than 300 attributes'; Item = @{ type = 'person'; action = 'identify'; identifiers = @{ id = '1' }; attributes = $(1..301 | ForEach-Object -Begin { $h = @{} } -Process { $h["a$_"] = $_ } -End { $h }) }; ErrorId = 'TooManyAttributes' }
            @{ Case = 'an event without a name'; Item = @{ type = 'person'; action = 'event'; identifiers = @{ id = '1' } }; ErrorId = 'EventNameMissing' }
            @{ Case = 'an event name over 100 bytes'; Item = @{ type = 'person'; action = 'event'; identifiers = @{ id = '1' }; name = 'é' * 51 }; ErrorId = 'EventNameTooLong' }
            @{ Case = 'an item over 32,000 bytes'; Item = @{ type = 'person'; action = 'event'; identifiers = @{ id = '1' }; name = 'big'; attributes = @{ blob = 'x' * 33000 } }; ErrorId = 'BatchItemTooLarge' }
            @{ Case = 'a misspelt field'; Item = @{ type = 'person'; action = 'identify'; identifiers = @{ id = '1' }; attribute = @{ plan = 'x' } }; ErrorId = 'UnknownOperationField' }
            @{ Case = 'a merge with identifiers'; Item = @{ type = 'person'; action = 'merge'; identifiers = @{ id = '1' }; primary = @{ id = '1' }; secondary = @{ id = '2' } }; ErrorId = 'FieldNotAllowed' }
            @{ Case = 'add_device without a token'; Item = @{ type = 'person'; action = 'add_device'; identifiers = @{ id = '1' }; device = @{ platform = 'ios' } }; ErrorId = 'DeviceTokenMissing' }
        ) {
            param($Case, $Item, $ErrorId)
            $errs = $null
            $Item | Send-CioEntity -ErrorVariable errs -ErrorAction SilentlyContinue

            @($errs).Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
            [object]::ReferenceEquals($errs[0].TargetObject, $Item) | Should -BeTrue -Because 'the TargetObject is the input'
            @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0 -Because 'nothing of an invalid record is sent'
        }

        It 'refuses an action unknown for -Type from parameters' {
            { Send-CioEntity -Type delivery -Action identify -Identifiers @{ id = 'd' } -ErrorAction Stop } | Should -Throw '*not an action of type delivery*'
            @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
        }

        It 'refuses a delivery event the contract does not allow before sending; the service would answer 400 for it' {
            $item = @{ type = 'delivery'; action = 'event'; identifiers = @{ id = 'dlv-x' }; name = 'teleported'; attributes = @{ device_token = 'tok-1' } }
            $errs = $null
            $item | Send-CioEntity -ErrorVariable errs -ErrorAction SilentlyContinue

            @($errs).Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidDeliveryMetric,*'
            [object]::ReferenceEquals($errs[0].TargetObject, $item) | Should -BeTrue
            @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
            @((Get-CioEmulatorState $script:Emu).deliveries).Count | Should -Be 0
        }

        It 'reports what the service refuses as an error for that record' {
            # A fault makes the emulator answer 400 for the request that names this person.
            $null = Add-CioEmulatorFault $script:Emu @{ kind = 'status'; status = 400; count = 1; match = 'refused-1'; reason = 'refused by the test' }
            $item = @{ type = 'person'; action = 'identify'; identifiers = @{ id = 'refused-1' } }
            $errs = $null
            $item | Send-CioEntity -ErrorVariable errs -ErrorAction SilentlyContinue

            @($errs).Count | Should -Be 1
            $errs[0].Exception.Message | Should -BeLike '*400*refused by the test*'
            [object]::ReferenceEquals($errs[0].TargetObject, $item) | Should -BeTrue
        }
    }
}
