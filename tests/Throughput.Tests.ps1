# Throughput: records about one person are sent in input order and
# never concurrently while many requests are in flight; the client's request rate limit holds per
# second as the emulator counts it; the emulator's own 429s slow the module down and lose nothing;
# stopping a run (Ctrl+C = PowerShell.Stop) ends it promptly and LastRun tells what was and was not
# sent; progress is written a few times a second and closed (silent under SilentlyContinue); the
# verbose summary closes a run.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot TestHelpers.psm1) -Force
    $script:Module = Import-CioModuleUnderTest -PassThru
    $script:Manifest = Join-Path (Split-Path -Parent $script:Module.Path) 'CustomerIo.Track.psd1'
    $script:Emu = Start-CioEmulator


    function script:Get-PeopleById {
        $map = @{}
        foreach ($p in (Get-CioEmulatorState $script:Emu).people) { $map[[string]$p.id] = $p }
        $map
    }

    function script:Wait-EmulatorIdle {
        $deadline = [DateTime]::UtcNow.AddSeconds(15)
        while ((Get-CioEmulatorStats $script:Emu).in_flight -gt 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
    }

    # The identifier a recorded request is about: a v1 path's id, or a v2 item's identifiers.id.
    function script:Get-RequestId($Request) {
        if ($Request.path -like '/api/v1/customers/*') { return [uri]::UnescapeDataString($Request.path.Split('/')[4]) }
        ($Request.body | ConvertFrom-Json).identifiers.id
    }

    # Per identifier, its requests must come in the expected order and never overlap: with the emulator's
    # latency L, a request answered no sooner than L ms after it arrived, so the next request for the same
    # person (sent only once the answer came) arrives at least L ms after the previous one.
    function script:Test-PerPersonOrder($Requests, [scriptblock] $StepOf, [object[]] $Expected, [int] $LatencyMs) {
        $problems = [System.Collections.Generic.List[string]]::new()
        $byId = @{}
        foreach ($r in $Requests) {
            $id = Get-RequestId $r
            if (-not $byId.ContainsKey($id)) { $byId[$id] = [System.Collections.Generic.List[object]]::new() }
            $byId[$id].Add($r)
        }
        foreach ($id in $byId.Keys) {
            $mine = $byId[$id]
            $steps = @($mine | ForEach-Object { & $StepOf $_ })
            if (($steps -join ',') -ne ($Expected -join ',')) { $problems.Add("${id}: steps $($steps -join ',')") }
            for ($i = 1; $i -lt $mine.Count; $i++) {
                if ($mine[$i].seq -le $mine[$i - 1].seq) { $problems.Add("${id}: out of order") }
                $gap = $mine[$i].received_at_ms - $mine[$i - 1].received_at_ms
                # 1 ms for the rounding of the two arrival stamps.
                if ($gap -lt $LatencyMs - 1) { $problems.Add("${id}: request $($i + 1) arrived $gap ms after request $i, before it could have been answered") }
            }
            if ($problems.Count -ge 20) { break }
        }
        [pscustomobject]@{ Ids = $byId.Count; Problems = $problems }
    }

    # Runs a script in a new runspace of this process with the module imported there.
    function script:New-ModuleRunspace([scriptblock] $Script, [object[]] $Arguments) {
        # Import first, then the script alone: one statement, not a batch, so that Stop() ends it cleanly
        # (a batch's work item can outlive Stop() and write to a disposed error stream, crashing the process).
        $ps = [powershell]::Create()
        $null = $ps.AddScript("Import-Module '$script:Manifest' -ErrorAction Stop").Invoke()
        $ps.Commands.Clear()
        $null = $ps.AddScript($Script)
        foreach ($a in $Arguments) { $null = $ps.AddArgument($a) }
        $ps
    }
}

AfterAll {
    if (Get-Command Disconnect-CioTrack -ErrorAction Ignore) { Disconnect-CioTrack }
    Stop-CioEmulator $script:Emu
}

Describe 'Throughput' -Tag 'Timing' {
    BeforeEach {
        Reset-CioEmulator $script:Emu
        $null = Set-CioEmulatorConfig $script:Emu -LatencyMs 0 -RateLimit 0
    }

    AfterEach {
        Wait-EmulatorIdle
        $null = Set-CioEmulatorConfig $script:Emu -LatencyMs 0 -RateLimit 0
    }

    Context 'Order per person under concurrency (emulator latency 20 ms, -ThrottleLimit 16)' {
        It 'Set-CioCustomer -NoBatch: 200 ids x 3 identifies, interleaved: per id in input order, never overlapping' {
            Connect-CioEmulator $script:Emu -Extra @{ SkipCheck = $true; RequestsPerSecond = 0 }
            $null = Set-CioEmulatorConfig $script:Emu -LatencyMs 20
            $rows = foreach ($step in 1..3) { foreach ($i in 1..200) { [pscustomobject]@{ id = "ord-$i"; step = $step } } }
            $rows | Set-CioCustomer -NoBatch -ThrottleLimit 16 -ErrorVariable errs
            $errs.Count | Should -Be 0

            $requests = @(Get-CioEmulatorRequests $script:Emu)
            $requests.Count | Should -Be 600
            $check = Test-PerPersonOrder $requests { param($r) ($r.body | ConvertFrom-Json).step } @(1, 2, 3) 20
            $check.Ids | Should -Be 200
            $check.Problems | Should -BeNullOrEmpty
            $stats = Get-CioEmulatorStats $script:Emu
            $stats.max_in_flight | Should -BeGreaterOrEqual 8 -Because 'requests about different people did run concurrently'
            $stats.max_in_flight | Should -BeLessOrEqual 16 -Because '-ThrottleLimit 16'
            $people = Get-PeopleById
            $people.Count | Should -Be 200
            @($people.Values | Where-Object { $_.attributes.step -ne 3 }) | Should -BeNullOrEmpty -Because 'the last identify of each id wins'
        }

        It 'identify, event, identify for 200 ids, interleaved (Send-CioEntity, one request each): per id in input order, never overlapping' {
            Connect-CioEmulator $script:Emu -Extra @{ SkipCheck = $true; RequestsPerSecond = 0 }
            $null = Set-CioEmulatorConfig $script:Emu -LatencyMs 20
            $ops = @(
                foreach ($i in 1..200) { Set-CioCustomer -Id "mix-$i" -Attributes @{ step = 1 } -AsOperation }
                foreach ($i in 1..200) { Send-CioEvent -Id "mix-$i" -Name 'step2' -AsOperation }
                foreach ($i in 1..200) { Set-CioCustomer -Id "mix-$i" -Attributes @{ step = 3 } -AsOperation }
            )
            $ops | Send-CioEntity -ThrottleLimit 16 -ErrorVariable errs
            $errs.Count | Should -Be 0

            $requests = @(Get-CioEmulatorRequests $script:Emu)
            $requests.Count | Should -Be 600
            $check = Test-PerPersonOrder $requests { param($r) ($r.body | ConvertFrom-Json).action } @('identify', 'event', 'identify') 20
            $check.Ids | Should -Be 200
            $check.Problems | Should -BeNullOrEmpty
            (Get-CioEmulatorStats $script:Emu).max_in_flight | Should -BeGreaterOrEqual 8
            $people = Get-PeopleById
            foreach ($p in $people.Values) {
                $p.attributes.step | Should -Be 3
                @($p.events.name) | Should -Be @('step2')
            }
        }
    }

    Context 'The request rate limit' {
        It '-RequestsPerSecond 50: 300 records (-NoBatch) never make more than 55 requests in any second' {
            Connect-CioEmulator $script:Emu -Extra @{ SkipCheck = $true; RequestsPerSecond = 50 }
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            @(foreach ($i in 1..300) { [pscustomobject]@{ id = "rate-$i"; plan = 'pro' } }) | Set-CioCustomer -NoBatch -ErrorVariable errs
            $clock.Stop()
            $errs.Count | Should -Be 0
            (Get-PeopleById).Count | Should -Be 300

            $perSecond = @((Get-CioEmulatorStats $script:Emu).per_second.psobject.Properties | Sort-Object { [long]$_.Name } | ForEach-Object { [int]$_.Value })
            ($perSecond | Measure-Object -Sum).Sum | Should -Be 300
            # The token bucket lets a one-second window hold the rate plus its small burst (rate/20 = 2.5),
            # and the emulator's calendar seconds are not aligned with the client's clock: 10% covers both.
            ($perSecond | Measure-Object -Maximum).Maximum | Should -BeLessOrEqual 55 -Because "per second: $($perSecond -join ', ')"
            $clock.Elapsed.TotalSeconds | Should -BeGreaterThan 5.5 -Because '300 requests at 50/s take about 6 s'
            # The inner seconds run close to the limit: the limiter does not throttle far below it.
            $inner = @($perSecond | Select-Object -Skip 1 | Select-Object -SkipLast 1)
            ($inner | Measure-Object -Average).Average | Should -BeGreaterOrEqual 45 -Because "per second: $($perSecond -join ', ')"
        }

        It 'the emulator''s 429s (--rate-limit 20, module at 100/s) slow the module down and lose nothing' {
            Connect-CioEmulator $script:Emu -Extra @{ SkipCheck = $true; RequestsPerSecond = 100 }
            $null = Set-CioEmulatorConfig $script:Emu -RateLimit 20
            $rows = @(foreach ($i in 1..150) { [pscustomobject]@{ id = "throttle-$i"; plan = 'pro' } })
            $rows | Set-CioCustomer -NoBatch -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -Be 0 -Because "no record may be lost to 429s: $(@($errs)[0])"
            $people = Get-PeopleById
            foreach ($r in $rows) { $people.ContainsKey($r.id) | Should -BeTrue -Because "$($r.id) must arrive" }

            $stats = Get-CioEmulatorStats $script:Emu
            $throttled = [int]$stats.status_counts.'429'
            $throttled | Should -BeGreaterThan 0 -Because 'the emulator did refuse requests beyond 20/s'
            # Sending at 100/s against 20/s with retries alone would draw about four 429s per record.
            $throttled | Should -BeLessThan 40 -Because 'after a 429 the module lowers its own rate instead of hammering'
            $perSecond = @($stats.per_second.psobject.Properties | ForEach-Object { [int]$_.Value })
            ($perSecond | Measure-Object -Maximum).Maximum | Should -BeLessOrEqual 40 -Because "the module never runs at its 100/s against a 20/s service (per second: $($perSecond -join ', '))"
        }
    }

    Context 'Automatic batching adapts to the rate limit' {
        It 'a batch goes once it holds 500 records and a request may start; while the limit holds, it grows' {
            # At 1 request/s the bucket holds one token: the first batch takes it at 500 records, and the
            # rest of the input waits in one growing batch instead of queuing many small ones.
            Connect-CioEmulator $script:Emu -Extra @{ SkipCheck = $true; RequestsPerSecond = 1 }
            $rows = @(foreach ($i in 1..1500) { [pscustomobject]@{ id = "grow-$i"; plan = 'pro' } })
            $rows | Set-CioCustomer -ErrorVariable errs
            $errs.Count | Should -Be 0
            (Get-PeopleById).Count | Should -Be 1500
            $batches = @(Get-CioEmulatorRequests $script:Emu | Where-Object path -EQ '/api/v2/batch')
            $sizes = @($batches | ForEach-Object { @(($_.body | ConvertFrom-Json).batch).Count })
            ($sizes | Measure-Object -Sum).Sum | Should -Be 1500
            # A stalled pipeline (a loaded machine) may send an early batch after 100 ms: allow one more.
            $sizes.Count | Should -BeLessOrEqual 3 -Because "batch sizes: $($sizes -join ', ')"
            $sizes[0] | Should -BeLessOrEqual 500 -Because "the first batch goes as soon as it may (sizes: $($sizes -join ', '))"
            ($sizes | Measure-Object -Maximum).Maximum | Should -BeGreaterThan 500 -Because "batch sizes: $($sizes -join ', ')"
        }
    }

    Context 'Stopping a run (Ctrl+C)' {
        It 'a terminating error upstream ends the run: each row read is succeeded, not sent or unconfirmed, exactly once, as the emulator received it' {
            # PowerShell then calls no StopProcessing, only Dispose; without it the open batch would still
            # go out once it had waited 100 ms, and LastRun would not know. Requests on the wire at the stop
            # are answered (the emulator answers at once), so their rows are succeeded, not unconfirmed.
            $conn = Connect-CioEmulator $script:Emu -Extra @{ SkipCheck = $true; RequestsPerSecond = 0; PassThru = $true }
            $rows = @(foreach ($i in 1..3000) { [pscustomobject]@{ id = "fail-$i"; plan = 'pro' } })
            { $rows | ForEach-Object { if ($_.id -eq 'fail-1200') { throw 'the source failed' }; $_ } | Set-CioCustomer -Connection $conn } |
                Should -Throw '*the source failed*'
            Wait-EmulatorIdle

            $run = $conn.LastRun
            $run.Stopped | Should -BeTrue
            $run.Records | Should -Be 1199
            $received = [System.Collections.Generic.List[string]]::new()
            foreach ($r in Get-CioEmulatorRequests $script:Emu) {
                $body = $r.body | ConvertFrom-Json
                if ($body.batch) { foreach ($item in $body.batch) { $received.Add($item.identifiers.id) } } else { $received.Add((Get-RequestId $r)) }
            }
            $notSent = @($run.NotSent | ForEach-Object id)
            $read = @($rows[0..1198].id)

            $run.NotSent.Count | Should -BeGreaterThan 0 -Because 'the rows of the open batch were not sent'
            $run.Unconfirmed | Should -BeNullOrEmpty -Because 'every request on the wire was answered within the wait'
            $run.Refused | Should -BeNullOrEmpty
            $run.Failed | Should -Be 0
            @($received | Select-Object -Unique).Count | Should -Be $received.Count -Because 'no row was sent twice'
            @($notSent | Where-Object { $received.Contains($_) }) | Should -BeNullOrEmpty -Because 'a row listed as not sent never reached the service'
            $run.Succeeded | Should -Be $received.Count -Because 'a row the service received and answered is succeeded'
            @(@($received) + $notSent | Sort-Object { [int]$_.Split('-')[1] }) | Should -Be $read -Because 'each row read was received (and succeeded) or is not sent, once'
            ($run.Succeeded + $run.Failed + $run.NotSent.Count + $run.Unconfirmed.Count) | Should -Be $run.Records
        }

        It 'Stop() waits for the answers of requests on the wire, at most the connection''s -TimeoutSec; what got no answer is Unconfirmed, and was received' {
            # Emulator latency 20 s, -TimeoutSec 2: four requests are on the wire when the run is stopped and
            # none is answered; the stop gives up on them after at most 2 s.
            $conn = Connect-CioEmulator $script:Emu -Extra @{ SkipCheck = $true; RequestsPerSecond = 0; PassThru = $true; TimeoutSec = 2; MaxRetries = 0 }
            $null = Set-CioEmulatorConfig $script:Emu -LatencyMs 20000
            $rows = @(foreach ($i in 1..50) { [pscustomobject]@{ id = "wait-$i" } })
            $ps = New-ModuleRunspace { param($Rows, $Connection) $Rows | Set-CioCustomer -Connection $Connection -NoBatch -ThrottleLimit 4 } ($rows, $conn)
            try {
                $async = $ps.BeginInvoke()
                $deadline = [DateTime]::UtcNow.AddSeconds(20)
                while (@(Get-CioEmulatorRequests $script:Emu).Count -lt 4 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
                $clock = [System.Diagnostics.Stopwatch]::StartNew()
                $ps.Stop()
                $clock.Stop()
            }
            finally {
                try { $null = $ps.EndInvoke($async) } catch { }
                $ps.Dispose()
            }
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 5 -Because 'the wait for answers is bounded by -TimeoutSec (2 s), plus the time to give up'

            $run = $conn.LastRun
            $run.Stopped | Should -BeTrue
            $received = @(Get-CioEmulatorRequests $script:Emu | ForEach-Object { Get-RequestId $_ })
            $received.Count | Should -Be 4 -Because '-ThrottleLimit 4, and no request was answered to make room'
            @($run.Unconfirmed | ForEach-Object id | Sort-Object) | Should -Be @($received | Sort-Object) -Because 'exactly the rows on the wire got no answer'
            @($run.NotSent | ForEach-Object id | Where-Object { $received -contains $_ }) | Should -BeNullOrEmpty
            $run.Succeeded | Should -Be 0
            ($run.Succeeded + $run.Failed + $run.NotSent.Count + $run.Unconfirmed.Count) | Should -Be $run.Records
        }

        It 'Stop() of Add-CioSegmentMember lists the ids it had collected but not sent in LastRun.NotSent' {
            # Ids are collected 1,000 a request; a slow source means the stop finds some collected, unsent.
            $conn = Connect-CioEmulator $script:Emu -Extra @{ SkipCheck = $true; RequestsPerSecond = 0; PassThru = $true }
            $ids = @(foreach ($i in 1..20000) { "seg-$i" })
            $ps = New-ModuleRunspace {
                param($Ids, $Connection)
                $Ids | ForEach-Object { $_; if ($_.EndsWith('0')) { Start-Sleep -Milliseconds 1 } } | Add-CioSegmentMember -SegmentId 7 -Connection $Connection
            } ($ids, $conn)
            try {
                $async = $ps.BeginInvoke()
                $deadline = [DateTime]::UtcNow.AddSeconds(20)
                while (@(Get-CioEmulatorRequests $script:Emu).Count -lt 1 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
                Start-Sleep -Milliseconds 300
                $async.IsCompleted | Should -BeFalse -Because 'the source is still producing ids'
                $ps.Stop()
            }
            finally {
                try { $null = $ps.EndInvoke($async) } catch { }
                $ps.Dispose()
            }
            Wait-EmulatorIdle

            $run = $conn.LastRun
            $run.Command | Should -Be 'Add-CioSegmentMember'
            $run.Stopped | Should -BeTrue -Because "the run was stopped ($($run | Format-List | Out-String) state $($ps.InvocationStateInfo.State))"
            $sent = [System.Collections.Generic.List[string]]::new()
            foreach ($r in Get-CioEmulatorRequests $script:Emu) { foreach ($id in ($r.body | ConvertFrom-Json).ids) { $sent.Add($id) } }
            # NotSent and Unconfirmed hold piped records, or a request's array of them: flatten both.
            $listed = [System.Collections.Generic.List[string]]::new()
            foreach ($o in @($run.NotSent) + @($run.Unconfirmed)) { foreach ($x in @($o)) { $listed.Add("$x") } }
            $sent.Count | Should -BeGreaterThan 0
            $run.NotSent.Count | Should -BeGreaterThan 0 -Because 'the stop found ids collected for the next request'
            $read = @($ids[0..($run.Records - 1)])
            $unaccounted = @($read | Where-Object { -not $sent.Contains($_) -and -not $listed.Contains($_) })
            $unaccounted | Should -BeNullOrEmpty -Because "every id read was sent or is listed ($($run.Records) read, $($sent.Count) sent)"
            @($listed | Where-Object { $sent.Contains($_) -and $run.NotSent -contains $_ }) | Should -BeNullOrEmpty -Because 'an id sent is not listed as not sent'
        }

        It 'Stop() after about 1 s of 2,000 rows (emulator latency 200 ms) ends within 2 s; LastRun tells what was and was not sent' {
            $conn = Connect-CioEmulator $script:Emu -Extra @{ SkipCheck = $true; RequestsPerSecond = 0; PassThru = $true }
            $null = Set-CioEmulatorConfig $script:Emu -LatencyMs 200
            $rows = @(foreach ($i in 1..2000) { [pscustomobject]@{ id = "stop-$i"; plan = 'pro' } })
            $ps = New-ModuleRunspace { param($Rows, $Connection) $Rows | Set-CioCustomer -Connection $Connection -NoBatch } ($rows, $conn)
            try {
                $async = $ps.BeginInvoke()
                Start-Sleep -Milliseconds 1000
                $async.IsCompleted | Should -BeFalse -Because 'the run is still going after 1 s'
                $clock = [System.Diagnostics.Stopwatch]::StartNew()
                $ps.Stop()
                $clock.Stop()
                $clock.Elapsed.TotalSeconds | Should -BeLessThan 2
                "$($ps.InvocationStateInfo.State)" | Should -Be 'Stopped'
            }
            finally {
                try { $null = $ps.EndInvoke($async) } catch { }
                $ps.Dispose()
            }
            Wait-EmulatorIdle

            $run = $conn.LastRun
            $run | Should -Not -BeNullOrEmpty
            $run.Command | Should -Be 'Set-CioCustomer'
            $run.Stopped | Should -BeTrue
            $run.Succeeded | Should -BeGreaterThan 0 -Because 'about a second of sending went by'
            $run.Records | Should -BeLessThan 2000
            $run.NotSent.Count | Should -BeGreaterThan 0
            $run.Unconfirmed | Should -BeNullOrEmpty -Because 'the requests on the wire (200 ms each) were answered before the stop ended'

            # Whole accounting of the 2,000 rows: the rows after LastRun.Records were never read.
            $sentIds = [System.Collections.Generic.HashSet[string]]::new([string[]]@(Get-CioEmulatorRequests $script:Emu | ForEach-Object { [uri]::UnescapeDataString($_.path.Split('/')[4]) }))
            $people = Get-PeopleById
            $notSent = [System.Collections.Generic.HashSet[object]]::new([System.Collections.Generic.ReferenceEqualityComparer]::Instance)
            foreach ($o in $run.NotSent) { $null = $notSent.Add($o) }
            $unconfirmed = [System.Collections.Generic.HashSet[object]]::new([System.Collections.Generic.ReferenceEqualityComparer]::Instance)
            foreach ($o in $run.Unconfirmed) { $null = $unconfirmed.Add($o) }
            $notSent.Count | Should -Be $run.NotSent.Count -Because 'NotSent names each row once'
            $problems = [System.Collections.Generic.List[string]]::new()
            $succeeded = 0
            for ($i = 0; $i -lt $rows.Count; $i++) {
                $row = $rows[$i]
                $isNotSent = $notSent.Contains($row)
                $isUnconfirmed = $unconfirmed.Contains($row)
                if ($isNotSent -and $isUnconfirmed) { $problems.Add("$($row.id) is both not sent and unconfirmed") }
                if ($i -ge $run.Records) {
                    if ($isNotSent -or $isUnconfirmed) { $problems.Add("$($row.id) was never read but is listed") }
                    if ($sentIds.Contains($row.id)) { $problems.Add("$($row.id) was never read but was sent") }
                }
                elseif ($isNotSent) { if ($sentIds.Contains($row.id)) { $problems.Add("$($row.id) is listed as not sent but was sent") } }
                elseif (-not $isUnconfirmed) {
                    $succeeded++
                    if (-not $people.ContainsKey($row.id)) { $problems.Add("$($row.id) counted as sent but is not in the emulator") }
                }
                if ($problems.Count -ge 20) { break }
            }
            $problems | Should -BeNullOrEmpty -Because 'a row the cmdlet read and did not list as not sent or unconfirmed must have been sent'
            ($run.Succeeded + $run.Failed + $run.NotSent.Count + $run.Unconfirmed.Count) | Should -Be $run.Records -Because 'every record the cmdlet read is succeeded, failed, not sent or unconfirmed'
            $succeeded | Should -Be ($run.Succeeded + $run.Failed)
            foreach ($id in $people.Keys) {
                $n = [int]$id.Split('-')[1]
                $n | Should -BeLessOrEqual $run.Records -Because 'only rows the cmdlet read can have arrived'
            }
        }
    }

    Context 'Progress and the summary' {
        It 'a run of more than 1 s writes a few progress records (not one per record) and a final Completed one' {
            $conn = Connect-CioEmulator $script:Emu -Extra @{ SkipCheck = $true; RequestsPerSecond = 200; PassThru = $true }
            $rows = @(foreach ($i in 1..400) { [pscustomobject]@{ id = "prog-$i"; plan = 'pro' } })
            $ps = New-ModuleRunspace { param($Rows, $Connection) $ProgressPreference = 'Continue'; $Rows | Set-CioCustomer -Connection $Connection -NoBatch } ($rows, $conn)
            try {
                $clock = [System.Diagnostics.Stopwatch]::StartNew()
                $null = $ps.Invoke()
                $clock.Stop()
                $ps.Streams.Error.Count | Should -Be 0
                $progress = @($ps.Streams.Progress)
            }
            finally { $ps.Dispose() }
            $clock.Elapsed.TotalSeconds | Should -BeGreaterThan 1.5 -Because '400 requests at 200/s take about 2 s'
            (Get-PeopleById).Count | Should -Be 400

            $progress.Count | Should -BeGreaterOrEqual 2
            $progress.Count | Should -BeLessOrEqual 25 -Because "a few updates a second, not one per record (got $($progress.Count) for 400 records in $([int]$clock.Elapsed.TotalSeconds) s)"
            @($progress | ForEach-Object ActivityId | Select-Object -Unique).Count | Should -Be 1
            $progress[-1].RecordType | Should -Be 'Completed'
            @($progress | Select-Object -SkipLast 1 | Where-Object RecordType -EQ 'Completed') | Should -BeNullOrEmpty
            $progress[0].Activity | Should -Not -BeNullOrEmpty
            $progress[-2].StatusDescription | Should -Match '\d+ sent, \d+ failed'
        }

        It 'writes no progress under $ProgressPreference = SilentlyContinue' {
            $conn = Connect-CioEmulator $script:Emu -Extra @{ SkipCheck = $true; RequestsPerSecond = 200; PassThru = $true }
            $rows = @(foreach ($i in 1..300) { [pscustomobject]@{ id = "quiet-$i"; plan = 'pro' } })
            $ps = New-ModuleRunspace { param($Rows, $Connection) $ProgressPreference = 'SilentlyContinue'; $Rows | Set-CioCustomer -Connection $Connection -NoBatch } ($rows, $conn)
            try {
                $null = $ps.Invoke()
                $ps.Streams.Error.Count | Should -Be 0
                $ps.Streams.Progress.Count | Should -Be 0
            }
            finally { $ps.Dispose() }
            (Get-PeopleById).Count | Should -Be 300
        }

        It 'with -Verbose the summary line comes last: records, succeeded, failed, requests, time and rate' {
            Connect-CioEmulator $script:Emu -Extra @{ SkipCheck = $true; RequestsPerSecond = 0 }
            $rows = @(foreach ($i in 1..50) { [pscustomobject]@{ id = "verb-$i"; plan = 'pro' } }) + @([pscustomobject]@{ id = ''; plan = 'x' })
            $verbose = @($rows | Set-CioCustomer -NoBatch -Verbose -ErrorAction SilentlyContinue 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
            $verbose.Count | Should -BeGreaterThan 0
            $summary = @($verbose | Where-Object Message -Match '^Set-CioCustomer: \d+ records')
            $summary.Count | Should -Be 1
            $verbose[-1].Message | Should -Match '^Set-CioCustomer: 51 records, 50 succeeded, 1 failed, 50 requests in \d+[.,]\d\d s \(\d+ records/s\)\.$'

            $quiet = @($rows | Set-CioCustomer -NoBatch -ErrorAction SilentlyContinue 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
            $quiet.Count | Should -Be 0 -Because 'without -Verbose there is no summary'
        }
    }
}
