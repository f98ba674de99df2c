# Send-CioMetric, Send-CioUnsubscribe, Send-CioPushMetric and Submit-CioForm against the emulator:
# the exact v1 requests, what the emulator recorded, CSV input, refused values, -WhatIf.
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

Describe 'Send-CioMetric' {
    BeforeEach { Reset-CioEmulator $script:Emu }

    It 'sends the reference request: POST /api/v1/metrics {"delivery_id","metric","timestamp"}; the emulator records it' {
        Send-CioMetric -DeliveryId dlv-1 -Metric opened -Timestamp 1700000000
        $sent = @(Get-CioEmulatorRequests $script:Emu)
        $sent.Count | Should -Be 1
        Assert-Request $sent[0] -Method POST -Path '/api/v1/metrics' -Body '{"delivery_id":"dlv-1","metric":"opened","timestamp":1700000000}'
        $metrics = @((Get-CioEmulatorState $script:Emu).metrics)
        $metrics.Count | Should -Be 1
        $metrics[0].delivery_id | Should -Be 'dlv-1'
        $metrics[0].metric | Should -Be 'opened'
        $metrics[0].timestamp | Should -Be 1700000000
    }

    It 'sends recipient, reason and href when given, no timestamp when none' {
        Send-CioMetric -DeliveryId dlv-1 -Metric clicked -Href 'https://example.com/a?b=1' -Recipient 'a@example.com'
        Send-CioMetric -DeliveryId dlv-2 -Metric Bounced -Reason 'mailbox full' -Timestamp ([DateTimeOffset]::FromUnixTimeSeconds(1700000001))
        $sent = @(Get-CioEmulatorRequests $script:Emu)
        Assert-Request $sent[0] -Method POST -Path '/api/v1/metrics' -Body '{"delivery_id":"dlv-1","metric":"clicked","recipient":"a@example.com","href":"https://example.com/a?b=1"}'
        Assert-Request $sent[1] -Method POST -Path '/api/v1/metrics' -Body '{"delivery_id":"dlv-2","metric":"bounced","timestamp":1700000001,"reason":"mailbox full"}'
    }

    It 'sends a CSV (delivery_id, metric, timestamp, href); an unknown metric is refused, the rest sent' {
        $rows = Import-TestCsv 'metrics.csv' @'
delivery_id,metric,timestamp,href
dlv-1,delivered,1700000000,
dlv-1,read,1700000050,
dlv-1,CLICKED,1700000100,https://example.com
'@
        $rows | Send-CioMetric -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidMetric,*SendCioMetricCommand'
        $errs[0].Exception.Message | Should -Match "^Record 2 \('dlv-1'\): 'metric' is 'read'; it must be one of bounced, clicked, converted, deferred, delivered, dropped, opened, spammed\."
        [object]::ReferenceEquals($errs[0].TargetObject, $rows[1]) | Should -BeTrue
        $sent = @(Get-CioEmulatorRequests $script:Emu)
        $sent.Count | Should -Be 2
        # One delivery's metrics are sent in input order.
        Assert-Request $sent[0] -Method POST -Path '/api/v1/metrics' -Body '{"delivery_id":"dlv-1","metric":"delivered","timestamp":1700000000}'
        Assert-Request $sent[1] -Method POST -Path '/api/v1/metrics' -Body '{"delivery_id":"dlv-1","metric":"clicked","timestamp":1700000100,"href":"https://example.com"}'
        @((Get-CioEmulatorState $script:Emu).metrics.metric) | Should -Be @('delivered', 'clicked')
    }

    It 'sends every metric of the contract''s enum, deferred included; the emulator (which keeps the enum) records each' {
        $contract = 'bounced', 'clicked', 'converted', 'deferred', 'delivered', 'dropped', 'opened', 'spammed'
        $contract | ForEach-Object { [pscustomobject]@{ delivery_id = "dlv-$_"; metric = $_ } } | Send-CioMetric -ErrorVariable errs
        $errs.Count | Should -Be 0
        @(Get-CioEmulatorRequests $script:Emu | Where-Object status -EQ 200).Count | Should -Be 8
        @((Get-CioEmulatorState $script:Emu).metrics.metric | Sort-Object) | Should -Be $contract
    }

    It 'refuses <Metric> before sending (not in the contract''s enum), naming the field, the value and the allowed list' -ForEach @(
        @{ Metric = 'sent' }, @{ Metric = 'unsubscribed' }, @{ Metric = 'failed' }, @{ Metric = 'undeliverable' },
        @{ Metric = 'human_clicked' }, @{ Metric = 'bot_clicked' }
    ) {
        Send-CioMetric -DeliveryId dlv-1 -Metric $Metric -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidMetric,*SendCioMetricCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $errs[0].Exception.Message | Should -BeLike "*'metric' is '$Metric'; it must be one of bounced, clicked, converted, deferred, delivered, dropped, opened, spammed.*Nothing of this record was sent."
        @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
    }

    It 'refuses a missing delivery id' {
        Send-CioMetric -Metric opened -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'FieldMissing,*'
        $errs[0].Exception.Message | Should -Match "'delivery_id' is missing"
        @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
    }

    It 'completes -Metric' {
        $line = 'Send-CioMetric -Metric de'
        @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) | Should -Be @('deferred', 'delivered')
    }

    It '-WhatIf sends nothing and names the delivery' {
        $out = Get-HostOutput { [pscustomobject]@{ delivery_id = 'dlv-9'; metric = 'opened' } | Send-CioMetric -WhatIf }
        @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
        $out | Should -BeLike "*Whatif:*metric(POST/api/v1/metrics*delivery'dlv-9'*"
    }
}

Describe 'Send-CioUnsubscribe' {
    BeforeEach { Reset-CioEmulator $script:Emu }

    It 'sends POST /unsubscribe/{delivery_id} at the host root with {"unsubscribe":true}; the emulator records it' {
        Send-CioUnsubscribe -DeliveryId dlv-1
        $sent = @(Get-CioEmulatorRequests $script:Emu)
        $sent.Count | Should -Be 1
        Assert-Request $sent[0] -Method POST -Path '/unsubscribe/dlv-1' -Body '{"unsubscribe":true}'
        $recorded = @((Get-CioEmulatorState $script:Emu).metrics)
        $recorded.Count | Should -Be 1
        $recorded[0].delivery_id | Should -Be 'dlv-1'
        $recorded[0].unsubscribe | Should -BeTrue
    }

    It 'binds delivery_id by property name and takes plain strings; percent-encodes the id; -PassThru reports each' {
        $rows = Import-TestCsv 'unsubscribes.csv' "delivery_id,page`ndlv-a,/prefs`ndlv b/2,/prefs"
        $results = @(@($rows) + 'dlv-c' | Send-CioUnsubscribe -PassThru)
        $results.Count | Should -Be 3
        $results.Succeeded | Should -Be @($true, $true, $true)
        @($results.Action | Sort-Object -Unique) | Should -Be 'unsubscribe'
        @(Get-CioEmulatorRequests $script:Emu | ForEach-Object path | Sort-Object) | Should -Be @('/unsubscribe/dlv%20b%2F2', '/unsubscribe/dlv-a', '/unsubscribe/dlv-c' | Sort-Object)
        @((Get-CioEmulatorState $script:Emu).metrics.delivery_id | Sort-Object) | Should -Be @('dlv b/2', 'dlv-a', 'dlv-c' | Sort-Object)
    }

    It 'refuses a record without a delivery id before sending, naming the field, and sends the rest' {
        $rows = @([pscustomobject]@{ delivery_id = '' }, [pscustomobject]@{ delivery_id = 'dlv-2' })
        $rows | Send-CioUnsubscribe -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'FieldMissing,*SendCioUnsubscribeCommand'
        $errs[0].Exception.Message | Should -BeLike "*'delivery_id' is empty; an unsubscribe names the delivery*Nothing of this record was sent."
        [object]::ReferenceEquals($errs[0].TargetObject, $rows[0]) | Should -BeTrue
        @(Get-CioEmulatorRequests $script:Emu).path | Should -Be '/unsubscribe/dlv-2'
    }

    It 'reports the service''s refusal (400) as an error whose TargetObject is the input' {
        $null = Add-CioEmulatorFault $script:Emu @{ kind = 'status'; status = 400; count = 1; match = 'dlv-bad'; reason = 'delivery_id format is incorrect' }
        $row = [pscustomobject]@{ delivery_id = 'dlv-bad' }
        $row | Send-CioUnsubscribe -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].Exception.StatusCode | Should -Be 400
        [object]::ReferenceEquals($errs[0].TargetObject, $row) | Should -BeTrue
    }

    It '-WhatIf sends nothing and shows the request at the host root' {
        $out = Get-HostOutput { Send-CioUnsubscribe -DeliveryId dlv-9 -WhatIf }
        @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
        $out | Should -BeLike '*Whatif:*unsubscribe(POST/unsubscribe/dlv-9{"unsubscribe":true})*delivery''dlv-9''*'
    }
}

Describe 'Send-CioPushMetric (deprecated POST /api/v1/push/events)' {
    BeforeEach { Reset-CioEmulator $script:Emu }

    It 'sends {"delivery_id","event","device_id","timestamp"}; the emulator records it' {
        Send-CioPushMetric -DeliveryId dlv-1 -Event Opened -DeviceId tok-1 -Timestamp 1700000000
        $sent = @(Get-CioEmulatorRequests $script:Emu)
        $sent.Count | Should -Be 1
        Assert-Request $sent[0] -Method POST -Path '/api/v1/push/events' -Body '{"delivery_id":"dlv-1","event":"opened","device_id":"tok-1","timestamp":1700000000}'
        $recorded = @((Get-CioEmulatorState $script:Emu).metrics)
        $recorded.Count | Should -Be 1
        $recorded[0].event | Should -Be 'opened'
        $recorded[0].device_id | Should -Be 'tok-1'
    }

    It 'binds delivery_id, event, device_id and timestamp by property name; sends one delivery''s metrics in input order' {
        $rows = Import-TestCsv 'push.csv' "delivery_id,event,device_id,timestamp`ndlv-1,delivered,tok-1,1700000000`ndlv-1,opened,tok-1,1700000100`ndlv-1,converted,tok-1,"
        $rows | Send-CioPushMetric
        $sent = @(Get-CioEmulatorRequests $script:Emu)
        $sent.Count | Should -Be 3
        Assert-Request $sent[0] -Method POST -Path '/api/v1/push/events' -Body '{"delivery_id":"dlv-1","event":"delivered","device_id":"tok-1","timestamp":1700000000}'
        Assert-Request $sent[1] -Method POST -Path '/api/v1/push/events' -Body '{"delivery_id":"dlv-1","event":"opened","device_id":"tok-1","timestamp":1700000100}'
        Assert-Request $sent[2] -Method POST -Path '/api/v1/push/events' -Body '{"delivery_id":"dlv-1","event":"converted","device_id":"tok-1"}'
    }

    It 'refuses event <Event> before sending (the contract takes opened, converted, delivered), naming field, value and list' -ForEach @(
        @{ Event = 'clicked' }, @{ Event = 'bounced' }
    ) {
        Send-CioPushMetric -DeliveryId dlv-1 -Event $Event -DeviceId tok-1 -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidDeliveryMetric,*SendCioPushMetricCommand'
        $errs[0].Exception.Message | Should -BeLike "*'event' is '$Event'; it must be one of opened, converted, delivered.*"
        @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
    }

    It 'refuses a missing delivery id and a missing event' {
        Send-CioPushMetric -Event opened -ErrorVariable e1 -ErrorAction SilentlyContinue
        Send-CioPushMetric -DeliveryId dlv-1 -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e1[0].FullyQualifiedErrorId | Should -BeLike 'FieldMissing,*'
        $e1[0].Exception.Message | Should -Match "'delivery_id' is missing"
        $e2[0].Exception.Message | Should -Match "'event' is missing; it must be one of opened, converted, delivered"
        @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
    }

    It 'says in its help that the endpoint is deprecated and names the replacement' {
        $help = Get-Help Send-CioPushMetric -Full | Out-String -Width 300
        $help | Should -Match 'Deprecated'
        $help | Should -Match 'Send-CioMetric'
    }

    It 'completes -Event' {
        $line = 'Send-CioPushMetric -Event c'
        @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) | Should -Be @('converted')
    }
}

Describe 'Submit-CioForm' {
    BeforeEach { Reset-CioEmulator $script:Emu }

    It 'sends POST /api/v1/forms/{form_id}/submit {"data":{...}}; the emulator records it' {
        Submit-CioForm -FormId newsletter -Data @{ email = 'a@example.com'; first_name = 'Ada' }
        $sent = @(Get-CioEmulatorRequests $script:Emu)
        $sent.Count | Should -Be 1
        Assert-Request $sent[0] -Method POST -Path '/api/v1/forms/newsletter/submit' -Body '{"data":{"email":"a@example.com","first_name":"Ada"}}'
        $forms = @((Get-CioEmulatorState $script:Emu).forms)
        $forms.Count | Should -Be 1
        $forms[0].form_id | Should -Be 'newsletter'
        $forms[0].data.first_name | Should -Be 'Ada'
    }

    It 'percent-encodes the form id' {
        Submit-CioForm -FormId 'contact us/2' -Data @{ email = 'a@example.com' }
        @(Get-CioEmulatorRequests $script:Emu)[0].path | Should -BeExactly '/api/v1/forms/contact%20us%2F2/submit'
    }

    It 'sends a CSV: the columns other than form_id are the fields, -Data merges over them' {
        $rows = Import-TestCsv 'forms.csv' "form_id,email,first_name,company`nsignup,a@example.com,Ada,`nsignup,b@example.com,Bo,Acme"
        $rows | Submit-CioForm -Data @{ source = 'import' }
        $bodies = @(Get-CioEmulatorRequests $script:Emu | ForEach-Object { $_.path | Should -Be '/api/v1/forms/signup/submit'; ConvertTo-CanonicalJson $_.body } | Sort-Object)
        $bodies | Should -Be (@(
            (ConvertTo-CanonicalJson '{"data":{"email":"a@example.com","first_name":"Ada","source":"import"}}'),
            (ConvertTo-CanonicalJson '{"data":{"email":"b@example.com","first_name":"Bo","company":"Acme","source":"import"}}')
        ) | Sort-Object)
        @((Get-CioEmulatorState $script:Emu).forms).Count | Should -Be 2
    }

    It 'refuses a record without a form id, naming it, and sends the rest' {
        $rows = @([pscustomobject]@{ form_id = ''; email = 'x@example.com' }, [pscustomobject]@{ form_id = 'f'; email = 'y@example.com' })
        $rows | Submit-CioForm -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'FieldMissing,*SubmitCioFormCommand'
        [object]::ReferenceEquals($errs[0].TargetObject, $rows[0]) | Should -BeTrue
        @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 1
    }

    It '-WhatIf sends nothing' {
        Submit-CioForm -FormId f -Data @{ email = 'a@example.com'; a = 1 } -WhatIf
        @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
    }

    It 'sends every value as text, as the contract types form values (strings): numbers, booleans and dates by their invariant text' {
        Submit-CioForm -FormId f -Data ([ordered]@{ email = 'a@example.com'; age = 42; ratio = 0.5; member = $true; at = [datetime]::SpecifyKind([datetime]'2024-01-02T03:04:05', 'Utc') })
        $sent = @(Get-CioEmulatorRequests $script:Emu)
        $sent[0].body | Should -BeExactly '{"data":{"email":"a@example.com","age":"42","ratio":"0.5","member":"true","at":"2024-01-02T03:04:05.0000000Z"}}'
        $sent[0].status | Should -Be 204 -Because 'the emulator, which keeps the contract, accepted it'
    }

    It 'sends a submission without an email or id field (the workspace may map another field to one); the emulator, a workspace without mappings, refuses it and the record fails alone' {
        Submit-CioForm -FormId f -Data @{ name = 'Ada' } -ErrorVariable errs -ErrorAction SilentlyContinue
        $sent = @(Get-CioEmulatorRequests $script:Emu)
        $sent.Count | Should -Be 1
        $sent[0].status | Should -Be 400
        $errs.Count | Should -Be 1
        $errs[0].Exception.Message | Should -Match 'email or an id'
    }

    It 'refuses <Case>, naming the field and the rule, and sends nothing of it' -TestCases @(
        @{ Case = 'a list value (no text form)'; Data = @{ email = 'a@example.com'; tags = @('a', 'b') }; ErrorId = 'FormValueNotText'; Pattern = "'data.tags' is .*a form's values are text" }
    ) {
        param($Case, $Data, $ErrorId, $Pattern)
        Submit-CioForm -FormId f -Data $Data -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $errs[0].Exception.Message | Should -Match $Pattern
        @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
    }
}
