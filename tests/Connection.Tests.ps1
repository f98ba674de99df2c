# Connect-CioTrack, Get-CioTrackConnection, Disconnect-CioTrack and -Connection, against the emulator
# Run by 'build.ps1 test' against the built module in out/.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot TestHelpers.psm1) -Force
    Import-CioModuleUnderTest
    $script:Emu = Start-CioEmulator

    function script:ConvertTo-TestSecureString([string] $Text) {
        $s = [System.Security.SecureString]::new()
        foreach ($ch in $Text.ToCharArray()) { $s.AppendChar($ch) }
        $s
    }

    # A loopback port nothing listens on: bind port 0, note the port, let it go.
    function script:Get-ClosedLoopbackPort {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
    }

    # Runs a script block that must throw; returns the ErrorRecord (fails the test if nothing is thrown).
    function script:Get-ThrownError([scriptblock] $Script) {
        try { & $Script } catch { return $_ }
        throw 'Expected a terminating error, but the command completed.'
    }

}

AfterAll {
    if (Get-Command Disconnect-CioTrack -ErrorAction Ignore) { Disconnect-CioTrack }
    Stop-CioEmulator $script:Emu
}

Describe 'Connections' {
    BeforeEach {
        Reset-CioEmulator $script:Emu
        Disconnect-CioTrack
    }

    Context 'Connect-CioTrack credential forms' {
        It 'connects with -SiteId and -ApiKey (SecureString), checks them once and stores the connection' {
            $out = Connect-CioTrack -SiteId $script:Emu.SiteId -ApiKey $script:Emu.ApiKeySecure -BaseUri $script:Emu.Url
            $out | Should -BeNullOrEmpty -Because 'without -PassThru Connect-CioTrack writes nothing'

            $c = Get-CioTrackConnection
            $c | Should -Not -BeNullOrEmpty
            $c.GetType().FullName | Should -Be 'CustomerIo.Track.Connection.CioConnection'
            $c.SiteId | Should -Be $script:Emu.SiteId
            $c.BaseUri.AbsoluteUri | Should -Be "$($script:Emu.Url)/"
            "$($c.Region)" | Should -Be 'US'
            $c.CredentialsVerified | Should -BeTrue
            $c.EnvironmentId | Should -Be 1

            $requests = @(Get-CioEmulatorRequests $script:Emu)
            $requests.Count | Should -Be 1
            $requests[0].method | Should -Be 'GET'
            $requests[0].path | Should -Be '/api/v1/accounts/region'
            $requests[0].status | Should -Be 200
        }

        It 'returns the stored connection with -PassThru' {
            $c = Connect-CioTrack -SiteId $script:Emu.SiteId -ApiKey $script:Emu.ApiKeySecure -BaseUri $script:Emu.Url -PassThru
            @($c).Count | Should -Be 1
            $c.SiteId | Should -Be $script:Emu.SiteId
            $c.CredentialsVerified | Should -BeTrue
            [object]::ReferenceEquals($c, (Get-CioTrackConnection)) | Should -BeTrue
        }

        It 'connects with -Credential (user name = Site ID, password = API key)' {
            $cred = [pscredential]::new($script:Emu.SiteId, (ConvertTo-TestSecureString $script:Emu.ApiKey))
            $c = Connect-CioTrack -Credential $cred -BaseUri $script:Emu.Url -PassThru
            $c.SiteId | Should -Be $script:Emu.SiteId
            $c.BaseUri.AbsoluteUri | Should -Be "$($script:Emu.Url)/"
            "$($c.Region)" | Should -Be 'US'
            $c.CredentialsVerified | Should -BeTrue
            (Get-CioTrackConnection).SiteId | Should -Be $script:Emu.SiteId
            (Get-CioEmulatorRequests $script:Emu)[0].headers.authorization | Should -Be (Get-CioEmulatorBasicAuth $script:Emu)
        }

        It 'reads CIO_SITE_ID and CIO_TRACK_API_KEY when no credentials are given' {
            $savedSite = $env:CIO_SITE_ID
            $savedKey = $env:CIO_TRACK_API_KEY
            try {
                $env:CIO_SITE_ID = $script:Emu.SiteId
                $env:CIO_TRACK_API_KEY = $script:Emu.ApiKey
                $c = Connect-CioTrack -BaseUri $script:Emu.Url -PassThru
                $c.SiteId | Should -Be $script:Emu.SiteId
                $c.CredentialsVerified | Should -BeTrue
                (Get-CioTrackConnection).BaseUri.AbsoluteUri | Should -Be "$($script:Emu.Url)/"
                (Get-CioEmulatorRequests $script:Emu)[0].headers.authorization | Should -Be (Get-CioEmulatorBasicAuth $script:Emu)
            }
            finally {
                $env:CIO_SITE_ID = $savedSite
                $env:CIO_TRACK_API_KEY = $savedKey
            }
            $env:CIO_SITE_ID | Should -Be $savedSite
        }

        It 'stops with CioCredentialsMissing when no credentials are given and the environment has none' {
            $savedSite = $env:CIO_SITE_ID
            $savedKey = $env:CIO_TRACK_API_KEY
            try {
                $env:CIO_SITE_ID = $null
                $env:CIO_TRACK_API_KEY = $null
                $err = Get-ThrownError { Connect-CioTrack -BaseUri $script:Emu.Url }
            }
            finally {
                $env:CIO_SITE_ID = $savedSite
                $env:CIO_TRACK_API_KEY = $savedKey
            }
            $err.FullyQualifiedErrorId | Should -BeLike 'CioCredentialsMissing*'
            $err.Exception.Message | Should -Match 'CIO_SITE_ID'
            $err.Exception.Message | Should -Match 'CIO_TRACK_API_KEY'
            Get-CioTrackConnection | Should -BeNullOrEmpty
            @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
        }
    }

    Context 'Connect-CioTrack failures' {
        It 'stops with one CioUnauthorized error on a bad key and stores no connection' {
            Get-CioTrackConnection | Should -BeNullOrEmpty
            $err = Get-ThrownError {
                Connect-CioTrack -SiteId $script:Emu.SiteId -ApiKey (ConvertTo-TestSecureString 'wrong-key-0815') -BaseUri $script:Emu.Url
            }
            $err.FullyQualifiedErrorId | Should -BeLike 'CioUnauthorized*'
            "$($err.CategoryInfo.Category)" | Should -Be 'AuthenticationError'
            $err.Exception.Message | Should -Match '401'
            $err.Exception.Message | Should -Match ([regex]::Escape("'$($script:Emu.SiteId)'"))
            $err.Exception.Message | Should -Match 'API key'
            $err.Exception.Message | Should -Match 'Unauthorized request' -Because 'the service''s plain-text answer is quoted'
            $err.ErrorDetails.RecommendedAction | Should -Match 'API Credentials'
            Get-CioTrackConnection | Should -BeNullOrEmpty

            $requests = @(Get-CioEmulatorRequests $script:Emu)
            $requests.Count | Should -Be 1 -Because '401 is not retried'
            $requests[0].status | Should -Be 401
        }

        It 'stops with CioUnauthorized on a bad Site ID too' {
            $err = Get-ThrownError { Connect-CioTrack -SiteId 'not-the-site' -ApiKey $script:Emu.ApiKeySecure -BaseUri $script:Emu.Url }
            $err.FullyQualifiedErrorId | Should -BeLike 'CioUnauthorized*'
            $err.Exception.Message | Should -Match "'not-the-site'"
            Get-CioTrackConnection | Should -BeNullOrEmpty
        }

        It 'stops with CioConnectionFailed within the timeout when nothing listens' {
            $port = Get-ClosedLoopbackPort
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $err = Get-ThrownError {
                Connect-CioTrack -SiteId 's' -ApiKey (ConvertTo-TestSecureString 'k') -BaseUri "http://127.0.0.1:$port" -TimeoutSec 5
            }
            $clock.Stop()
            $err.FullyQualifiedErrorId | Should -BeLike 'CioConnectionFailed*'
            "$($err.CategoryInfo.Category)" | Should -Be 'ConnectionError'
            $err.Exception.Message | Should -Match ([regex]::Escape("127.0.0.1:$port"))
            $err.ErrorDetails.RecommendedAction | Should -Match 'SkipCheck'
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 5
            Get-CioTrackConnection | Should -BeNullOrEmpty
        }

        It 'stops with CioRequestTimeout when the check gets no answer within -TimeoutSec' {
            $null = Add-CioEmulatorFault $script:Emu @{ kind = 'stall'; stall_ms = 4000; match = '/api/v1/accounts/region' }
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $err = Get-ThrownError {
                Connect-CioTrack -SiteId $script:Emu.SiteId -ApiKey $script:Emu.ApiKeySecure -BaseUri $script:Emu.Url -TimeoutSec 1 -MaxRetries 0
            }
            $clock.Stop()
            $err.FullyQualifiedErrorId | Should -BeLike 'CioRequestTimeout*'
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 3.5
            Get-CioTrackConnection | Should -BeNullOrEmpty
        }
    }

    Context 'Connect-CioTrack options' {
        It '-SkipCheck connects without sending any request' {
            $c = Connect-CioTrack -SiteId $script:Emu.SiteId -ApiKey $script:Emu.ApiKeySecure -BaseUri $script:Emu.Url -SkipCheck -PassThru
            $c.SiteId | Should -Be $script:Emu.SiteId
            $c.CredentialsVerified | Should -BeFalse
            (Get-CioTrackConnection).SiteId | Should -Be $script:Emu.SiteId
            @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
        }

        It '-SkipCheck accepts an https base URI without reaching it' {
            $c = Connect-CioTrack -SiteId 's' -ApiKey (ConvertTo-TestSecureString 'k') -BaseUri 'https://track.example.invalid' -SkipCheck -PassThru
            $c.BaseUri.AbsoluteUri | Should -Be 'https://track.example.invalid/'
        }

        It 'without -BaseUri uses the region''s Customer.io host (-Region EU)' {
            $c = Connect-CioTrack -SiteId 's' -ApiKey (ConvertTo-TestSecureString 'k') -Region EU -SkipCheck -PassThru
            $c.BaseUri.AbsoluteUri | Should -Be 'https://track-eu.customer.io/'
            "$($c.Region)" | Should -Be 'EU'
            $c = Connect-CioTrack -SiteId 's' -ApiKey (ConvertTo-TestSecureString 'k') -SkipCheck -PassThru
            $c.BaseUri.AbsoluteUri | Should -Be 'https://track.customer.io/'
            "$($c.Region)" | Should -Be 'US'
        }

        It 'keeps -TimeoutSec, -MaxRetries, -RetryBudgetSec and -RequestsPerSecond on the connection' {
            $c = Connect-CioTrack -SiteId 's' -ApiKey (ConvertTo-TestSecureString 'k') -BaseUri $script:Emu.Url -SkipCheck -PassThru `
                -TimeoutSec 7 -MaxRetries 2 -RetryBudgetSec 9 -RequestsPerSecond 55
            $c.TimeoutSec | Should -Be 7
            $c.MaxRetries | Should -Be 2
            $c.RetryBudgetSec | Should -Be 9
            $c.RequestsPerSecond | Should -Be 55
        }

        It 'accepts a loopback http base URI (<uri>)' -TestCases @(
            @{ uri = 'http://127.0.0.1:{0}' }
            @{ uri = 'http://localhost:{0}' }
            @{ uri = 'http://127.0.0.1:{0}/' }
        ) {
            param($uri)
            $port = ([uri] $script:Emu.Url).Port
            $c = Connect-CioTrack -SiteId $script:Emu.SiteId -ApiKey $script:Emu.ApiKeySecure -BaseUri ($uri -f $port) -PassThru
            $c.CredentialsVerified | Should -BeTrue
            $c.BaseUri.Port | Should -Be $port
            @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 1
        }

        It 'refuses a -BaseUri that is not an http(s) URL (<uri>)' -TestCases @(
            @{ uri = 'not a url' }
            @{ uri = 'track.customer.io' }
            @{ uri = 'ftp://127.0.0.1/' }
        ) {
            param($uri)
            $err = Get-ThrownError { Connect-CioTrack -SiteId 's' -ApiKey (ConvertTo-TestSecureString 'k') -BaseUri $uri }
            $err.FullyQualifiedErrorId | Should -BeLike 'CioInvalidBaseUri*'
            "$($err.CategoryInfo.Category)" | Should -Be 'InvalidArgument'
            $err.Exception.Message | Should -Match 'not an absolute http or https URL'
            Get-CioTrackConnection | Should -BeNullOrEmpty
        }

        It 'refuses plain http for a host that is not loopback, naming https (<uri>)' -TestCases @(
            @{ uri = 'http://example.com' }
            @{ uri = 'http://10.1.2.3:8080' }
            @{ uri = 'http://track.customer.io' }
        ) {
            param($uri)
            $err = Get-ThrownError { Connect-CioTrack -SiteId 's' -ApiKey (ConvertTo-TestSecureString 'k') -BaseUri $uri -SkipCheck }
            $err.FullyQualifiedErrorId | Should -BeLike 'CioInvalidBaseUri*'
            $err.Exception.Message | Should -Match 'https'
            $err.Exception.Message | Should -Match 'loopback'
            Get-CioTrackConnection | Should -BeNullOrEmpty
        }
    }

    Context 'Get-CioTrackConnection and Disconnect-CioTrack' {
        It 'Get-CioTrackConnection writes nothing and no error when not connected' {
            $out = Get-CioTrackConnection -ErrorVariable ev
            $out | Should -BeNullOrEmpty
            $ev.Count | Should -Be 0
        }

        It 'Disconnect-CioTrack forgets the connection; Set-CioCustomer then stops with one CioNotConnected error' {
            Connect-CioEmulator $script:Emu
            Get-CioTrackConnection | Should -Not -BeNullOrEmpty
            Disconnect-CioTrack
            Get-CioTrackConnection | Should -BeNullOrEmpty
            Reset-CioEmulator $script:Emu

            $err = Get-ThrownError { Set-CioCustomer -Id 'x' }
            $err.FullyQualifiedErrorId | Should -BeLike 'CioNotConnected*'
            $err.Exception.Message | Should -Match 'Connect-CioTrack'
            $err.ErrorDetails.RecommendedAction | Should -Match 'Connect-CioTrack'
            @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
        }

        It 'a piped Set-CioCustomer without a connection stops at once with exactly one error' {
            $pulled = [ref] 0
            $caught = $null
            try {
                1..3 | ForEach-Object { $pulled.Value++; [pscustomobject]@{ id = "p$_" } } | Set-CioCustomer -ErrorVariable errors
            }
            catch { $caught = $_ }
            $caught | Should -Not -BeNullOrEmpty
            $caught.FullyQualifiedErrorId | Should -BeLike 'CioNotConnected*'
            @($errors).Count | Should -Be 1
            $pulled.Value | Should -Be 0 -Because 'the error comes before the first record is read'
            @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
        }

        It 'Disconnect-CioTrack when not connected is quiet' {
            { Disconnect-CioTrack -ErrorAction Stop } | Should -Not -Throw
        }
    }

    Context 'Requests a connection sends' {
        It 'carry Basic base64(site:key) and a User-Agent CustomerIo.Track/<version>' {
            Connect-CioEmulator $script:Emu
            Set-CioCustomer -Id 'ua-1' -Email 'ua-1@example.com'
            $requests = @(Get-CioEmulatorRequests $script:Emu)
            $requests.Count | Should -Be 2
            $expectedAuth = 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("$($script:Emu.SiteId):$($script:Emu.ApiKey)"))
            $version = (Get-Module CustomerIo.Track).Version.ToString(3)
            foreach ($r in $requests) {
                $r.headers.authorization | Should -BeExactly $expectedAuth
                $r.headers.'user-agent' | Should -BeLike "CustomerIo.Track/$version*"
            }
            $requests[1].method | Should -Be 'PUT'
            $requests[1].headers.'content-type' | Should -Match '^application/json'
        }
    }

    Context 'Stopping (Ctrl+C)' -Tag 'Timing' {
        BeforeAll {
            # Runs a script in another runspace of this process (module imported there), waits until the
            # emulator has the request named by $Path, then stops it like Ctrl+C and times the stop.
            function script:Measure-Stop([scriptblock] $Script, [object[]] $Arguments, [string] $Path) {
                $ps = [powershell]::Create()
                $async = $null
                try {
                    # Import first, then run the script alone: one statement, not a batch, so that Stop() ends it
                    # cleanly (a batch's work item can outlive Stop() and write to a disposed error stream).
                    $manifest = (Get-Module CustomerIo.Track).Path -replace '\.dll$', '.psd1'
                    $null = $ps.AddScript("Import-Module '$manifest' -ErrorAction Stop").Invoke()
                    $ps.Commands.Clear()
                    $null = $ps.AddScript($Script)
                    foreach ($a in $Arguments) { $null = $ps.AddArgument($a) }
                    $async = $ps.BeginInvoke()
                    $deadline = [DateTime]::UtcNow.AddSeconds(10)
                    while (-not @(Get-CioEmulatorRequests $script:Emu | Where-Object path -EQ $Path)) {
                        if ([DateTime]::UtcNow -gt $deadline -or $async.IsCompleted) {
                            throw "The request $Path never reached the emulator: $($ps.Streams.Error | Out-String)"
                        }
                        Start-Sleep -Milliseconds 20
                    }
                    $clock = [System.Diagnostics.Stopwatch]::StartNew()
                    $ps.Stop()
                    $clock.Stop()
                    [pscustomobject]@{ Elapsed = $clock.Elapsed; State = "$($ps.InvocationStateInfo.State)" }
                }
                finally {
                    if ($async) { try { $null = $ps.EndInvoke($async) } catch { } }
                    $ps.Dispose()
                }
            }
        }

        It 'stops a Set-CioCustomer waiting for an answer within -TimeoutSec; the record is Unconfirmed' {
            # A stop waits for the answer of a request on the wire, at most the connection's -TimeoutSec (3 s here).
            $conn = Connect-CioEmulator $script:Emu -Extra @{ PassThru = $true; TimeoutSec = 3; MaxRetries = 0 }
            $null = Add-CioEmulatorFault $script:Emu @{ kind = 'stall'; stall_ms = 30000; match = 'slow-1' }
            $r = Measure-Stop -Script { param($c) [pscustomobject]@{ id = 'slow-1' } | Set-CioCustomer -Connection $c } -Arguments @(, $conn) -Path '/api/v1/customers/slow-1'
            $r.State | Should -Be 'Stopped'
            $r.Elapsed.TotalSeconds | Should -BeLessThan 5 -Because 'the wait for the answer ends with -TimeoutSec (3 s)'
            @($conn.LastRun.Unconfirmed.id) | Should -Be @('slow-1') -Because 'it was sent and no answer came'
            $conn.LastRun.NotSent | Should -BeNullOrEmpty
        }

        It 'lists a record given by parameters, not piped, as its v2 operation; piped to Invoke-CioBatch it is sent again' {
            # No input object to list: LastRun holds what -AsOperation would show, so the record can be re-sent.
            $conn = Connect-CioEmulator $script:Emu -Extra @{ PassThru = $true; TimeoutSec = 2; MaxRetries = 0 }
            $null = Add-CioEmulatorFault $script:Emu @{ kind = 'stall'; stall_ms = 30000; match = 'slow-2' }
            $r = Measure-Stop -Script { param($c) Set-CioCustomer -Id slow-2 -Email 'slow-2@example.com' -Connection $c } -Arguments @(, $conn) -Path '/api/v1/customers/slow-2'
            $r.State | Should -Be 'Stopped'
            $listed = @($conn.LastRun.Unconfirmed)
            $listed.Count | Should -Be 1
            $listed[0] | Should -Not -BeNullOrEmpty -Because 'a record given by parameters is listed as something that sends it again'
            $listed[0].identifiers.id | Should -Be 'slow-2'
            $listed[0].attributes.email | Should -Be 'slow-2@example.com'

            Reset-CioEmulator $script:Emu
            $result = $listed | Invoke-CioBatch -Connection $conn -PassThru
            $result.Succeeded | Should -BeTrue
            $sent = @(Get-CioEmulatorRequests $script:Emu)
            $sent.Count | Should -Be 1
            ($sent[0].body | ConvertFrom-Json).batch[0].attributes.email | Should -Be 'slow-2@example.com'
        }

        It 'stops a Connect-CioTrack waiting for the credential check at once' {
            $null = Add-CioEmulatorFault $script:Emu @{ kind = 'stall'; stall_ms = 30000; match = '/api/v1/accounts/region' }
            $r = Measure-Stop -Script {
                param($url, $site, $key)
                Connect-CioTrack -SiteId $site -ApiKey $key -BaseUri $url -TimeoutSec 60 -MaxRetries 0 -PassThru
            } -Arguments @($script:Emu.Url, $script:Emu.SiteId, $script:Emu.ApiKeySecure) -Path '/api/v1/accounts/region'
            $r.State | Should -Be 'Stopped'
            $r.Elapsed.TotalSeconds | Should -BeLessThan 2
            Get-CioTrackConnection | Should -BeNullOrEmpty
        }
    }

    Context 'Two connections (-Connection)' {
        BeforeAll {
            # A second workspace: its own Site ID and key, in the EU region.
            $script:EmuEu = Start-CioEmulator -Region eu -SiteId 'site-eu' -ApiKey 'key-eu'
        }
        AfterAll { Stop-CioEmulator $script:EmuEu }
        BeforeEach { Reset-CioEmulator $script:EmuEu }

        It 'takes the region the service reports when -Region is not given' {
            $c = Connect-CioEmulator $script:EmuEu -Extra @{ PassThru = $true }
            "$($c.Region)" | Should -Be 'EU'
            $c.BaseUri.AbsoluteUri | Should -Be "$($script:EmuEu.Url)/" -Because 'a -BaseUri given by the user is kept'
            (Get-CioTrackConnection).Region | Should -Be 'EU'
        }

        It 'keeps the region given with -Region' {
            $c = Connect-CioEmulator $script:EmuEu -Extra @{ PassThru = $true; Region = 'US' }
            "$($c.Region)" | Should -Be 'US'
            $c.CredentialsVerified | Should -BeTrue
        }

        It 'sends a call with -Connection to that connection and the others to the default one' {
            $us = Connect-CioEmulator $script:Emu -Extra @{ PassThru = $true }
            $eu = Connect-CioEmulator $script:EmuEu -Extra @{ PassThru = $true }
            (Get-CioTrackConnection).SiteId | Should -Be 'site-eu' -Because 'the last Connect-CioTrack is the default'
            Reset-CioEmulator $script:Emu
            Reset-CioEmulator $script:EmuEu

            Set-CioCustomer -Id 'to-us' -Connection $us
            Set-CioCustomer -Id 'to-eu'
            [pscustomobject]@{ id = 'piped-us' } | Set-CioCustomer -Connection $us

            $usPeople = @((Get-CioEmulatorState $script:Emu).people | ForEach-Object id | Sort-Object)
            $euPeople = @((Get-CioEmulatorState $script:EmuEu).people | ForEach-Object id)
            $usPeople | Should -Be @('piped-us', 'to-us')
            $euPeople | Should -Be @('to-eu')
            foreach ($r in @(Get-CioEmulatorRequests $script:Emu)) { $r.headers.authorization | Should -Be (Get-CioEmulatorBasicAuth $script:Emu) }
            foreach ($r in @(Get-CioEmulatorRequests $script:EmuEu)) { $r.headers.authorization | Should -Be (Get-CioEmulatorBasicAuth $script:EmuEu) }
        }

        It 'uses -Connection even when there is no default connection' {
            $eu = Connect-CioEmulator $script:EmuEu -Extra @{ PassThru = $true }
            Disconnect-CioTrack
            Set-CioCustomer -Id 'no-default' -Connection $eu
            @((Get-CioEmulatorState $script:EmuEu).people | ForEach-Object id) | Should -Be @('no-default')
        }
    }
}
