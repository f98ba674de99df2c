# Invoke-CioBatch and -AsOperation: greedy packing into POST /api/v2/batch, 207 and 400 answers
# mapped back to the input rows, and v1 and v2 loads that leave the same state.
# Run by 'build.ps1 test' against the built module in out/.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot TestHelpers.psm1) -Force
    Import-CioModuleUnderTest
    . (Join-Path $PSScriptRoot V2.Common.ps1)
    $script:Emu = Start-CioEmulator
    Connect-CioEmulator $script:Emu -Extra @{ RequestsPerSecond = 0 }

    # A raw v2 identify item.
    function script:New-Identify([string] $Id, [hashtable] $Attributes = @{ plan = 'pro' }) {
        [ordered]@{ type = 'person'; identifiers = @{ id = $Id }; action = 'identify'; attributes = $Attributes }
    }
}

AfterAll {
    Disconnect-CioTrack
    Stop-CioEmulator $script:Emu
}

Describe 'Invoke-CioBatch' {
    BeforeEach { Reset-CioEmulator $script:Emu }

    Context 'packing 10,000 operations of about 1 KB' {
        BeforeAll {
            # Rows of varied size (about 0.9 to 1.1 KB as v2 items), so the packing is not trivially uniform.
            $script:Rows = foreach ($i in 0..9999) {
                [pscustomobject]@{
                    id    = 'bulk-{0:d5}' -f $i
                    email = 'bulk-{0:d5}@example.com' -f $i
                    plan  = ('free', 'pro', 'team')[$i % 3]
                    bio   = 'b' * (780 + ($i * 37) % 200)
                }
            }
        }

        It 'keeps every request within the limits, uses no more requests than greedy packing, and sends every item once in order' {
            $errs = $null
            $script:Rows | Set-CioCustomer -AsOperation | Invoke-CioBatch -ErrorVariable errs
            @($errs).Count | Should -Be 0

            $requests = @(Get-CioEmulatorRequests $script:Emu)
            $requests.Count | Should -BeGreaterThan 1
            $requests | ForEach-Object {
                $_.method | Should -BeExactly 'POST'
                $_.path | Should -BeExactly '/api/v2/batch'
                $_.status | Should -Be 200
            }

            # Every request within 500,000 bytes, every item within 32,000 bytes (UTF-8 bytes as received).
            $batches = @(foreach ($r in $requests) { , @(Get-BatchItemText $r.body) })
            @($requests | Where-Object { (Get-Utf8Length $_.body) -gt 500000 }).Count | Should -Be 0
            $sizes = @($batches | ForEach-Object { $_ } | ForEach-Object { Get-Utf8Length $_ })
            $sizes.Count | Should -Be 10000
            @($sizes | Where-Object { $_ -gt 32000 }).Count | Should -Be 0
            ($sizes | Measure-Object -Minimum).Minimum | Should -BeGreaterThan 850 -Because 'the items are about 1 KB'

            # Each request carries a contiguous run of the input in input order; together, every item exactly once.
            $runs = foreach ($items in $batches) {
                $indexes = [int[]]@($items | ForEach-Object { if ($_ -match '"identifiers":\{"id":"bulk-(\d+)"\}') { [int]$Matches[1] } else { -1 } })
                $gaps = @(for ($k = 1; $k -lt $indexes.Count; $k++) { if ($indexes[$k] -ne $indexes[$k - 1] + 1) { $k } })
                $gaps.Count | Should -Be 0 -Because 'a batch is a run of consecutive input rows'
                [pscustomobject]@{ First = $indexes[0]; Indexes = $indexes; Sizes = [int[]]@($items | ForEach-Object { Get-Utf8Length $_ }) }
            }
            $ordered = @($runs | Sort-Object First)
            $all = [int[]]@($ordered | ForEach-Object { $_.Indexes })
            ($all -join ',') | Should -BeExactly ((0..9999) -join ',')

            # No more requests than greedy packing of these items (sizes as sent, in input order) needs.
            $greedy = Get-GreedyRequestCount ([int[]]@($ordered | ForEach-Object { $_.Sizes }))
            $greedy | Should -BeGreaterThan 15
            $requests.Count | Should -BeLessOrEqual $greedy

            # And the items landed as sent.
            $state = Get-CioEmulatorState $script:Emu
            @($state.people).Count | Should -Be 10000
            (Get-CioEmulatorPerson $script:Emu 'bulk-04321').attributes.bio | Should -BeExactly $script:Rows[4321].bio
        }
    }

    Context 'order' {
        It 'sends requests in input order with -ThrottleLimit 1 (items of one person keep their order)' {
            # About 20 KB each: two batches, whose requests must arrive in input order.
            $items = foreach ($i in 1..30) {
                $attributes = @{ step = $i }
                foreach ($k in 1..20) { $attributes["pad$k"] = 'p' * 990 }
                New-Identify "ord-$($i % 3)" $attributes
            }
            $items | Invoke-CioBatch -ThrottleLimit 1

            @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 2
            $steps = @(Get-CioEmulatorRequests $script:Emu | ForEach-Object { Get-BatchItemText $_.body } | ForEach-Object { ($_ | ConvertFrom-Json).attributes.step })
            ($steps -join ',') | Should -BeExactly ((1..30) -join ',')
            (Get-CioEmulatorPerson $script:Emu 'ord-0').attributes.step | Should -Be 30
            (Get-CioEmulatorPerson $script:Emu 'ord-1').attributes.step | Should -Be 28
        }

        It 'sends a lone operation as a batch of one' {
            New-Identify 'lone' | Invoke-CioBatch
            $r = @(Get-CioEmulatorRequests $script:Emu)
            $r.Count | Should -Be 1
            $r[0].path | Should -BeExactly '/api/v2/batch'
            $r[0].body | Should -BeExactly '{"batch":[{"type":"person","identifiers":{"id":"lone"},"action":"identify","attributes":{"plan":"pro"}}]}'
        }
    }

    Context 'invalid items' {
        It 'reports items the client refuses (one error each, TargetObject = the input) and sends the others' {
            $items = @(
                New-Identify 'ok-0'
                New-Identify 'bad-1' @{ bio = 'x' * 1001 }                                   # attribute value over 1000 bytes
                New-Identify 'ok-2'
                [ordered]@{ type = 'person'; identifiers = @{ id = 'bad-3' }; action = 'fly' } # no such action
                @{ type = 'person'; action = 'event'; identifiers = @{ id = 'bad-4' }; name = 'big'; attributes = @{ blob = 'x' * 40000 } } # over 32 KB
                New-Identify 'ok-5'
            )
            $errs = $null
            $results = @($items | Invoke-CioBatch -PassThru -ErrorVariable errs -ErrorAction SilentlyContinue)

            @($errs).Count | Should -Be 3
            [object]::ReferenceEquals($errs[0].TargetObject, $items[1]) | Should -BeTrue
            [object]::ReferenceEquals($errs[1].TargetObject, $items[3]) | Should -BeTrue
            [object]::ReferenceEquals($errs[2].TargetObject, $items[4]) | Should -BeTrue
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'AttributeValueTooLong,*'
            $errs[1].FullyQualifiedErrorId | Should -BeLike 'UnknownOperationAction,*'
            $errs[2].FullyQualifiedErrorId | Should -BeLike 'BatchItemTooLarge,*'

            $results.Count | Should -Be 6 -Because '-PassThru emits one result per item'
            @($results | Where-Object Succeeded).Count | Should -Be 3
            $sent = @(Get-CioEmulatorRequests $script:Emu)
            $sent.Count | Should -Be 1
            @(Get-BatchItemText $sent[0].body).Count | Should -Be 3
            foreach ($id in 'ok-0', 'ok-2', 'ok-5') { Get-CioEmulatorPerson $script:Emu $id | Should -Not -BeNullOrEmpty }
            foreach ($id in 'bad-1', 'bad-3', 'bad-4') { Get-CioEmulatorPerson $script:Emu $id | Should -BeNullOrEmpty }
        }

        It 'maps a 207 answer''s batch_index back to the input rows (fault on items 1 and 3)' {
            $null = Add-CioEmulatorFault $script:Emu @{ kind = 'items'; items = @(1, 3); reason = 'refused by the test' }
            $rows = @"
id,plan
row-0,a
row-1,b
row-2,c
row-3,d
row-4,e
row-5,f
"@ | ConvertFrom-Csv
            $errs = $null
            $results = @($rows | Set-CioCustomer -AsOperation | Invoke-CioBatch -PassThru -ErrorVariable errs -ErrorAction SilentlyContinue)

            $r = @(Get-CioEmulatorRequests $script:Emu)
            $r.Count | Should -Be 1
            $r[0].status | Should -Be 207
            @($errs).Count | Should -Be 2
            [object]::ReferenceEquals($errs[0].TargetObject, $rows[1]) | Should -BeTrue -Because 'TargetObject is the original CSV row'
            [object]::ReferenceEquals($errs[1].TargetObject, $rows[3]) | Should -BeTrue
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'CioBatchItemRejected,*'
            $errs[0].Exception.Message | Should -BeLike '*refused by the test*'
            $results.Count | Should -Be 6
            ($results | ForEach-Object Succeeded) -join ',' | Should -Be 'True,False,True,False,True,True'
            foreach ($id in 'row-0', 'row-2', 'row-4', 'row-5') { Get-CioEmulatorPerson $script:Emu $id | Should -Not -BeNullOrEmpty }
            foreach ($id in 'row-1', 'row-3') { Get-CioEmulatorPerson $script:Emu $id | Should -BeNullOrEmpty }
        }

        It 'maps the service''s own per-item refusals (207) to the input, with reason and field' {
            # The client cannot know that no object has this cio_object_id; the service answers 207 for that item.
            $items = @(
                New-Identify 'rel-0'
                [ordered]@{ type = 'person'; identifiers = @{ id = 'rel-0' }; action = 'add_relationships'; cio_relationships = @(@{ identifiers = @{ cio_object_id = 'no-such-object' } }) }
                New-Identify 'rel-2'
            )
            $errs = $null
            $items | Invoke-CioBatch -ErrorVariable errs -ErrorAction SilentlyContinue

            (@(Get-CioEmulatorRequests $script:Emu))[0].status | Should -Be 207
            @($errs).Count | Should -Be 1
            [object]::ReferenceEquals($errs[0].TargetObject, $items[1]) | Should -BeTrue
            $errs[0].Exception.Message | Should -BeLike '*no-such-object*'
            Get-CioEmulatorPerson $script:Emu 'rel-2' | Should -Not -BeNullOrEmpty
        }

        It 'reports no record accepted on a 207 that names no item (only meta.error): resends in halves, each good record succeeds once, the refused one is re-runnable' {
            # Contract: batch_index can be missing or null and a 207 body may hold only meta.error; no item of
            # such a request may be reported accepted on its word. The fault answers that for every request holding poison-4.
            $null = Add-CioEmulatorFault $script:Emu @{ kind = 'status'; status = 207; match = 'poison-4'; count = -1; reason = 'some item failed' }
            $items = foreach ($i in 0..7) { New-Identify $(if ($i -eq 4) { 'poison-4' } else { "good-$i" }) }
            $results = @($items | Invoke-CioBatch -PassThru -ErrorVariable errs -ErrorAction SilentlyContinue)
            $ok = @($results | Where-Object Succeeded | ForEach-Object Identifier)
            $ok | Should -Not -Contain 'poison-4'
            @($ok | Sort-Object) | Should -Be @($items | Where-Object { $_.identifiers.id -ne 'poison-4' } | ForEach-Object { $_.identifiers.id } | Sort-Object)
            @($ok | Sort-Object -Unique).Count | Should -Be $ok.Count -Because 'each good record succeeds once'
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'CioBatchItemRejected*'
            [object]::ReferenceEquals($errs[0].TargetObject, $items[4]) | Should -BeTrue
            (Get-CioEmulatorPerson $script:Emu 'good-7') | Should -Not -BeNullOrEmpty
        }

        It 'splits a batch refused with 400 so the good items still land' {
            $null = Add-CioEmulatorFault $script:Emu @{ kind = 'status'; status = 400; count = 1; match = '/api/v2/batch' }
            $items = foreach ($i in 0..7) { New-Identify "split-$i" }
            $errs = $null
            $items | Invoke-CioBatch -ErrorVariable errs -ErrorAction SilentlyContinue

            @($errs).Count | Should -Be 0
            $r = @(Get-CioEmulatorRequests $script:Emu)
            $r[0].status | Should -Be 400
            @($r | Select-Object -Skip 1 | Where-Object status -NE 200).Count | Should -Be 0
            foreach ($i in 0..7) { Get-CioEmulatorPerson $script:Emu "split-$i" | Should -Not -BeNullOrEmpty }
        }

        It 'isolates the one item every request containing it is refused for (400), and lands the rest' {
            $null = Add-CioEmulatorFault $script:Emu @{ kind = 'status'; status = 400; count = -1; match = 'poison-5'; reason = 'malformed by the test' }
            $items = foreach ($i in 0..9) { New-Identify $(if ($i -eq 5) { 'poison-5' } else { "good-$i" }) }
            $errs = $null
            $items | Invoke-CioBatch -ErrorVariable errs -ErrorAction SilentlyContinue

            @($errs).Count | Should -Be 1
            [object]::ReferenceEquals($errs[0].TargetObject, $items[5]) | Should -BeTrue
            $errs[0].Exception.Message | Should -BeLike '*400*malformed by the test*'
            foreach ($i in 0..9) { if ($i -ne 5) { Get-CioEmulatorPerson $script:Emu "good-$i" | Should -Not -BeNullOrEmpty } }
        }
    }

    Context 'inputs' {
        It 'takes hashtables, objects, JSON texts and a saved {"batch":[...]} envelope' {
            $envelope = '{"batch":[{"type":"person","identifiers":{"id":"env-1"},"action":"identify"},{"type":"person","identifiers":{"id":"env-2"},"action":"identify"}]}' | ConvertFrom-Json
            @(
                New-Identify 'in-1'
                [pscustomobject]@{ type = 'person'; action = 'identify'; identifiers = [pscustomobject]@{ id = 'in-2' } }
                '{"type":"person","action":"identify","identifiers":{"id":"in-3"}}'
                $envelope
            ) | Invoke-CioBatch

            @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 1
            foreach ($id in 'in-1', 'in-2', 'in-3', 'env-1', 'env-2') { Get-CioEmulatorPerson $script:Emu $id | Should -Not -BeNullOrEmpty }
        }

        It 'sends delivery events and objects in the same batch as people' {
            @(
                @{ type = 'delivery'; action = 'event'; identifiers = @{ id = 'dlv-9' }; name = 'opened'; attributes = @{ device_token = 'tok-9' } }
                @{ type = 'object'; action = 'identify'; identifiers = @{ object_type_id = '1'; object_id = 'acme' }; attributes = @{ name = 'Acme' } }
                New-Identify 'mixed-1'
            ) | Invoke-CioBatch

            $r = @(Get-CioEmulatorRequests $script:Emu)
            $r.Count | Should -Be 1
            $r[0].status | Should -Be 200
            $items = @(Get-BatchItemText $r[0].body | ConvertFrom-Json)
            $items[0].type | Should -Be 'delivery'
            $items[0].name | Should -Be 'opened'
            $state = Get-CioEmulatorState $script:Emu
            @($state.deliveries).Count | Should -Be 1
            (Get-EmulatorObject '1' 'acme').attributes.name | Should -Be 'Acme'
        }

        It 'shows the v2 items of -AsOperation with ConvertTo-Json' {
            $json = [pscustomobject]@{ id = 'show-1'; email = 'show@example.com'; plan = 'pro' } | Set-CioCustomer -AsOperation | ConvertTo-Json -Compress -Depth 10
            $json | Should -BeExactly '{"type":"person","identifiers":{"id":"show-1"},"action":"identify","attributes":{"email":"show@example.com","plan":"pro"}}'
            @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0 -Because '-AsOperation sends nothing'
        }

        It 'sends nothing under -WhatIf' {
            New-Identify 'whatif' | Invoke-CioBatch -WhatIf
            @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
        }
    }

    Context 'v1 and v2 loads of one CSV' {
        It 'leaves the emulator in the same state with Set-CioCustomer -NoBatch and with -AsOperation | Invoke-CioBatch' {
            $csvPath = Join-Path $TestDrive 'people.csv'
            $lines = @('id,email,first_name,plan,created_at,score,city')
            foreach ($i in 1..250) {
                $city = @('Zürich', 'São Paulo', '', 'Kraków', 'Tōkyō')[$i % 5]
                $plan = if ($i % 7 -eq 0) { '' } else { ('free', 'pro')[$i % 2] }
                $lines += "csv-$i,csv-$i@example.com,Name $i,$plan,$(1700000000 + $i),$($i * 3),$city"
            }
            Set-Content -LiteralPath $csvPath -Value $lines -Encoding utf8

            $errs = $null
            Import-Csv $csvPath | Set-CioCustomer -NoBatch -ErrorVariable errs
            @($errs).Count | Should -Be 0
            $v1Requests = @(Get-CioEmulatorRequests $script:Emu)
            $v1Requests.Count | Should -Be 250
            @($v1Requests | Where-Object { $_.method -ne 'PUT' -or $_.path -notlike '/api/v1/customers/*' }).Count | Should -Be 0
            $v1 = Get-PeopleSnapshot

            Reset-CioEmulator $script:Emu
            Import-Csv $csvPath | Set-CioCustomer -AsOperation | Invoke-CioBatch -ErrorVariable errs
            @($errs).Count | Should -Be 0
            $v2Requests = @(Get-CioEmulatorRequests $script:Emu)
            $v2Requests.Count | Should -Be 1 -Because '250 small people fit in one batch'
            $v2Requests[0].path | Should -BeExactly '/api/v2/batch'
            $v2 = Get-PeopleSnapshot

            $v2.Count | Should -Be 250
            @($v2.Keys) | Should -Be @($v1.Keys)
            foreach ($k in $v1.Keys) { $v2[$k] | Should -BeExactly $v1[$k] -Because "person $k must be the same after both loads" }
        }
    }
}
