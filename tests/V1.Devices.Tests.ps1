# Add-CioDevice and Remove-CioDevice against the emulator: the exact v1 requests, the
# person's devices after them, CSV input, platform and attribute limits, -WhatIf, -AsOperation.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot TestHelpers.psm1) -Force
    . (Join-Path $PSScriptRoot V1.Common.ps1)
    Import-CioModuleUnderTest
    $script:Emu = Start-CioEmulator
    Connect-CioEmulator $script:Emu

    function script:Get-Devices([string] $Id) {
        $map = @{}
        foreach ($d in (Get-CioEmulatorPerson $script:Emu $Id).devices) { $map[$d.id] = $d }
        $map
    }
}

AfterAll {
    Disconnect-CioTrack -ErrorAction Ignore
    Stop-CioEmulator $script:Emu
}

Describe 'Add-CioDevice' {
    BeforeEach { Reset-CioEmulator $script:Emu }

    It 'sends the reference request: PUT /api/v1/customers/cust-1/devices {"device":{"id","platform","last_used"}}' {
        Add-CioDevice -Id cust-1 -DeviceId tok-1 -Platform ios -LastUsed 1700000000
        $sent = @(Get-CioEmulatorRequests $script:Emu)
        $sent.Count | Should -Be 1
        Assert-Request $sent[0] -Method PUT -Path '/api/v1/customers/cust-1/devices' `
            -Body '{"device":{"id":"tok-1","platform":"ios","last_used":1700000000}}'
        $device = (Get-Devices 'cust-1')['tok-1']
        $device.platform | Should -Be 'ios'
        $device.last_used | Should -Be 1700000000
    }

    It 'sends -Attributes under device.attributes and a DateTime -LastUsed as Unix seconds' {
        $when = [DateTimeOffset]::FromUnixTimeSeconds(1700000123)
        Add-CioDevice cust-1 tok-1 android -LastUsed $when -Attributes @{ app_version = '2.1.0'; push_enabled = $true }
        Assert-Request @(Get-CioEmulatorRequests $script:Emu)[0] -Method PUT -Path '/api/v1/customers/cust-1/devices' `
            -Body '{"device":{"id":"tok-1","platform":"android","last_used":1700000123,"attributes":{"app_version":"2.1.0","push_enabled":true}}}'
        $device = (Get-Devices 'cust-1')['tok-1']
        $device.attributes.app_version | Should -BeExactly '2.1.0'
        $device.attributes.push_enabled | Should -BeTrue
    }

    It 'sends a CSV: device_id/token columns, platforms in any case sent lower case, other columns as device attributes' {
        $rows = Import-TestCsv 'devices.csv' @'
customer_id,device_id,platform,last_used,app_version,locale
cust-1,tok-1,iOS,1700000000,2.1.0,en
cust-2,tok-2,ANDROID,,3.0.0,
'@
        $rows | Add-CioDevice -NoBatch
        $byPath = @{}
        foreach ($r in Get-CioEmulatorRequests $script:Emu) { $byPath[$r.path] = $r }
        Assert-Request $byPath['/api/v1/customers/cust-1/devices'] -Method PUT -Path '/api/v1/customers/cust-1/devices' `
            -Body '{"device":{"id":"tok-1","platform":"ios","last_used":1700000000,"attributes":{"app_version":"2.1.0","locale":"en"}}}'
        Assert-Request $byPath['/api/v1/customers/cust-2/devices'] -Method PUT -Path '/api/v1/customers/cust-2/devices' `
            -Body '{"device":{"id":"tok-2","platform":"android","attributes":{"app_version":"3.0.0"}}}'
        (Get-Devices 'cust-2')['tok-2'].platform | Should -Be 'android'

        $tokens = Import-TestCsv 'tokens.csv' "id,token,platform`ncust-3,tok-3,ios"
        $tokens | Add-CioDevice
        (Get-Devices 'cust-3')['tok-3'].platform | Should -Be 'ios'
    }

    It 'sends piped hashtables' {
        @{ customer_id = 'cust-1'; device_id = 'tok-1'; platform = 'ios'; model = 'iPhone15' } | Add-CioDevice
        Assert-Request @(Get-CioEmulatorRequests $script:Emu)[0] -Method PUT -Path '/api/v1/customers/cust-1/devices' `
            -Body '{"device":{"id":"tok-1","platform":"ios","attributes":{"model":"iPhone15"}}}'
    }

    It 'refuses <Case>, naming the record, and sends the rest' -TestCases @(
        @{ Case = 'a platform other than ios/android'; Extra = @{ platform = 'windows' }; ErrorId = 'InvalidPlatform'; Pattern = "'platform' is 'windows'; it must be one of ios, android" }
        @{ Case = 'a missing platform'; Extra = @{ platform = '' }; ErrorId = 'InvalidPlatform'; Pattern = "'platform' is empty; it must be one of ios, android" }
        @{ Case = 'a missing device token'; Extra = @{ device_id = '' }; ErrorId = 'FieldMissing'; Pattern = "'device_id' is empty" }
        @{ Case = 'a person id over 150 bytes'; Extra = @{ customer_id = 'p' * 151 }; ErrorId = 'IdentifierTooLong'; Pattern = "'id' is 151 bytes; the limit is 150 bytes" }
        @{ Case = 'an attribute name over 150 bytes'; Extra = @{ ('n' * 151) = 'v' }; ErrorId = 'AttributeNameTooLong'; Pattern = 'is 151 bytes; the limit is 150 bytes' }
        @{ Case = 'an attribute value over 1000 bytes'; Extra = @{ note = 'ü' * 501 }; ErrorId = 'AttributeValueTooLong'; Pattern = "The value of 'note' is 1002 bytes; the limit is 1000 bytes" }
        @{ Case = 'a timestamp that is not one'; Extra = @{ last_used = 'yesterday' }; ErrorId = 'InvalidTimestamp'; Pattern = "'last_used' must be a DateTime" }
    ) {
        param($Case, $Extra, $ErrorId, $Pattern)
        $bad = [ordered]@{ customer_id = 'cust-2'; device_id = 'tok-2'; platform = 'ios' }
        foreach ($k in $Extra.Keys) { $bad[$k] = $Extra[$k] }
        $rows = @(
            [pscustomobject]@{ customer_id = 'cust-1'; device_id = 'tok-1'; platform = 'ios' }
            [pscustomobject]$bad
            [pscustomobject]@{ customer_id = 'cust-3'; device_id = 'tok-3'; platform = 'android' }
        )
        $rows | Add-CioDevice -NoBatch -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*AddCioDeviceCommand"
        $errs[0].Exception.Message | Should -Match '^Record 2'
        $errs[0].Exception.Message | Should -Match $Pattern
        [object]::ReferenceEquals($errs[0].TargetObject, $rows[1]) | Should -BeTrue
        @(Get-CioEmulatorRequests $script:Emu | ForEach-Object path | Sort-Object) | Should -Be @('/api/v1/customers/cust-1/devices', '/api/v1/customers/cust-3/devices')
    }

    It 'refuses more than 300 device attributes' {
        $attributes = @{}
        1..301 | ForEach-Object { $attributes["a$_"] = $_ }
        Add-CioDevice -Id cust-1 -DeviceId tok-1 -Platform ios -Attributes $attributes -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'TooManyAttributes,*'
        $errs[0].Exception.Message | Should -Match "'attributes' has 301 attributes; Customer.io accepts at most 300"
        @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
    }

    It 'completes -Platform with ios and android' {
        $line = 'Add-CioDevice -Platform '
        $c = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        @($c.CompletionMatches.CompletionText) | Should -Be @('ios', 'android')
        $line = 'Add-CioDevice -Platform an'
        $c = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        @($c.CompletionMatches.CompletionText) | Should -Be @('android')
    }

    It '-WhatIf sends nothing and names the person' {
        $out = Get-HostOutput { Add-CioDevice -Id cust-1 -DeviceId tok-1 -Platform ios -WhatIf }
        @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
        $out | Should -BeLike "*Whatif:*add_device(PUT/api/v1/customers/cust-1/devices*person'cust-1'*"
    }

    It '-AsOperation emits the v2 add_device item (token, not id)' {
        $op = Add-CioDevice -Id cust-1 -DeviceId tok-1 -Platform ios -LastUsed 1700000000 -Attributes @{ a = 1 } -AsOperation
        ConvertTo-CanonicalJson ($op | ConvertTo-Json -Depth 10 -Compress) | Should -BeExactly (ConvertTo-CanonicalJson `
            '{"type":"person","identifiers":{"id":"cust-1"},"action":"add_device","device":{"token":"tok-1","platform":"ios","last_used":1700000000,"attributes":{"a":1}}}')
    }
}

Describe 'Remove-CioDevice' {
    BeforeEach { Reset-CioEmulator $script:Emu }

    It 'sends DELETE /api/v1/customers/cust-1/devices/tok-1 without a body; the device is gone' {
        Add-CioDevice -Id cust-1 -DeviceId tok-1 -Platform ios
        Add-CioDevice -Id cust-1 -DeviceId tok-2 -Platform android
        $since = Get-LastSeq
        Remove-CioDevice -Id cust-1 -DeviceId tok-1
        $sent = @(Get-CioEmulatorRequests $script:Emu -Since $since)
        $sent.Count | Should -Be 1
        Assert-Request $sent[0] -Method DELETE -Path '/api/v1/customers/cust-1/devices/tok-1' -NoBody
        @((Get-Devices 'cust-1').Keys) | Should -Be @('tok-2')
    }

    It 'percent-encodes the token' {
        Remove-CioDevice -Id cust-1 -DeviceId 'tok/1+2=='
        @(Get-CioEmulatorRequests $script:Emu)[0].path | Should -BeExactly '/api/v1/customers/cust-1/devices/tok%2F1%2B2%3D%3D'
    }

    It 'removes piped CSV rows; a row without a token is refused and the rest sent' {
        foreach ($t in 'tok-1', 'tok-2', 'tok-3') { Add-CioDevice -Id cust-1 -DeviceId $t -Platform ios }
        $since = Get-LastSeq
        $rows = Import-TestCsv 'remove.csv' "customer_id,device_id`ncust-1,tok-1`ncust-1,`ncust-1,tok-3"
        $rows | Remove-CioDevice -NoBatch -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'FieldMissing,*RemoveCioDeviceCommand'
        [object]::ReferenceEquals($errs[0].TargetObject, $rows[1]) | Should -BeTrue
        @(Get-CioEmulatorRequests $script:Emu -Since $since).Count | Should -Be 2
        @((Get-Devices 'cust-1').Keys) | Should -Be @('tok-2')
    }

    It '-WhatIf sends nothing' {
        Remove-CioDevice -Id cust-1 -DeviceId tok-1 -WhatIf
        @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
    }

    It '-AsOperation emits the v2 delete_device item' {
        $op = Remove-CioDevice -Id cust-1 -DeviceId tok-1 -AsOperation
        ConvertTo-CanonicalJson ($op | ConvertTo-Json -Depth 10 -Compress) | Should -BeExactly (ConvertTo-CanonicalJson `
            '{"type":"person","identifiers":{"id":"cust-1"},"action":"delete_device","device":{"token":"tok-1"}}')
    }
}

Describe 'Devices in v2 batches (piped without -NoBatch)' {
    BeforeAll { $script:HasV2 = Test-EmulatorV2 }
    BeforeEach { Reset-CioEmulator $script:Emu }

    It 'packs add_device and delete_device items (token, not id) that the emulator applies' {
        if (-not $script:HasV2) { Set-ItResult -Skipped -Because 'the emulator does not serve /api/v2/batch'; return }
        $rows = Import-TestCsv 'batch.csv' "customer_id,token,platform,last_used,model`ncust-1,tok-1,ios,1700000000,X`ncust-2,tok-2,android,,`ncust-2,tok-3,android,,"
        $rows | Add-CioDevice
        $items = @(Get-BatchItem)
        $items.Count | Should -BeGreaterThan 1
        foreach ($item in $items) { $item.action | Should -Be 'add_device'; $item.device.token | Should -Match '^tok-\d$' }
        $d1 = (Get-Devices 'cust-1')['tok-1']
        $d1.platform | Should -Be 'ios'
        $d1.last_used | Should -Be 1700000000
        $d1.attributes.model | Should -Be 'X'
        @((Get-Devices 'cust-2').Keys | Sort-Object) | Should -Be @('tok-2', 'tok-3')

        $since = Get-LastSeq
        $rows | Select-Object -Skip 1 | Remove-CioDevice
        @(Get-BatchItem -Since $since | ForEach-Object action) | Should -Be @('delete_device', 'delete_device')
        @((Get-Devices 'cust-2').Keys).Count | Should -Be 0
    }
}
