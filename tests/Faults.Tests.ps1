# Faults survived: transient failures are retried with X-Retry-Count and
# Retry-After honoured, other 4xx are final, a fault that never clears ends within the retry budget with
# one error per affected record, retries never reorder one person's records, redirects keep method and
# body but not the key on a foreign host, the plain-text 401 is quoted, and the failures of a run can be
# re-sent from -ErrorVariable. The emulator's fault API arranges each misbehaviour; its request log shows
# what the module really sent.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot TestHelpers.psm1) -Force
    Import-CioModuleUnderTest
    $script:Emu = Start-CioEmulator
    $script:Auth = Get-CioEmulatorBasicAuth $script:Emu


    # The seq of the last recorded request: requests after it are what a later step sent.
    function script:Get-LastSeq {
        $all = Get-CioEmulatorRequests $script:Emu
        if ($all.Count) { [long]$all[-1].seq } else { 0 }
    }

    # Requests whose raw path is the given one, in arrival order.
    function script:Get-PathRequest([string] $Path, [long] $Since = 0) {
        @(Get-CioEmulatorRequests $script:Emu -Since $Since | Where-Object path -EQ $Path)
    }

    function script:Get-PeopleById {
        $map = @{}
        foreach ($p in (Get-CioEmulatorState $script:Emu).people) { $map[[string]$p.id] = $p }
        $map
    }

    # Connects to the emulator with no client rate limit and the given retry settings.
    function script:Connect-Faulty([hashtable] $Settings = @{}) {
        $extra = @{ SkipCheck = $true; RequestsPerSecond = 0; MaxRetries = 3; RetryBudgetSec = 30; TimeoutSec = 5 }
        foreach ($k in $Settings.Keys) { $extra[$k] = $Settings[$k] }
        Connect-CioEmulator $script:Emu -Extra $extra
    }

    # Rows id = <prefix>-1..N with plan = pro.
    function script:New-Rows([string] $Prefix, [int] $Count) {
        foreach ($i in 1..$Count) { [pscustomobject]@{ id = "$Prefix-$i"; plan = 'pro' } }
    }

    # Runs the script block in this scope (it must use -ErrorVariable errs -ErrorAction SilentlyContinue)
    # and returns its errors, the terminating one (if any) included, each once.
    function script:Invoke-Collecting([scriptblock] $Script) {
        $errs = $null
        $caught = $null
        try { . $Script } catch { $caught = $_ }
        $seen = @{}
        $list = [System.Collections.Generic.List[object]]::new()
        foreach ($e in @($errs) + @($caught)) {
            if (-not $e) { continue }
            # -ErrorVariable keeps a terminating error as its exception; its ErrorRecord is what the user sees.
            if ($e -isnot [System.Management.Automation.ErrorRecord] -and $e -is [System.Management.Automation.IContainsErrorRecord]) { $e = $e.ErrorRecord }
            $key = "$($e.FullyQualifiedErrorId)|$($e.Exception.Message)"
            if (-not $seen.ContainsKey($key)) { $seen[$key] = $true; $list.Add($e) }
        }
        , $list.ToArray()
    }

    # Waits until the emulator answers nothing any more (stalled requests finish after the test that
    # stalled them; they must not land in the next test's store).
    function script:Wait-EmulatorIdle {
        $deadline = [DateTime]::UtcNow.AddSeconds(15)
        while ((Get-CioEmulatorStats $script:Emu).in_flight -gt 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
    }

    function script:Test-SameObject($A, $B) {
        $a1 = if ($A -is [psobject]) { $A.psobject.BaseObject } else { $A }
        $b1 = if ($B -is [psobject]) { $B.psobject.BaseObject } else { $B }
        if ($a1 -is [System.Management.Automation.PSCustomObject]) { $a1 = $A }
        if ($b1 -is [System.Management.Automation.PSCustomObject]) { $b1 = $B }
        [object]::ReferenceEquals($a1, $b1)
    }
}

AfterAll {
    if (Get-Command Disconnect-CioTrack -ErrorAction Ignore) { Disconnect-CioTrack }
    Stop-CioEmulator $script:Emu
}

Describe 'Transient failures are retried' -Tag 'Timing' {
    AfterEach { Wait-EmulatorIdle }

    BeforeEach {
        Reset-CioEmulator $script:Emu
        Connect-Faulty
    }

    It 'HTTP <_> twice, then 200: the record lands after 3 attempts carrying X-Retry-Count 1 and 2' -ForEach 408, 429, 500, 502, 503, 504, 522, 524 {
        $status = $_
        $id = "retry-$status"
        $null = Add-CioEmulatorFault $script:Emu @{ kind = 'status'; status = $status; count = 2; match = $id }
        $result = Set-CioCustomer -Id $id -Attributes @{ plan = 'pro' } -PassThru -ErrorVariable errs
        $errs.Count | Should -Be 0
        $result.Succeeded | Should -BeTrue
        $result.Attempts | Should -Be 3
        $result.StatusCode | Should -Be 200

        $requests = Get-PathRequest "/api/v1/customers/$id"
        $requests.Count | Should -Be 3
        @($requests.status) | Should -Be @($status, $status, 200)
        @($requests | ForEach-Object { $_.headers.'x-retry-count' }) | Should -Be @($null, '1', '2')
        foreach ($r in $requests) {
            $r.method | Should -BeExactly 'PUT'
            $r.body | Should -BeExactly '{"plan":"pro"}'
            $r.headers.authorization | Should -BeExactly $script:Auth
        }
        (Get-PeopleById)[$id].attributes.plan | Should -BeExactly 'pro'
    }

    It 'a dropped connection twice, then 200: the record lands after 3 attempts' {
        $null = Add-CioEmulatorFault $script:Emu @{ kind = 'drop'; count = 2; match = 'drop-1' }
        $result = Set-CioCustomer -Id 'drop-1' -Attributes @{ plan = 'pro' } -PassThru -ErrorVariable errs
        $errs.Count | Should -Be 0
        $result.Attempts | Should -Be 3
        $requests = Get-PathRequest '/api/v1/customers/drop-1'
        $requests.Count | Should -Be 3
        @($requests | ForEach-Object { $_.headers.'x-retry-count' }) | Should -Be @($null, '1', '2')
        $requests[2].status | Should -Be 200
        (Get-PeopleById)['drop-1'].attributes.plan | Should -BeExactly 'pro'
    }

    It 'a batch request dropped once is re-sent and every record lands once' {
        $null = Add-CioEmulatorFault $script:Emu @{ kind = 'drop'; count = 1; match = '/api/v2/batch' }
        New-Rows 'bdrop' 50 | Set-CioCustomer -ErrorVariable errs
        $errs.Count | Should -Be 0
        $batches = Get-PathRequest '/api/v2/batch'
        $dropped = @($batches | Where-Object status -EQ 0)
        $retried = @($batches | Where-Object { $_.headers.'x-retry-count' -eq '1' })
        $dropped.Count | Should -Be 1
        $retried.Count | Should -Be 1
        $retried[0].status | Should -Be 200
        $retried[0].body | Should -BeExactly $dropped[0].body -Because 'a retry re-sends the same batch'
        (Get-PeopleById).Count | Should -Be 50
    }

    It 'a stall longer than -TimeoutSec 1: the attempt is abandoned after about 1 s and the retry lands' {
        Connect-Faulty @{ TimeoutSec = 1 }
        $null = Add-CioEmulatorFault $script:Emu @{ kind = 'stall'; stall_ms = 4000; count = 1; match = 'stall-1' }
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $result = Set-CioCustomer -Id 'stall-1' -Attributes @{ plan = 'pro' } -PassThru -ErrorVariable errs
        $clock.Stop()
        $errs.Count | Should -Be 0
        $result.Attempts | Should -Be 2
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 3 -Because 'the module gives up on the stalled attempt after -TimeoutSec 1, not after the 4 s stall'
        $requests = Get-PathRequest '/api/v1/customers/stall-1'
        $requests.Count | Should -Be 2
        $requests[1].headers.'x-retry-count' | Should -Be '1'
        ($requests[1].received_at_ms - $requests[0].received_at_ms) | Should -BeGreaterOrEqual 990 -Because 'the retry starts only after the 1 s timeout'
        (Get-PeopleById)['stall-1'].attributes.plan | Should -BeExactly 'pro'
    }

    It 'an event whose first attempt timed out is retried with the same event id and stored once' {
        Connect-Faulty @{ TimeoutSec = 1 }
        $null = Add-CioEmulatorFault $script:Emu @{ kind = 'stall'; stall_ms = 2000; count = 1; match = 'stall-ev' }
        Send-CioEvent -Id 'stall-ev' -Name 'purchase' -Data @{ amount = 5 } -ErrorVariable errs
        $errs.Count | Should -Be 0
        $requests = Get-PathRequest '/api/v1/customers/stall-ev/events'
        $requests.Count | Should -Be 2
        $requests[1].body | Should -BeExactly $requests[0].body -Because 'the retried event keeps its id'
        $events = @((Get-PeopleById)['stall-ev'].events)
        $events.Count | Should -Be 1 -Because 'the service counts an event id once'
        $events[0].data.amount | Should -Be 5
    }

    It 'Retry-After: <RetryAfter> s on a <Status> is honoured' -ForEach @(
        @{ Status = 503; RetryAfter = '2' }
        @{ Status = 429; RetryAfter = '1' }
    ) {
        $id = "after-$Status"
        $null = Add-CioEmulatorFault $script:Emu @{ kind = 'status'; status = $Status; retry_after = $RetryAfter; count = 1; match = $id }
        Set-CioCustomer -Id $id -Attributes @{ plan = 'pro' } -ErrorVariable errs
        $errs.Count | Should -Be 0
        $requests = Get-PathRequest "/api/v1/customers/$id"
        $requests.Count | Should -Be 2
        $gap = $requests[1].received_at_ms - $requests[0].received_at_ms
        # Both times are the emulator's arrival stamps in whole ms, so 20 ms covers their rounding and stamping order.
        $gap | Should -BeGreaterOrEqual ([int]$RetryAfter * 1000 - 20) -Because "the retry must wait the $RetryAfter s the service asked for"
        $gap | Should -BeLessThan ([int]$RetryAfter * 1000 + 1500) -Because 'and not much longer'
        (Get-PeopleById)[$id].attributes.plan | Should -BeExactly 'pro'
    }

    It 'Retry-After as an HTTP date is honoured' {
        # An HTTP date has whole seconds: the retry may not come before that second starts.
        $at = [DateTimeOffset]::FromUnixTimeSeconds([DateTimeOffset]::UtcNow.ToUnixTimeSeconds() + 3)
        $null = Add-CioEmulatorFault $script:Emu @{ kind = 'status'; status = 503; retry_after = $at.ToString('R'); count = 1; match = 'after-date' }
        Set-CioCustomer -Id 'after-date' -Attributes @{ plan = 'pro' } -ErrorVariable errs
        $errs.Count | Should -Be 0
        $requests = Get-PathRequest '/api/v1/customers/after-date'
        $requests.Count | Should -Be 2
        $requests[1].received_at_ms | Should -BeGreaterOrEqual ($at.ToUnixTimeMilliseconds() - 20) -Because "the retry waits until $($at.ToString('R'))"
        $requests[1].received_at_ms | Should -BeLessThan ($at.ToUnixTimeMilliseconds() + 1500)
        ($requests[1].received_at_ms - $requests[0].received_at_ms) | Should -BeGreaterThan 1000
    }

    It 'a Retry-After beyond the retry budget ends within the budget with one clear error' {
        Connect-Faulty @{ RetryBudgetSec = 5 }
        $null = Add-CioEmulatorFault $script:Emu @{ kind = 'status'; status = 503; retry_after = '120'; reason = 'down for maintenance'; count = -1; match = 'after-long' }
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $row = [pscustomobject]@{ id = 'after-long'; plan = 'pro' }
        $errors = Invoke-Collecting { $row | Set-CioCustomer -ErrorVariable errs -ErrorAction SilentlyContinue }
        $clock.Stop()
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 6.5
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'CioServiceUnavailable,*'
        $errors[0].Exception.Message | Should -BeLike '*503*down for maintenance*'
        Test-SameObject $errors[0].TargetObject $row | Should -BeTrue
    }
}

Describe 'Other 4xx are final' -Tag 'Timing' {
    AfterEach { Wait-EmulatorIdle }

    BeforeEach {
        Reset-CioEmulator $script:Emu
        Connect-Faulty
    }

    It 'HTTP <Status>: one attempt, one non-terminating error quoting the service, the records around it land' -ForEach @(
        @{ Status = 400; ErrorId = 'CioRequestRejected'; Category = 'InvalidData' }
        @{ Status = 403; ErrorId = 'CioForbidden'; Category = 'PermissionDenied' }
        @{ Status = 404; ErrorId = 'CioNotFound'; Category = 'ObjectNotFound' }
        @{ Status = 422; ErrorId = 'CioRequestRejected'; Category = 'InvalidData' }
    ) {
        $rows = @(New-Rows "final$Status" 3)
        $null = Add-CioEmulatorFault $script:Emu @{ kind = 'status'; status = $Status; reason = "refused by rule $Status"; count = -1; match = "final$Status-2" }
        $rows | Set-CioCustomer -NoBatch -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $e = $errs[0]
        $e.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $e.CategoryInfo.Category | Should -Be $Category
        $e.Exception.Message | Should -Match "^Record 2\b"
        $e.Exception.Message | Should -BeLike "*$Status*refused by rule $Status*"
        Test-SameObject $e.TargetObject $rows[1] | Should -BeTrue
        $requests = Get-PathRequest "/api/v1/customers/final$Status-2"
        $requests.Count | Should -Be 1 -Because "$Status is final: no retry"
        $requests[0].headers.'x-retry-count' | Should -BeNullOrEmpty
        @((Get-PeopleById).Keys | Sort-Object) | Should -Be @("final$Status-1", "final$Status-3")
    }

    It 'a 400 for a whole batch: the batch is split until only the refused record fails' {
        $rows = @(New-Rows 'split' 8)
        $null = Add-CioEmulatorFault $script:Emu @{ kind = 'status'; status = 400; reason = 'bad item'; count = -1; match = 'split-6' }
        $rows | Set-CioCustomer -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].Exception.Message | Should -Match '^Record 6\b'
        $errs[0].Exception.Message | Should -BeLike '*bad item*'
        Test-SameObject $errs[0].TargetObject $rows[5] | Should -BeTrue
        @((Get-PeopleById).Keys | Sort-Object) | Should -Be @($rows.id | Where-Object { $_ -ne 'split-6' } | Sort-Object)
    }
}

Describe 'A fault that never clears' -Tag 'Timing' {
    AfterEach { Wait-EmulatorIdle }

    BeforeEach {
        Reset-CioEmulator $script:Emu
        Connect-Faulty @{ MaxRetries = 2; RetryBudgetSec = 5; TimeoutSec = 1 }
    }

    It '<Kind> forever on two of ten records (-NoBatch): one <ErrorId> error each, 3 attempts each, the rest land, within the budget' -ForEach @(
        @{ Kind = '503'; Fault = @{ kind = 'status'; status = 503 }; ErrorId = 'CioServiceUnavailable'; Applied = $false; MaxSeconds = 6 }
        @{ Kind = '429'; Fault = @{ kind = 'status'; status = 429 }; ErrorId = 'CioRateLimited'; Applied = $false; MaxSeconds = 6 }
        @{ Kind = 'a dropped connection'; Fault = @{ kind = 'drop' }; ErrorId = 'CioConnectionFailed'; Applied = $false; MaxSeconds = 6 }
        @{ Kind = 'a stall past -TimeoutSec'; Fault = @{ kind = 'stall'; stall_ms = 3000 }; ErrorId = 'CioRequestTimeout'; Applied = $true; MaxSeconds = 9 }
    ) {
        $rows = @(New-Rows 'doom' 10)
        foreach ($id in 'doom-3', 'doom-7') {
            $f = @{ count = -1; match = $id }
            foreach ($k in $Fault.Keys) { $f[$k] = $Fault[$k] }
            $null = Add-CioEmulatorFault $script:Emu $f
        }
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $rows | Set-CioCustomer -NoBatch -ErrorVariable errs -ErrorAction SilentlyContinue
        $clock.Stop()
        # Budget: 5 s of waiting between retries, plus three attempts of at most -TimeoutSec 1 each for a stall.
        $clock.Elapsed.TotalSeconds | Should -BeLessThan $MaxSeconds

        $errs.Count | Should -Be 2
        $errs[0].Exception.Message + "`n" + $errs[1].Exception.Message | Should -Match '(?s)^Record [37]\b.*\nRecord [37]\b'
        foreach ($e in $errs) { $e.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*" }
        @($errs | Where-Object { Test-SameObject $_.TargetObject $rows[2] }).Count | Should -Be 1
        @($errs | Where-Object { Test-SameObject $_.TargetObject $rows[6] }).Count | Should -Be 1
        foreach ($id in 'doom-3', 'doom-7') {
            $requests = Get-PathRequest "/api/v1/customers/$id"
            @($requests | ForEach-Object { $_.headers.'x-retry-count' }) | Should -Be @($null, '1', '2') -Because '-MaxRetries 2: three attempts'
        }
        $landed = @((Get-PeopleById).Keys)
        foreach ($r in $rows | Where-Object id -NotIn 'doom-3', 'doom-7') { $landed | Should -Contain $r.id }
        if (-not $Applied) { $landed | Should -Not -Contain 'doom-3' }
    }

    It 'batched: 503 forever on every batch request: each of 40 records reported once, none lost silently' {
        $rows = @(New-Rows 'bdoom' 40)
        $null = Add-CioEmulatorFault $script:Emu @{ kind = 'status'; status = 503; count = -1; match = '/api/v2/batch' }
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $rows | Set-CioCustomer -ErrorVariable errs -ErrorAction SilentlyContinue
        $clock.Stop()
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 6
        $errs.Count | Should -Be 40
        foreach ($e in $errs) { $e.FullyQualifiedErrorId | Should -BeLike 'CioServiceUnavailable,*' }
        foreach ($row in $rows) {
            @($errs | Where-Object { Test-SameObject $_.TargetObject $row }).Count | Should -Be 1 -Because "$($row.id) must be reported exactly once"
        }
        @((Get-CioEmulatorState $script:Emu).people).Count | Should -Be 0
    }
}

Describe 'Retries never reorder one person''s records' -Tag 'Timing' {
    AfterEach { Wait-EmulatorIdle }

    BeforeEach {
        Reset-CioEmulator $script:Emu
        Connect-Faulty
    }

    It 'identify then event for each of 20 ids (-ThrottleLimit 8), the identify failing once: each event arrives after its identify' {
        $ops = foreach ($i in 1..20) {
            Set-CioCustomer -Id "ord-$i" -Attributes @{ plan = 'pro' } -AsOperation
            Send-CioEvent -Id "ord-$i" -Name 'signed_up' -AsOperation
        }
        foreach ($i in 1..20) { $null = Add-CioEmulatorFault $script:Emu @{ kind = 'status'; status = 503; count = 1; match = "ord-$i" } }
        $ops | Send-CioEntity -ThrottleLimit 8 -ErrorVariable errs
        $errs.Count | Should -Be 0
        $log = @(Get-CioEmulatorRequests $script:Emu)
        foreach ($i in 1..20) {
            $mine = @($log | Where-Object { $_.body -like "*`"ord-$i`"*" })
            $actions = @($mine | ForEach-Object { ($_.body | ConvertFrom-Json).action })
            $actions | Should -Be @('identify', 'identify', 'event') -Because "ord-${i}: the failed identify is retried before the event is sent"
            @($mine.status) | Should -Be @(503, 200, 200)
            $mine[1].headers.'x-retry-count' | Should -Be '1'
        }
        $people = Get-PeopleById
        $people.Count | Should -Be 20
        foreach ($p in $people.Values) { @($p.events).Count | Should -Be 1 }
    }

    It 'two identifies of one id (-NoBatch), the first failing twice: the later value wins' {
        $null = Add-CioEmulatorFault $script:Emu @{ kind = 'status'; status = 503; count = 2; match = 'twice-1' }
        @([pscustomobject]@{ id = 'twice-1'; plan = 'free' }, [pscustomobject]@{ id = 'twice-1'; plan = 'pro' }) |
            Set-CioCustomer -NoBatch -ErrorVariable errs
        $errs.Count | Should -Be 0
        $requests = Get-PathRequest '/api/v1/customers/twice-1'
        @($requests.body) | Should -Be @('{"plan":"free"}', '{"plan":"free"}', '{"plan":"free"}', '{"plan":"pro"}')
        @($requests.status) | Should -Be @(503, 503, 200, 200)
        (Get-PeopleById)['twice-1'].attributes.plan | Should -BeExactly 'pro'
    }
}

Describe 'Redirects' -Tag 'Timing' {
    AfterEach { Wait-EmulatorIdle }

    BeforeEach {
        Reset-CioEmulator $script:Emu
        Connect-Faulty
    }

    It 'a <Status> to the same host keeps the method, the body and the Authorization (<Action>)' -ForEach @(
        @{ Status = 307; Action = 'identify' }
        @{ Status = 308; Action = 'identify' }
        @{ Status = 307; Action = 'event' }
        @{ Status = 308; Action = 'event' }
    ) {
        $id = "redir-$Status-$Action"
        $null = Add-CioEmulatorFault $script:Emu @{ kind = 'redirect'; location = $script:Emu.Url; redirect_status = $Status; count = 1; match = $id }
        if ($Action -eq 'identify') {
            Set-CioCustomer -Id $id -Attributes @{ plan = 'pro' } -ErrorVariable errs
            $method = 'PUT'; $path = "/api/v1/customers/$id"
        }
        else {
            Send-CioEvent -Id $id -Name 'purchase' -Data @{ amount = 3 } -ErrorVariable errs
            $method = 'POST'; $path = "/api/v1/customers/$id/events"
        }
        $errs.Count | Should -Be 0
        $requests = @(Get-CioEmulatorRequests $script:Emu)
        $requests.Count | Should -Be 2
        @($requests.status) | Should -Be @($Status, 200)
        foreach ($r in $requests) {
            $r.method | Should -BeExactly $method
            $r.path | Should -BeExactly $path
            $r.headers.authorization | Should -BeExactly $script:Auth
        }
        $requests[1].body | Should -BeExactly $requests[0].body
        $requests[1].body | Should -Not -BeNullOrEmpty
        $p = (Get-PeopleById)[$id]
        if ($Action -eq 'identify') { $p.attributes.plan | Should -BeExactly 'pro' } else { @($p.events)[0].data.amount | Should -Be 3 }
    }

    It 'a redirect to another host name does not carry the Authorization; the 401 it gets is a clear error naming the redirect' {
        $port = ([uri]$script:Emu.Url).Port
        $script:Emu.Url | Should -BeLike 'http://127.0.0.1:*'
        $null = Add-CioEmulatorFault $script:Emu @{ kind = 'redirect'; location = "http://localhost:$port"; redirect_status = 307; count = 1; match = 'redir-away' }
        $row = [pscustomobject]@{ id = 'redir-away'; plan = 'pro' }
        $errors = Invoke-Collecting { $row | Set-CioCustomer -ErrorVariable errs -ErrorAction SilentlyContinue }

        $requests = @(Get-CioEmulatorRequests $script:Emu)
        $requests.Count | Should -Be 2
        $requests[0].headers.authorization | Should -BeExactly $script:Auth
        $requests[0].status | Should -Be 307
        $requests[1].path | Should -BeExactly '/api/v1/customers/redir-away'
        $requests[1].headers.authorization | Should -BeNullOrEmpty -Because 'the key is not sent to a host the user did not connect to'
        $requests[1].status | Should -Be 401
        (Get-PeopleById).Count | Should -Be 0

        $errors.Count | Should -Be 1
        $message = $errors[0].Exception.Message
        $message | Should -BeLike '*401*'
        $message | Should -BeLike "*localhost:$port*" -Because 'the user must learn that the 401 came from the host a redirect named, not from the one they connected to'
        $message | Should -BeLike '*redirect*'
    }

    It 'a redirect to plain http on a non-loopback host is refused, never followed' {
        Connect-Faulty @{ MaxRetries = 1 }
        $null = Add-CioEmulatorFault $script:Emu @{ kind = 'redirect'; location = 'http://example.com'; redirect_status = 307; count = -1; match = 'redir-http' }
        $row = [pscustomobject]@{ id = 'redir-http'; plan = 'pro' }
        $errors = Invoke-Collecting { $row | Set-CioCustomer -ErrorVariable errs -ErrorAction SilentlyContinue }
        $errors.Count | Should -Be 1
        $errors[0].Exception.Message | Should -BeLike '*http://example.com/api/v1/customers/redir-http*'
        Test-SameObject $errors[0].TargetObject $row | Should -BeTrue
        @(Get-CioEmulatorRequests $script:Emu | Where-Object status -NE 307) | Should -BeNullOrEmpty
    }
}

Describe 'The plain-text 401' -Tag 'Timing' {
    AfterEach { Wait-EmulatorIdle }

    BeforeEach {
        Reset-CioEmulator $script:Emu
        Connect-Faulty
    }

    It 'on the first record: the pipeline stops with one error quoting the body, and sends nothing more' {
        $null = Add-CioEmulatorFault $script:Emu @{ kind = 'unauthorized'; count = -1 }
        $rows = @(New-Rows 'auth' 5)
        $errors = Invoke-Collecting { $rows | Set-CioCustomer -NoBatch -ThrottleLimit 1 -ErrorVariable errs -ErrorAction SilentlyContinue }
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'CioUnauthorized,*'
        $errors[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        $errors[0].Exception.Message | Should -BeLike '*Unauthorized request*'
        # Until something succeeds, a 401 holds every request not yet started: exactly one was sent.
        @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 1 -Because 'the run stops at the 401 instead of sending all five records'
    }

    It 'on a later record: a non-terminating error quoting the body, the others land' {
        $null = Add-CioEmulatorFault $script:Emu @{ kind = 'unauthorized'; count = 1; match = 'auth-2' }
        $rows = @(New-Rows 'auth' 3)
        $rows | Set-CioCustomer -NoBatch -ThrottleLimit 1 -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'CioUnauthorized,*'
        $errs[0].Exception.Message | Should -Match '^Record 2\b'
        $errs[0].Exception.Message | Should -BeLike '*401*Unauthorized request*'
        Test-SameObject $errs[0].TargetObject $rows[1] | Should -BeTrue
        @((Get-PeopleById).Keys | Sort-Object) | Should -Be @('auth-1', 'auth-3')
    }
}

Describe 'Re-sending the failures from -ErrorVariable' -Tag 'Timing' {
    AfterEach { Wait-EmulatorIdle }

    BeforeEach {
        Reset-CioEmulator $script:Emu
        Connect-Faulty
    }

    It '-NoBatch: $failed.TargetObject | Set-CioCustomer re-sends exactly the failed records' {
        $rows = @(foreach ($i in 1..12) { [pscustomobject]@{ id = "again-$i"; plan = "plan-$i" } })
        foreach ($id in 'again-2', 'again-7', 'again-11') { $null = Add-CioEmulatorFault $script:Emu @{ kind = 'status'; status = 400; reason = 'not today'; count = 1; match = $id } }
        $rows | Set-CioCustomer -NoBatch -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.Count | Should -Be 3
        $mark = Get-LastSeq

        $failed.TargetObject | Set-CioCustomer -NoBatch -ErrorVariable again
        $again.Count | Should -Be 0
        @(Get-CioEmulatorRequests $script:Emu -Since $mark | ForEach-Object path | Sort-Object) |
            Should -Be @('/api/v1/customers/again-11', '/api/v1/customers/again-2', '/api/v1/customers/again-7')
        $people = Get-PeopleById
        $people.Count | Should -Be 12
        foreach ($r in $rows) { $people[$r.id].attributes.plan | Should -BeExactly $r.plan }
    }

    It 'batched: items a 207 refused come back as errors on their rows, and re-sending them lands them' {
        $rows = @(foreach ($i in 1..10) { [pscustomobject]@{ id = "items-$i"; plan = "plan-$i" } })
        $null = Add-CioEmulatorFault $script:Emu @{ kind = 'items'; items = @(1, 4); reason = 'refused in rehearsal'; count = 1 }
        $rows | Set-CioCustomer -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.Count | Should -Be 2
        foreach ($e in $failed) {
            $e.FullyQualifiedErrorId | Should -BeLike 'CioBatchItemRejected,*'
            $e.Exception.Message | Should -BeLike '*refused in rehearsal*'
            @($rows | Where-Object { Test-SameObject $_ $e.TargetObject }).Count | Should -Be 1 -Because 'the TargetObject is one of the piped rows'
        }
        (Get-PeopleById).Count | Should -Be 8
        $failedIds = @($failed.TargetObject.id | Sort-Object)
        $mark = Get-LastSeq

        $failed.TargetObject | Set-CioCustomer -ErrorVariable again
        $again.Count | Should -Be 0
        $sent = foreach ($r in Get-CioEmulatorRequests $script:Emu -Since $mark) {
            if ($r.path -eq '/api/v2/batch') { ($r.body | ConvertFrom-Json).batch.identifiers.id } else { [uri]::UnescapeDataString($r.path.Split('/')[-1]) }
        }
        @($sent | Sort-Object) | Should -Be $failedIds
        $people = Get-PeopleById
        $people.Count | Should -Be 10
        foreach ($r in $rows) { $people[$r.id].attributes.plan | Should -BeExactly $r.plan }
    }
}
