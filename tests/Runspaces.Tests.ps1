# One process, many jobs: what a runspace connects is its own. Azure Automation, Start-ThreadJob,
# ForEach-Object -Parallel and runspace pools run many jobs in one process, and the module's assembly (with
# its statics) is loaded once for all of them. These tests run jobs side by side in this process against two
# emulators with different credentials and check what each emulator received, and with which key.
# Nothing here depends on timing: jobs meet at events they wait for (60 s at most), never at sleeps.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot TestHelpers.psm1) -Force
    $script:Module = Import-CioModuleUnderTest -PassThru
    $script:Manifest = Join-Path (Split-Path -Parent $script:Module.Path) 'CustomerIo.Track.psd1'
    $script:EmuA = Start-CioEmulator -SiteId 'site-job-a' -ApiKey 'key-of-job-a'
    $script:EmuB = Start-CioEmulator -SiteId 'site-job-b' -ApiKey 'key-of-job-b'
    $script:Wait = [TimeSpan]::FromSeconds(60)

    # A new runspace of this process (its own thread) with the module imported.
    function script:New-Job {
        $ps = [powershell]::Create()
        $null = $ps.AddScript("Import-Module '$script:Manifest' -ErrorAction Stop").Invoke()
        $ps.Commands.Clear()
        $ps
    }

    # Runs a script in a job's runspace and returns its output; its errors fail the test.
    function script:Invoke-InJob($Job, [scriptblock] $Script, [object[]] $Arguments = @()) {
        $Job.Commands.Clear()
        $Job.Streams.Error.Clear()
        $null = $Job.AddScript($Script)
        foreach ($a in $Arguments) { $null = $Job.AddArgument($a) }
        $out = $Job.Invoke()
        $errors = @($Job.Streams.Error | ForEach-Object { "$_" })
        $errors | Should -BeNullOrEmpty -Because 'the job wrote no errors'
        $out
    }

    # Starts a script in a job's runspace; Wait-Job returns its output once it ends.
    function script:Start-InJob($Job, [scriptblock] $Script, [object[]] $Arguments = @()) {
        $Job.Commands.Clear()
        $Job.Streams.Error.Clear()
        $null = $Job.AddScript($Script)
        foreach ($a in $Arguments) { $null = $Job.AddArgument($a) }
        [pscustomobject]@{ Job = $Job; Async = $Job.BeginInvoke() }
    }

    function script:Wait-InJob($Started) {
        $Started.Async.AsyncWaitHandle.WaitOne($script:Wait) | Should -BeTrue -Because 'the job ends within 60 s'
        $out = $Started.Job.EndInvoke($Started.Async)
        @($Started.Job.Streams.Error | ForEach-Object { "$_" }) | Should -BeNullOrEmpty -Because 'the job wrote no errors'
        $out
    }

    # What an emulator received about customers: one entry per record (a v1 path, or an item of a v2 batch),
    # with the Authorization header of its request.
    function script:Get-ReceivedRecords($Emulator) {
        foreach ($r in (Get-CioEmulatorRequests $Emulator)) {
            if ($r.path -like '/api/v1/customers/*') {
                [pscustomobject]@{ Id = [uri]::UnescapeDataString($r.path.Split('/')[4]); Auth = $r.headers.authorization; At = $r.received_at_ms }
            }
            elseif ($r.path -eq '/api/v2/batch') {
                foreach ($item in ($r.body | ConvertFrom-Json).batch) {
                    [pscustomobject]@{ Id = $item.identifiers.id; Auth = $r.headers.authorization; At = $r.received_at_ms }
                }
            }
        }
    }

    # Rows made by a slow source: a job's records keep coming while the other job sends too.
    $script:SlowRows = {
        param([string] $Prefix, [int] $Count)
        foreach ($i in 1..$Count) {
            [pscustomobject]@{ id = "$Prefix-$i"; job = $Prefix }
            if ($i % 10 -eq 0) { Start-Sleep -Milliseconds 20 }
        }
    }

    $script:Jobs = [System.Collections.Generic.List[object]]::new()
}

AfterAll {
    foreach ($j in $script:Jobs) { try { $j.Runspace.Dispose(); $j.Dispose() } catch { } }
    if (Get-Command Disconnect-CioTrack -ErrorAction Ignore) { Disconnect-CioTrack }
    Stop-CioEmulator $script:EmuA
    Stop-CioEmulator $script:EmuB
}

Describe 'One process, many jobs' -Tag 'Slow' {
    BeforeEach {
        Reset-CioEmulator $script:EmuA
        Reset-CioEmulator $script:EmuB
        Disconnect-CioTrack
    }

    Context 'the default connection belongs to the runspace that made it' {
        It 'two jobs connected to two workspaces stream at once: each record reaches its own job''s workspace with its own key' {
            $a = New-Job; $script:Jobs.Add($a)
            $b = New-Job; $script:Jobs.Add($b)
            # Both connect before either sends: with one connection for the process, the second
            # Connect-CioTrack would take the first job's records to its own workspace.
            $bothConnected = [System.Threading.CountdownEvent]::new(2)
            $job = {
                param($Url, $SiteId, $ApiKey, $BothConnected, $Wait, $Rows, $Prefix)
                Connect-CioTrack -BaseUri $Url -SiteId $SiteId -ApiKey $ApiKey
                $null = $BothConnected.Signal()
                if (-not $BothConnected.Wait($Wait)) { throw 'the other job did not connect' }
                & ([scriptblock]::Create($Rows)) $Prefix 150 | Set-CioCustomer
                (Get-CioTrackConnection).SiteId
            }
            $runA = Start-InJob $a $job @($script:EmuA.Url, $script:EmuA.SiteId, $script:EmuA.ApiKeySecure, $bothConnected, $script:Wait, "$script:SlowRows", 'a')
            $runB = Start-InJob $b $job @($script:EmuB.Url, $script:EmuB.SiteId, $script:EmuB.ApiKeySecure, $bothConnected, $script:Wait, "$script:SlowRows", 'b')
            $siteSeenByA = Wait-InJob $runA
            $siteSeenByB = Wait-InJob $runB

            $siteSeenByA | Should -Be 'site-job-a'
            $siteSeenByB | Should -Be 'site-job-b'
            foreach ($case in @(@{ Emu = $script:EmuA; Prefix = 'a' }, @{ Emu = $script:EmuB; Prefix = 'b' })) {
                $received = @(Get-ReceivedRecords $case.Emu)
                $expected = @(foreach ($i in 1..150) { "$($case.Prefix)-$i" })
                @($received.Id | Sort-Object) | Should -Be @($expected | Sort-Object) -Because "workspace $($case.Emu.SiteId) got job $($case.Prefix)'s records, each once, and no other"
                @($received.Auth | Sort-Object -Unique) | Should -Be @(Get-CioEmulatorBasicAuth $case.Emu) -Because "job $($case.Prefix) sent with its own key"
                @((Get-CioEmulatorState $case.Emu).people).Count | Should -Be 150
            }
        }

        It 'Disconnect-CioTrack in one job leaves the other job (and this runspace) connected, mid-run and after' {
            Connect-CioEmulator $script:EmuA
            $a = New-Job; $script:Jobs.Add($a)
            $b = New-Job; $script:Jobs.Add($b)
            $null = Invoke-InJob $a { param($Url, $SiteId, $ApiKey) Connect-CioTrack -BaseUri $Url -SiteId $SiteId -ApiKey $ApiKey } @($script:EmuA.Url, $script:EmuA.SiteId, $script:EmuA.ApiKeySecure)
            $halfway = [System.Threading.ManualResetEventSlim]::new($false)
            $goOn = [System.Threading.ManualResetEventSlim]::new($false)
            # Job B sends 40 records, waits while job A disconnects, sends 40 more, then runs a new command.
            $runB = Start-InJob $b {
                param($Url, $SiteId, $ApiKey, $Halfway, $GoOn, $Wait)
                Connect-CioTrack -BaseUri $Url -SiteId $SiteId -ApiKey $ApiKey
                & {
                    foreach ($i in 1..80) {
                        if ($i -eq 41) { $Halfway.Set(); if (-not $GoOn.Wait($Wait)) { throw 'job A did not disconnect' } }
                        [pscustomobject]@{ id = "mid-$i" }
                    }
                } | Set-CioCustomer
                [pscustomobject]@{ id = 'after' } | Set-CioCustomer
                (Get-CioTrackConnection).SiteId
            } @($script:EmuB.Url, $script:EmuB.SiteId, $script:EmuB.ApiKeySecure, $halfway, $goOn, $script:Wait)
            try {
                $halfway.Wait($script:Wait) | Should -BeTrue -Because 'job B got halfway'
                $inA = Invoke-InJob $a {
                    Disconnect-CioTrack
                    [pscustomobject]@{ Connection = Get-CioTrackConnection
                        Error = try { [pscustomobject]@{ id = 'from-a' } | Set-CioCustomer -ErrorAction Stop; $null } catch { $_.FullyQualifiedErrorId } }
                }
            }
            finally { $goOn.Set() }
            $siteSeenByB = Wait-InJob $runB

            $inA.Connection | Should -BeNullOrEmpty -Because 'job A disconnected'
            $inA.Error | Should -BeLike 'CioNotConnected*' -Because 'job A has no connection now'
            $siteSeenByB | Should -Be 'site-job-b' -Because 'job A''s Disconnect-CioTrack is job A''s alone'
            @((Get-ReceivedRecords $script:EmuB).Id | Sort-Object) | Should -Be @(@(foreach ($i in 1..80) { "mid-$i" }) + 'after' | Sort-Object)
            @(Get-ReceivedRecords $script:EmuA) | Should -BeNullOrEmpty -Because 'job A sent nothing'
            (Get-CioTrackConnection).SiteId | Should -Be 'site-job-a' -Because 'this runspace''s own connection is untouched'
        }

        It 'a new runspace starts without a connection, and connecting there leaves this runspace''s as it was' {
            Connect-CioEmulator $script:EmuA
            $job = New-Job; $script:Jobs.Add($job)
            $before = Invoke-InJob $job { @(Get-CioTrackConnection).Count }
            $null = Invoke-InJob $job { param($Url, $SiteId, $ApiKey) Connect-CioTrack -BaseUri $Url -SiteId $SiteId -ApiKey $ApiKey } @($script:EmuB.Url, $script:EmuB.SiteId, $script:EmuB.ApiKeySecure)

            $before | Should -Be 0
            (Get-CioTrackConnection).SiteId | Should -Be 'site-job-a'
            [pscustomobject]@{ id = 'here' } | Set-CioCustomer
            @((Get-ReceivedRecords $script:EmuA).Id) | Should -Be @('here')
            @(Get-ReceivedRecords $script:EmuB) | Should -BeNullOrEmpty
        }
    }

    Context 'a connection passed explicitly works in any runspace' {
        It 'two jobs sharing one connection each see their own LastRun' {
            $c = Connect-CioEmulator $script:EmuA -PassThru
            $a = New-Job; $script:Jobs.Add($a)
            $b = New-Job; $script:Jobs.Add($b)
            $run = { param($Connection, $Prefix, $Count) @(foreach ($i in 1..$Count) { [pscustomobject]@{ id = "$Prefix-$i" } }) | Set-CioCustomer -Connection $Connection }
            $null = Invoke-InJob $a $run @($c, 'last-a', 30)
            $null = Invoke-InJob $b $run @($c, 'last-b', 20)
            $seenByA = Invoke-InJob $a { param($Connection) $Connection.LastRun.Records } @($c)
            $seenByB = Invoke-InJob $b { param($Connection) $Connection.LastRun.Records } @($c)

            $seenByA | Should -Be 30 -Because 'job B''s later run does not replace job A''s summary in job A'
            $seenByB | Should -Be 20
            $c.LastRun.Records | Should -Be 20 -Because 'a runspace that ran nothing on the connection sees its last run anywhere'
            [pscustomobject]@{ id = 'mine' } | Set-CioCustomer -Connection $c
            (Get-CioTrackConnection).LastRun.Records | Should -Be 1 -Because 'once this runspace runs, it sees its own run'
        }

        It 'Start-ThreadJob with -Connection $using:c: every record arrives once, and the jobs share the connection''s one rate limit' {
            # 20 requests a second for the connection: 100 requests take about 5 s however many jobs send
            # them; a rate limit per job would let four jobs send them in about 1.3 s. A busy machine
            # only makes them slower.
            $c = Connect-CioEmulator $script:EmuA -PassThru -Extra @{ RequestsPerSecond = 20 }
            $manifest = $script:Manifest
            $jobs = foreach ($n in 1..4) {
                Start-ThreadJob -ThrottleLimit 4 -ScriptBlock {
                    Import-Module $using:manifest -ErrorAction Stop
                    @(foreach ($i in 1..25) { [pscustomobject]@{ id = "thread-$($using:n)-$i" } }) | Set-CioCustomer -Connection $using:c -NoBatch
                    (Get-CioTrackConnection | Measure-Object).Count
                }
            }
            $finished = $jobs | Wait-Job -Timeout 120
            @($finished).Count | Should -Be 4 -Because 'the thread jobs end within 120 s'
            $defaultsInJobs = @($jobs | Receive-Job -ErrorVariable jobErrors)
            $jobs | Remove-Job -Force

            @($jobErrors) | Should -BeNullOrEmpty
            $defaultsInJobs | Should -Be @(0, 0, 0, 0) -Because 'a thread job has no default connection of its own: it used the one it was given'
            $received = @(Get-ReceivedRecords $script:EmuA)
            $expected = @(foreach ($n in 1..4) { foreach ($i in 1..25) { "thread-$n-$i" } })
            @($received.Id | Sort-Object) | Should -Be @($expected | Sort-Object) -Because 'every record arrived exactly once'
            $span = (($received.At | Measure-Object -Maximum).Maximum - ($received.At | Measure-Object -Minimum).Minimum) / 1000
            $span | Should -BeGreaterThan 3.5 -Because "100 requests at the connection's 20/s take about 5 s (took $span s)"
        }

        It 'ForEach-Object -Parallel -ThrottleLimit 4 with -Connection $using:c: every record arrives once' {
            $c = Connect-CioEmulator $script:EmuA -PassThru -Extra @{ RequestsPerSecond = 0 }
            $manifest = $script:Manifest
            $out = 1..8 | ForEach-Object -ThrottleLimit 4 -Parallel {
                Import-Module $using:manifest -ErrorAction Stop
                $part = $_
                @(foreach ($i in 1..40) { [pscustomobject]@{ id = "par-$part-$i" } }) | Set-CioCustomer -Connection $using:c -PassThru
            } 2>&1
            $errors = @($out | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | ForEach-Object { "$_" })
            $results = @($out | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })

            $errors | Should -BeNullOrEmpty
            $results.Count | Should -Be 320
            @($results | Where-Object { -not $_.Succeeded }) | Should -BeNullOrEmpty
            $received = @(Get-ReceivedRecords $script:EmuA)
            $expected = @(foreach ($part in 1..8) { foreach ($i in 1..40) { "par-$part-$i" } })
            @($received.Id | Sort-Object) | Should -Be @($expected | Sort-Object) -Because 'every record arrived exactly once'
            @((Get-CioEmulatorState $script:EmuA).people).Count | Should -Be 320
        }
    }
}
