# The API key never shows: not in the connection's formatting,
# ToString, JSON or CliXml, not in verbose/debug streams, error records or a transcript. Neither the
# key nor base64(site:key) (the Authorization header) may appear anywhere the user can see.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot TestHelpers.psm1) -Force
    Import-CioModuleUnderTest
    $script:SiteId = 'secret-site'
    $script:Key = 'sekret-KEY-4711'
    $script:Emu = Start-CioEmulator -SiteId $script:SiteId -ApiKey $script:Key
    $script:B64 = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("$($script:SiteId):$($script:Key)"))

    function script:New-SecureText([string] $Text) {
        $s = [System.Security.SecureString]::new()
        foreach ($ch in $Text.ToCharArray()) { $s.AppendChar($ch) }
        $s
    }
    $script:SecureKey = New-SecureText $script:Key

    # Fails when the text is empty (nothing was captured: the check would prove nothing),
    # or holds the key (any case) or the base64 credentials.
    function script:Assert-NoSecret([string] $Text, [string] $Where) {
        $Text | Should -Not -BeNullOrEmpty -Because "$Where must have produced something to search"
        $Text.IndexOf($script:Key, [StringComparison]::OrdinalIgnoreCase) | Should -Be -1 -Because "the API key must not appear in $Where"
        $Text.IndexOf($script:B64, [StringComparison]::Ordinal) | Should -Be -1 -Because "base64(site:key) must not appear in $Where"
    }

    # Everything an ErrorRecord can show, as one text.
    function script:Get-ErrorText([System.Management.Automation.ErrorRecord] $ErrorRecord) {
        @(
            $ErrorRecord.ToString()
            $ErrorRecord.Exception.Message
            $ErrorRecord.Exception.ToString()
            ($ErrorRecord.Exception | Format-List * -Force | Out-String -Width 500)
            ($ErrorRecord | Format-List * -Force | Out-String -Width 500)
            ($ErrorRecord | Out-String -Width 500)
            if ($ErrorRecord.ErrorDetails) { $ErrorRecord.ErrorDetails.Message; $ErrorRecord.ErrorDetails.RecommendedAction }
            "$($ErrorRecord.TargetObject)"
            ($ErrorRecord.CategoryInfo | Out-String)
        ) -join "`n"
    }

    # Records of any stream as text (VerboseRecord/DebugRecord/ErrorRecord/objects).
    function script:Get-StreamText($Records) {
        @(foreach ($r in $Records) {
                if ($r -is [System.Management.Automation.ErrorRecord]) { Get-ErrorText $r }
                else { "$r"; ($r | Out-String -Width 500) }
            }) -join "`n"
    }

    function script:Connect-Secret {
        Connect-CioTrack -SiteId $script:SiteId -ApiKey $script:SecureKey -BaseUri $script:Emu.Url @args
    }

}

AfterAll {
    if (Get-Command Disconnect-CioTrack -ErrorAction Ignore) { Disconnect-CioTrack }
    Stop-CioEmulator $script:Emu
}

Describe 'The API key stays secret' {
    BeforeEach {
        Reset-CioEmulator $script:Emu
        Disconnect-CioTrack
    }

    Context 'The search is meaningful' {
        It 'the emulator did receive base64(site:key), so finding none elsewhere means something' {
            Connect-Secret
            $auth = @(Get-CioEmulatorRequests $script:Emu)[0].headers.authorization
            $auth | Should -BeExactly "Basic $($script:B64)"
            { Assert-NoSecret $auth 'the probe' } | Should -Throw
            { Assert-NoSecret "xx $($script:Key.ToLowerInvariant()) xx" 'the probe' } | Should -Throw
        }
    }

    Context 'The connection object' {
        BeforeEach {
            Connect-Secret
            # A run on the connection, so LastRun (part of the connection) is filled in too.
            Set-CioCustomer -Id 'someone' -Attributes @{ plan = 'pro' }
            $script:Conn = Get-CioTrackConnection
            $script:Conn | Should -Not -BeNullOrEmpty
            $script:Conn.LastRun | Should -Not -BeNullOrEmpty
        }

        It 'Format-List * shows the Site ID but not the key' {
            $text = Get-CioTrackConnection | Format-List * | Out-String -Width 500
            $text | Should -Match $script:SiteId
            Assert-NoSecret $text 'Format-List *'
            Assert-NoSecret (Get-CioTrackConnection | Format-List * -Force | Out-String -Width 500) 'Format-List * -Force'
            Assert-NoSecret (Get-CioTrackConnection | Format-Table * | Out-String -Width 500) 'Format-Table *'
            Assert-NoSecret (Get-CioTrackConnection | Out-String -Width 500) 'the default view'
            Assert-NoSecret (Get-CioTrackConnection | Select-Object * | Out-String -Width 500) 'Select-Object *'
            Assert-NoSecret (Get-CioTrackConnection | Format-Custom * -Depth 4 | Out-String -Width 500) 'Format-Custom -Depth 4'
        }

        It 'ToString() does not show the key' {
            $text = $script:Conn.ToString()
            $text | Should -Match $script:SiteId
            Assert-NoSecret $text 'ToString()'
            Assert-NoSecret "$($script:Conn)" 'string expansion'
        }

        It 'ConvertTo-Json does not show the key' {
            $json = $script:Conn | ConvertTo-Json -Depth 6
            $json | Should -Match $script:SiteId
            Assert-NoSecret $json 'ConvertTo-Json'
        }

        It 'Export-Clixml does not write the key' {
            $path = Join-Path $TestDrive 'connection.xml'
            $script:Conn | Export-Clixml -LiteralPath $path -Depth 6
            $xml = Get-Content -LiteralPath $path -Raw
            $xml | Should -Match $script:SiteId
            Assert-NoSecret $xml 'Export-Clixml'
        }

        It 'no public member hands out the key, as text or as a SecureString' {
            foreach ($p in $script:Conn.PSObject.Properties) {
                $value = $p.Value
                $value | Should -Not -BeOfType [System.Security.SecureString] -Because "$($p.Name) is public"
                $value | Should -Not -BeOfType [pscredential] -Because "$($p.Name) is public"
                if ($null -ne $value) { Assert-NoSecret ("$($p.Name)=$value") "property $($p.Name)" }
            }
            $public = $script:Conn.GetType().GetProperties([System.Reflection.BindingFlags] 'Public,Instance')
            @($public | Where-Object { $_.PropertyType -in [System.Security.SecureString], [pscredential], [System.Net.Http.Headers.AuthenticationHeaderValue] }) |
                Should -BeNullOrEmpty
        }

        It '-PassThru results and the run summary do not show the key' {
            $results = @(1..3 | ForEach-Object { [pscustomobject]@{ id = "pt-$_" } } | Set-CioCustomer -NoBatch -PassThru)
            $results.Count | Should -Be 3
            Assert-NoSecret ($results | Format-List * -Force | Out-String -Width 500) 'CioResult Format-List'
            Assert-NoSecret ($results | ConvertTo-Json -Depth 5) 'CioResult ConvertTo-Json'
            Assert-NoSecret ((Get-CioTrackConnection).LastRun | Format-List * -Force | Out-String -Width 500) 'LastRun'
        }
    }

    Context 'Verbose and debug streams' {
        It 'Connect-CioTrack -Verbose -Debug does not show the key' {
            $records = Connect-Secret -Verbose -Debug -PassThru 4>&1 5>&1
            $text = Get-StreamText $records
            $text | Should -Match 'Checking the credentials' -Because 'the verbose stream was captured'
            Assert-NoSecret $text 'the verbose and debug streams of Connect-CioTrack'
        }

        It 'Connect-CioTrack under $VerbosePreference/$DebugPreference = Continue does not show the key' {
            $records = & {
                $VerbosePreference = 'Continue'
                $DebugPreference = 'Continue'
                Connect-Secret
            } 4>&1 5>&1
            $text = Get-StreamText $records
            $text | Should -Match 'Connected to'
            Assert-NoSecret $text 'the preference-driven streams of Connect-CioTrack'
        }

        It 'Set-CioCustomer -Debug shows Authorization: Basic *** and never the key, retries included' {
            Connect-Secret
            Reset-CioEmulator $script:Emu
            $null = Add-CioEmulatorFault $script:Emu @{ kind = 'status'; status = 503; match = 'dbg-2'; retry_after = '0' }
            $rows = 1..3 | ForEach-Object { [pscustomobject]@{ id = "dbg-$_"; plan = 'pro' } }
            $records = @($rows | Set-CioCustomer -NoBatch -Verbose -Debug 4>&1 5>&1)
            $debug = @($records | Where-Object { $_ -is [System.Management.Automation.DebugRecord] })
            $verbose = @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
            $debug.Count | Should -BeGreaterOrEqual 4 -Because 'one debug line per attempt (3 records, one retried)'
            @($debug | Where-Object { $_.Message -like '*Authorization: Basic `*`*`**' }).Count | Should -Be $debug.Count
            @($verbose | Where-Object { $_.Message -match 'retry 1' }).Count | Should -Be 1
            Assert-NoSecret (Get-StreamText $records) 'the verbose and debug streams of Set-CioCustomer'
            @((Get-CioEmulatorState $script:Emu).people).Count | Should -Be 3
        }

        It 'Set-CioCustomer under $DebugPreference = Continue (default batching) does not show the key' {
            Connect-Secret
            $records = & {
                $VerbosePreference = 'Continue'
                $DebugPreference = 'Continue'
                1..5 | ForEach-Object { [pscustomobject]@{ id = "pref-$_" } } | Set-CioCustomer -ErrorAction SilentlyContinue -ErrorVariable errs
                $errs
            } 4>&1 5>&1
            $text = Get-StreamText $records
            $text | Should -Match 'Basic \*\*\*'
            Assert-NoSecret $text 'the preference-driven streams of a batched Set-CioCustomer'
        }
    }

    Context 'Error records' {
        It 'a record refused before sending does not show the key' {
            Connect-Secret
            @([pscustomobject]@{ id = 'big'; v = 'x' * 2000 }, [pscustomobject]@{ id = '' }) |
                Set-CioCustomer -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -Be 2
            foreach ($e in $errs) { Assert-NoSecret (Get-ErrorText $e) "the error $($e.FullyQualifiedErrorId)" }
        }

        It 'a service 400 for a record does not show the key' {
            Connect-Secret
            $null = Add-CioEmulatorFault $script:Emu @{ kind = 'status'; status = 400; match = 'bad-1'; reason = 'nope' }
            Set-CioCustomer -Id 'bad-1' -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -Be 1
            Assert-NoSecret (Get-ErrorText $errs[0]) 'a 400 error'
        }

        It 'the 401 that stops Set-CioCustomer does not show the key' {
            Connect-Secret
            $null = Add-CioEmulatorFault $script:Emu @{ kind = 'unauthorized'; count = -1 }
            $caught = $null
            try { 1..3 | ForEach-Object { [pscustomobject]@{ id = "u-$_" } } | Set-CioCustomer -NoBatch } catch { $caught = $_ }
            $caught | Should -Not -BeNullOrEmpty
            $caught.FullyQualifiedErrorId | Should -BeLike 'CioUnauthorized*'
            Assert-NoSecret (Get-ErrorText $caught) 'the 401 error'
        }

        It 'Connect-CioTrack refused (401) does not show the key it was given' {
            $wrong = 'wrong-KEY-0815'
            $caught = $null
            try { Connect-CioTrack -SiteId $script:SiteId -ApiKey (New-SecureText $wrong) -BaseUri $script:Emu.Url } catch { $caught = $_ }
            $caught.FullyQualifiedErrorId | Should -BeLike 'CioUnauthorized*'
            $text = Get-ErrorText $caught
            $text.IndexOf($wrong, [StringComparison]::OrdinalIgnoreCase) | Should -Be -1
            $wrongB64 = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("$($script:SiteId):$wrong"))
            $text.Contains($wrongB64) | Should -BeFalse
            Assert-NoSecret $text 'the Connect-CioTrack 401 error'
        }

        It 'Connect-CioTrack unable to connect does not show the key' {
            $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
            $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
            $caught = $null
            try {
                Connect-CioTrack -SiteId $script:SiteId -ApiKey $script:SecureKey -BaseUri "http://127.0.0.1:$port" -MaxRetries 0 -TimeoutSec 5
            }
            catch { $caught = $_ }
            $caught.FullyQualifiedErrorId | Should -BeLike 'CioConnectionFailed*'
            Assert-NoSecret (Get-ErrorText $caught) 'the connection-failed error'
        }
    }

    Context 'A transcript' {
        It 'a Start-Transcript of connecting, sending, failing and looking at the connection holds no key' {
            $path = Join-Path $TestDrive 'session.txt'
            Start-Transcript -LiteralPath $path -Force | Out-Null
            try {
                Connect-Secret -Verbose -Debug
                Get-CioTrackConnection | Format-List * | Out-Host
                (Get-CioTrackConnection).ToString() | Out-Host
                Get-CioTrackConnection | ConvertTo-Json -Depth 4 | Out-Host
                @([pscustomobject]@{ id = 'tr-1'; plan = 'pro' }, [pscustomobject]@{ id = 'tr-2'; v = 'x' * 1500 }) |
                    Set-CioCustomer -NoBatch -PassThru -Verbose -Debug -ErrorAction Continue 2>&1 | Out-Host
                Set-CioCustomer -Id 'tr-3' -WhatIf
                $null = Add-CioEmulatorFault $script:Emu @{ kind = 'unauthorized'; count = -1 }
                try { Set-CioCustomer -Id 'tr-4' -Verbose -Debug } catch { $_ | Out-Host }
                try { Connect-CioTrack -SiteId $script:SiteId -ApiKey $script:SecureKey -BaseUri 'http://example.com' } catch { $_ | Out-Host }
            }
            finally { Stop-Transcript | Out-Null }

            $text = Get-Content -LiteralPath $path -Raw
            $text | Should -Match 'Basic \*\*\*' -Because 'the debug stream went into the transcript'
            $text | Should -Match 'VERBOSE: Connected to'
            $text | Should -Match 'CredentialsVerified'
            $text | Should -Match 'What if'
            $text | Should -Match 'Unauthorized request'
            $text | Should -Match '1500 bytes'
            Assert-NoSecret $text 'the transcript'
        }
    }
}
