# Set-CioCustomer end to end against the emulator:
# CSV import with attribute types, value conversion, identifiers, -WhatIf/-PassThru/-AsOperation,
# and per-record errors. Run by 'build.ps1 test' against the built module in out/.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot TestHelpers.psm1) -Force
    Import-CioModuleUnderTest
    $script:Emu = Start-CioEmulator


    # The body of the only request sent (fails when not exactly one was sent), parsed.
    function script:Get-OnlyRequest {
        $requests = @(Get-CioEmulatorRequests $script:Emu)
        $requests.Count | Should -Be 1 -Because 'exactly one request was expected'
        $requests[0]
    }

    # People in the emulator, keyed by id.
    function script:Get-PeopleById {
        $map = @{}
        foreach ($p in (Get-CioEmulatorState $script:Emu).people) { $map[[string]$p.id] = $p }
        $map
    }

    function script:Get-AttributeNames($Object) { @($Object.psobject.Properties.Name | Sort-Object) }

    # Runs a script block that must throw; returns the ErrorRecord.
    function script:Get-ThrownError([scriptblock] $Script) {
        try { & $Script } catch { return $_ }
        throw 'Expected a terminating error, but the command completed.'
    }

    # 300 rows: id,email,first_name,plan,created_at,zip. Row 1 has zip 01234; row 7's first name is digits.
    $script:CsvPath = Join-Path $TestDrive 'people.csv'
    $script:Expected = @{}
    $rows = foreach ($i in 1..300) {
        $row = [pscustomobject][ordered]@{
            id         = "cust-$i"
            email      = "cust-$i@example.com"
            first_name = if ($i -eq 7) { '007' } else { "First$i" }
            plan       = @('free', 'pro', 'enterprise')[$i % 3]
            created_at = [string](1700000000 + $i)
            zip        = '{0:D5}' -f (1233 + $i)
        }
        $script:Expected[$row.id] = $row
        $row
    }
    $rows | Export-Csv -LiteralPath $script:CsvPath -NoTypeInformation -Encoding utf8

    # Compares what the emulator holds with the CSV; returns a list of differences (empty when all is right).
    function script:Compare-CsvPeople {
        $people = Get-PeopleById
        $problems = [System.Collections.Generic.List[string]]::new()
        if ($people.Count -ne $script:Expected.Count) { $problems.Add("emulator holds $($people.Count) people, expected $($script:Expected.Count)") }
        foreach ($id in $script:Expected.Keys) {
            $e = $script:Expected[$id]
            $p = $people[$id]
            if (-not $p) { $problems.Add("$id missing"); continue }
            $a = $p.attributes
            $names = (Get-AttributeNames $a) -join ','
            if ($names -ne 'created_at,email,first_name,plan,zip') { $problems.Add("${id}: attributes $names") }
            if ($a.created_at -isnot [long] -or $a.created_at -ne [long]$e.created_at) { $problems.Add("${id}: created_at $($a.created_at) [$($a.created_at.GetType().Name)]") }
            if ($a.zip -isnot [string] -or $a.zip -cne $e.zip) { $problems.Add("${id}: zip $($a.zip) [$($a.zip.GetType().Name)]") }
            if ($a.first_name -isnot [string] -or $a.first_name -cne $e.first_name) { $problems.Add("${id}: first_name $($a.first_name)") }
            if ($a.plan -isnot [string] -or $a.plan -cne $e.plan) { $problems.Add("${id}: plan $($a.plan)") }
            if ($a.email -cne $e.email -or $p.email -cne $e.email) { $problems.Add("${id}: email $($a.email) / $($p.email)") }
        }
        , $problems
    }
}

AfterAll {
    if (Get-Command Disconnect-CioTrack -ErrorAction Ignore) { Disconnect-CioTrack }
    Stop-CioEmulator $script:Emu
}

Describe 'Set-CioCustomer' {
    BeforeEach {
        Reset-CioEmulator $script:Emu
        # No rate limit on the client, so a few hundred rows take well under a second; -SkipCheck sends nothing.
        Connect-CioEmulator $script:Emu -Extra @{ SkipCheck = $true; RequestsPerSecond = 0 }
    }

    Context 'CSV import of 300 rows' {
        It 'the CSV has the columns the issue names' {
            (Get-Content -LiteralPath $script:CsvPath -TotalCount 1) | Should -Be '"id","email","first_name","plan","created_at","zip"'
            @(Import-Csv -LiteralPath $script:CsvPath).Count | Should -Be 300
        }

        It 'with -NoBatch: every person arrives with the right attribute types, one PUT each' {
            Import-Csv -LiteralPath $script:CsvPath | Set-CioCustomer -NoBatch -ErrorVariable errs
            $errs.Count | Should -Be 0
            $problems = Compare-CsvPeople
            $problems | Should -BeNullOrEmpty

            $requests = @(Get-CioEmulatorRequests $script:Emu)
            $requests.Count | Should -Be 300
            @($requests | Where-Object { $_.method -ne 'PUT' -or $_.status -ne 200 -or $_.path -notmatch '^/api/v1/customers/cust-\d+$' }) | Should -BeNullOrEmpty
            $one = $requests | Where-Object path -EQ '/api/v1/customers/cust-1'
            $one.body | Should -BeExactly '{"email":"cust-1@example.com","first_name":"First1","plan":"pro","created_at":1700000001,"zip":"01234"}'
        }

        It 'batched (the default): every person arrives with the right types in far fewer requests' {
            $results = Import-Csv -LiteralPath $script:CsvPath | Set-CioCustomer -PassThru -ErrorVariable errs
            $errs.Count | Should -Be 0
            @($results).Count | Should -Be 300
            @($results | Where-Object { -not $_.Succeeded }) | Should -BeNullOrEmpty
            $problems = Compare-CsvPeople
            $problems | Should -BeNullOrEmpty

            $requests = @(Get-CioEmulatorRequests $script:Emu)
            $requests.Count | Should -BeLessThan 30
            @($requests | Where-Object path -EQ '/api/v2/batch').Count | Should -BeGreaterThan 0
            @($requests | Where-Object status -NE 200) | Should -BeNullOrEmpty
        }
    }

    Context 'Values keep their JSON types' {
        It 'a hashtable: numbers, booleans, nested hashtable, array, DateTime, digit strings' {
            $record = [ordered]@{
                id     = 'types-1'
                int    = 42
                long   = 10000000000
                neg    = -3
                double = 1.5
                dec    = [decimal] '1.25'
                yes    = $true
                no     = $false
                nested = [ordered]@{ x = 1; y = [ordered]@{ z = 'q' } }
                arr    = @(1, 'two', $true)
                when   = [datetime]::new(2023, 11, 14, 22, 13, 20, [DateTimeKind]::Utc)
                whenO  = [DateTimeOffset]::new(2023, 11, 14, 23, 13, 20, [TimeSpan]::FromHours(1))
                zip    = '01234'
                digits = '42'
                flag   = 'true'
            }
            $record | Set-CioCustomer
            (Get-OnlyRequest).body | Should -BeExactly ('{"int":42,"long":10000000000,"neg":-3,"double":1.5,"dec":1.25,"yes":true,"no":false,' +
                '"nested":{"x":1,"y":{"z":"q"}},"arr":[1,"two",true],"when":1700000000,"whenO":1700000000,"zip":"01234","digits":"42","flag":"true"}')

            $a = (Get-PeopleById)['types-1'].attributes
            $a.int | Should -BeOfType [long]
            $a.long | Should -Be 10000000000
            $a.double | Should -BeOfType [double]
            $a.yes | Should -BeOfType [bool]
            $a.no | Should -BeFalse
            $a.nested.y.z | Should -BeExactly 'q'
            $a.arr[1] | Should -BeExactly 'two'
            $a.arr[2] | Should -BeOfType [bool]
            $a.when | Should -Be 1700000000
            $a.zip | Should -BeOfType [string]
            $a.digits | Should -BeOfType [string]
            $a.flag | Should -BeOfType [string]
        }

        It 'a PSCustomObject with a nested custom object and an array of objects' {
            [pscustomobject]@{
                id      = 'obj-1'
                address = [pscustomobject]@{ city = 'Oslo'; zip = '0150' }
                tags    = @('a', 'b')
                items   = @([pscustomobject]@{ sku = 'X1'; qty = 2 })
                score   = 9.75
            } | Set-CioCustomer
            $body = (Get-OnlyRequest).body | ConvertFrom-Json -AsHashtable
            $body.address.city | Should -BeExactly 'Oslo'
            $body.address.zip | Should -BeExactly '0150'
            $body.tags | Should -Be @('a', 'b')
            $body.items[0].qty | Should -BeOfType [long]
            $body.score | Should -Be 9.75
            $body.Keys | Should -Not -Contain 'id' -Because 'the identifier is the path, not an attribute'
        }

        It '-Attributes merges over the piped object''s properties' {
            [pscustomobject]@{ id = 'merge-1'; plan = 'free'; city = 'Oslo' } |
                Set-CioCustomer -Attributes @{ plan = 'pro'; extra = 7 }
            $a = (Get-PeopleById)['merge-1'].attributes
            $a.plan | Should -BeExactly 'pro'
            $a.city | Should -BeExactly 'Oslo'
            $a.extra | Should -Be 7
            Get-AttributeNames $a | Should -Be @('city', 'extra', 'plan')
        }

        It '-ExcludeProperty drops columns' {
            [pscustomobject]@{ id = 'ex-1'; email = 'ex-1@example.com'; password = 'hunter2'; internal_note = 'x'; plan = 'pro' } |
                Set-CioCustomer -ExcludeProperty password, internal_note
            $body = (Get-OnlyRequest).body
            $body | Should -BeExactly '{"email":"ex-1@example.com","plan":"pro"}'
        }

        # An email column also binds -Email by property name; that must not bring the column back.
        It '-ExcludeProperty drops an email column too' {
            [pscustomobject]@{ id = 'ex-2'; email = 'ex-2@example.com'; plan = 'pro' } | Set-CioCustomer -ExcludeProperty email
            (Get-OnlyRequest).body | Should -BeExactly '{"plan":"pro"}'
        }

        It '-Attributes wins over a piped email column' {
            [pscustomobject]@{ id = 'merge-2'; email = 'old@example.com'; plan = 'free' } |
                Set-CioCustomer -Attributes @{ email = 'new@example.com'; plan = 'pro' }
            $body = (Get-OnlyRequest).body | ConvertFrom-Json
            $body.plan | Should -BeExactly 'pro'
            $body.email | Should -BeExactly 'new@example.com'
        }

        It 'skips empty CSV cells, and sends them with -IncludeEmpty' {
            $csv = Join-Path $TestDrive 'empty-cells.csv'
            Set-Content -LiteralPath $csv -Value @('id,email,first_name,plan', 'e-1,,Ann,', 'e-2,e2@example.com,,pro')
            Import-Csv -LiteralPath $csv | Set-CioCustomer -NoBatch
            $people = Get-PeopleById
            Get-AttributeNames $people['e-1'].attributes | Should -Be @('first_name')
            Get-AttributeNames $people['e-2'].attributes | Should -Be @('email', 'plan')

            Reset-CioEmulator $script:Emu
            Import-Csv -LiteralPath $csv | Select-Object -First 1 | Set-CioCustomer -IncludeEmpty
            (Get-OnlyRequest).body | Should -BeExactly '{"email":"","first_name":"Ann","plan":""}'
        }

        It 'uses the email as identifier when there is no id column' {
            $csv = Join-Path $TestDrive 'emails.csv'
            Set-Content -LiteralPath $csv -Value @('email,first_name', 'ann+news@example.com,Ann')
            Import-Csv -LiteralPath $csv | Set-CioCustomer -PassThru | ForEach-Object Identifier | Should -Be 'ann+news@example.com'
            $r = Get-OnlyRequest
            $r.path | Should -BeExactly '/api/v1/customers/ann%2Bnews%40example.com'
            ($r.body | ConvertFrom-Json).email | Should -BeExactly 'ann+news@example.com'
            $p = @((Get-CioEmulatorState $script:Emu).people)
            $p.Count | Should -Be 1
            $p[0].email | Should -BeExactly 'ann+news@example.com'
            $p[0].attributes.first_name | Should -BeExactly 'Ann'
        }

        It 'takes the identifier from customer_id (alias of id)' {
            [pscustomobject]@{ customer_id = 'alias-1'; plan = 'pro' } | Set-CioCustomer
            $r = Get-OnlyRequest
            $r.path | Should -BeExactly '/api/v1/customers/alias-1'
            $r.body | Should -BeExactly '{"plan":"pro"}'
        }

        It '-CreatedAt DateTime becomes Unix seconds' {
            Set-CioCustomer -Id 'c-1' -Email 'c-1@example.com' -CreatedAt ([datetime]::new(2023, 11, 14, 22, 13, 20, [DateTimeKind]::Utc))
            (Get-OnlyRequest).body | Should -BeExactly '{"email":"c-1@example.com","created_at":1700000000}'
            $a = (Get-PeopleById)['c-1'].attributes
            $a.created_at | Should -BeOfType [long]
            $a.created_at | Should -Be 1700000000
        }

        It '-CreatedAt with a local DateTime is converted through UTC' {
            $local = [DateTimeOffset]::FromUnixTimeSeconds(1700000000).LocalDateTime
            Set-CioCustomer -Id 'c-2' -CreatedAt $local
            (Get-OnlyRequest).body | Should -BeExactly '{"created_at":1700000000}'
        }

        It 'refuses a created_at that is not a time, before sending' {
            [pscustomobject]@{ id = 'c-3'; created_at = 'yesterday-ish' } | Set-CioCustomer -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidTimestamp*'
            $errs[0].Exception.Message | Should -Match 'created_at'
            @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
        }
    }

    Context 'Identifier encoding' {
        It '<id> is sent as the raw path <path>' -TestCases @(
            @{ id = 'user+1@example.com'; path = '/api/v1/customers/user%2B1%40example.com' }
            @{ id = 'id with/slash?&'; path = '/api/v1/customers/id%20with%2Fslash%3F%26' }
            @{ id = 'ünï é'; path = '/api/v1/customers/%C3%BCn%C3%AF%20%C3%A9' }
            @{ id = '100%#1'; path = '/api/v1/customers/100%25%231' }
        ) {
            param($id, $path)
            Set-CioCustomer -Id $id -Attributes @{ plan = 'pro' }
            $r = Get-OnlyRequest
            $r.path | Should -BeExactly $path
            $r.query | Should -BeExactly ''
            $r.status | Should -Be 200
        }

        It 'piped ids with reserved characters arrive unchanged' {
            $ids = @('id with/slash?&', 'a+b', '100%', 'x#y', 'q=1;r=2', "it's (1)!*", 'tab	in')
            $ids | ForEach-Object { [pscustomobject]@{ id = $_; n = 1 } } | Set-CioCustomer -NoBatch -ErrorVariable errs
            $errs.Count | Should -Be 0
            $held = @((Get-CioEmulatorState $script:Emu).people | ForEach-Object id)
            ($held | Sort-Object) | Should -Be ($ids | Sort-Object)
        }
    }

    Context '-WhatIf and -PassThru' {
        It '-WhatIf sends nothing' {
            $out = 1..3 | ForEach-Object { [pscustomobject]@{ id = "w-$_" } } | Set-CioCustomer -WhatIf -PassThru
            $out | Should -BeNullOrEmpty
            @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
            @((Get-CioEmulatorState $script:Emu).people).Count | Should -Be 0
        }

        It '-WhatIf works without a connection' {
            Disconnect-CioTrack
            { Set-CioCustomer -Id 'w-1' -Attributes @{ a = 1 } -WhatIf -ErrorAction Stop } | Should -Not -Throw
            @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
        }

        It 'writes nothing without -PassThru' {
            $out = Set-CioCustomer -Id 'quiet-1'
            $out | Should -BeNullOrEmpty
            @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 1
        }

        It '-PassThru emits one result per record: identifier, action, status, attempts, elapsed' {
            $rows = 1..3 | ForEach-Object { [pscustomobject]@{ id = "pt-$_"; n = $_ } }
            $results = @($rows | Set-CioCustomer -NoBatch -PassThru)
            $results.Count | Should -Be 3
            $sorted = @($results | Sort-Object Record)
            for ($i = 0; $i -lt 3; $i++) {
                $r = $sorted[$i]
                $r.GetType().FullName | Should -Be 'CustomerIo.Track.Results.CioResult'
                $r.Record | Should -Be ($i + 1)
                $r.Identifier | Should -BeExactly "pt-$($i + 1)"
                $r.Action | Should -BeExactly 'identify'
                $r.EntityType | Should -BeExactly 'person'
                $r.Succeeded | Should -BeTrue
                $r.StatusCode | Should -Be 200
                $r.Attempts | Should -Be 1
                $r.Elapsed | Should -BeOfType [timespan]
                $r.Elapsed | Should -BeGreaterThan ([timespan]::Zero)
                $r.Request | Should -BeExactly "PUT /api/v1/customers/pt-$($i + 1)"
                $r.Batched | Should -BeFalse
                $r.Error | Should -BeNullOrEmpty
                [object]::ReferenceEquals($r.InputObject, $rows[$i]) | Should -BeTrue
            }
        }

        It '-PassThru counts the attempts of a retried record' {
            $null = Add-CioEmulatorFault $script:Emu @{ kind = 'status'; status = 503; match = 'retry-1'; retry_after = '0' }
            $r = Set-CioCustomer -Id 'retry-1' -PassThru
            $r.Succeeded | Should -BeTrue
            $r.StatusCode | Should -Be 200
            $r.Attempts | Should -Be 2
            $requests = @(Get-CioEmulatorRequests $script:Emu)
            $requests.status | Should -Be @(503, 200)
            $requests[1].headers.'x-retry-count' | Should -Be '1'
        }
    }

    Context 'Per-record errors' {
        It 'refuses a value over 1000 bytes before sending, naming the attribute, its size and the limit; the others land' {
            $rows = @(
                [pscustomobject]@{ id = 'ok-1'; note = 'a' }
                [pscustomobject]@{ id = 'big-1'; note = 'x' * 1001 }
                [pscustomobject]@{ id = 'ok-2'; note = 'c' }
            )
            $results = @($rows | Set-CioCustomer -NoBatch -PassThru -ErrorVariable errs -ErrorAction SilentlyContinue)
            $errs.Count | Should -Be 1
            $e = $errs[0]
            $e.FullyQualifiedErrorId | Should -BeLike 'AttributeValueTooLong*'
            "$($e.CategoryInfo.Category)" | Should -Be 'InvalidData'
            $e.Exception.Message | Should -Match "'note'"
            $e.Exception.Message | Should -Match '1001 bytes'
            $e.Exception.Message | Should -Match '1000 bytes'
            $e.Exception.Message | Should -Match 'Record 2'
            [object]::ReferenceEquals($e.TargetObject, $rows[1]) | Should -BeTrue

            @(Get-CioEmulatorRequests $script:Emu | Where-Object { $_.path -like '*big-1*' -or $_.body -like '*xxxxxxxx*' }) | Should -BeNullOrEmpty
            (Get-PeopleById).Keys | Sort-Object | Should -Be @('ok-1', 'ok-2')
            $results.Count | Should -Be 3
            ($results | Where-Object Record -EQ 2).Succeeded | Should -BeFalse
        }

        It '-PassThru names a record refused before sending: identifier and action' {
            $rows = @([pscustomobject]@{ id = 'big-2'; note = 'x' * 1001 })
            $r = $rows | Set-CioCustomer -PassThru -ErrorAction SilentlyContinue
            @($r).Count | Should -Be 1
            $r.Succeeded | Should -BeFalse
            $r.Error | Should -Match '1000 bytes'
            $r.Identifier | Should -BeExactly 'big-2'
            $r.Action | Should -BeExactly 'identify'
        }

        It 'counts the limit in UTF-8 bytes: 1000 bytes pass, 501 two-byte characters do not' {
            [pscustomobject]@{ id = 'edge-1'; v = 'x' * 1000 } | Set-CioCustomer
            [pscustomobject]@{ id = 'edge-2'; v = ([string][char]0xE9) * 501 } | Set-CioCustomer -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -Be 1
            $errs[0].Exception.Message | Should -Match '1002 bytes'
            (Get-PeopleById).Keys | Should -Be @('edge-1')
            (Get-PeopleById)['edge-1'].attributes.v.Length | Should -Be 1000
        }

        It 'a 400 from the service for one record is one non-terminating error quoting the service; the others land' {
            $null = Add-CioEmulatorFault $script:Emu @{ kind = 'status'; status = 400; match = 'bad-1'; reason = 'email is not valid' }
            $rows = @('ok-1', 'bad-1', 'ok-2', 'ok-3') | ForEach-Object { [pscustomobject]@{ id = $_; plan = 'pro' } }
            $rows | Set-CioCustomer -NoBatch -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -Be 1
            $e = $errs[0]
            $e.FullyQualifiedErrorId | Should -BeLike 'CioRequestRejected*'
            $e.Exception.Message | Should -Match 'email is not valid'
            $e.Exception.Message | Should -Match "'bad-1'"
            $e.Exception.Message | Should -Match '400'
            $e.Exception.StatusCode | Should -Be 400
            [object]::ReferenceEquals($e.TargetObject, $rows[1]) | Should -BeTrue
            (Get-PeopleById).Keys | Sort-Object | Should -Be @('ok-1', 'ok-2', 'ok-3')
            @(Get-CioEmulatorRequests $script:Emu | Where-Object path -Like '*bad-1*').Count | Should -Be 1 -Because 'a 400 is not retried'
        }

        It 'batched: a 400 for one record still lets the others land' {
            $null = Add-CioEmulatorFault $script:Emu @{ kind = 'status'; status = 400; match = 'bad-1'; reason = 'email is not valid'; count = -1 }
            $rows = @('ok-1', 'bad-1', 'ok-2', 'ok-3') | ForEach-Object { [pscustomobject]@{ id = $_; plan = 'pro' } }
            $rows | Set-CioCustomer -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -Be 1
            $errs[0].Exception.Message | Should -Match 'email is not valid'
            [object]::ReferenceEquals($errs[0].TargetObject, $rows[1]) | Should -BeTrue
            (Get-PeopleById).Keys | Sort-Object | Should -Be @('ok-1', 'ok-2', 'ok-3')
        }

        It 'a plain-text 401 after records succeeded is a non-terminating error for that record' {
            $null = Add-CioEmulatorFault $script:Emu @{ kind = 'unauthorized'; match = 'late-2' }
            $rows = @('late-1', 'late-2', 'late-3') | ForEach-Object { [pscustomobject]@{ id = $_ } }
            $rows | Set-CioCustomer -NoBatch -ThrottleLimit 1 -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'CioUnauthorized*'
            $errs[0].Exception.Message | Should -Match 'Unauthorized request'
            (Get-PeopleById).Keys | Sort-Object | Should -Be @('late-1', 'late-3')
        }

        It 'a plain-text 401 on the first request stops the pipeline with one terminating error' {
            $null = Add-CioEmulatorFault $script:Emu @{ kind = 'unauthorized'; count = -1 }
            $pulled = [ref] 0
            $caught = $null
            try {
                1..200 | ForEach-Object { $pulled.Value++; [pscustomobject]@{ id = "u-$_" } } |
                    Set-CioCustomer -NoBatch -ErrorVariable errs
            }
            catch { $caught = $_ }
            $caught | Should -Not -BeNullOrEmpty
            $caught.FullyQualifiedErrorId | Should -BeLike 'CioUnauthorized*'
            "$($caught.CategoryInfo.Category)" | Should -Be 'AuthenticationError'
            $caught.Exception.Message | Should -Match 'Unauthorized request' -Because 'the service''s plain-text body is quoted'
            $caught.Exception.Message | Should -Match ([regex]::Escape("'$($script:Emu.SiteId)'"))
            $caught.ErrorDetails.RecommendedAction | Should -Match 'Connect-CioTrack'
            $errs.Count | Should -Be 1 -Because 'one error, not one per record'
            $pulled.Value | Should -BeLessThan 200 -Because 'the pipeline stops instead of reading every record'
            @(Get-CioEmulatorRequests $script:Emu).Count | Should -BeLessThan 100
            @((Get-CioEmulatorState $script:Emu).people).Count | Should -Be 0
        }
    }

    Context 'Batched errors' {
        It 'batched: a plain-text 401 on the first request stops the pipeline with one terminating error' {
            $null = Add-CioEmulatorFault $script:Emu @{ kind = 'unauthorized'; count = -1 }
            $caught = $null
            try { 1..50 | ForEach-Object { [pscustomobject]@{ id = "ub-$_" } } | Set-CioCustomer -ErrorVariable errs }
            catch { $caught = $_ }
            $caught.FullyQualifiedErrorId | Should -BeLike 'CioUnauthorized*'
            $caught.Exception.Message | Should -Match 'Unauthorized request'
            $errs.Count | Should -Be 1
            @((Get-CioEmulatorState $script:Emu).people).Count | Should -Be 0
        }
    }

    Context '-AsOperation' {
        It 'emits objects whose ConvertTo-Json is the v2 identify item, and sends nothing' {
            $ops = @(
                [pscustomobject]@{ id = 'op-1'; plan = 'pro'; n = 1; created_at = '1700000000' }
                [pscustomobject]@{ email = 'op2@example.com'; vip = $true }
                [pscustomobject]@{ id = 'cio_abc123'; zip = '01234' }
            ) | Set-CioCustomer -AsOperation
            $ops.Count | Should -Be 3
            $ops[0].PSTypeNames[0] | Should -Be 'CustomerIo.Track.Operation'
            ($ops[0] | ConvertTo-Json -Depth 10 -Compress) | Should -BeExactly '{"type":"person","identifiers":{"id":"op-1"},"action":"identify","attributes":{"plan":"pro","n":1,"created_at":1700000000}}'
            ($ops[1] | ConvertTo-Json -Depth 10 -Compress) | Should -BeExactly '{"type":"person","identifiers":{"email":"op2@example.com"},"action":"identify","attributes":{"email":"op2@example.com","vip":true}}'
            ($ops[2] | ConvertTo-Json -Depth 10 -Compress) | Should -BeExactly '{"type":"person","identifiers":{"cio_id":"abc123"},"action":"identify","attributes":{"zip":"01234"}}'
            @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
        }

        It 'works without a connection' {
            Disconnect-CioTrack
            $op = Set-CioCustomer -Id 'op-x' -Attributes @{ a = 1 } -AsOperation
            ($op | ConvertTo-Json -Depth 10 -Compress) | Should -BeExactly '{"type":"person","identifiers":{"id":"op-x"},"action":"identify","attributes":{"a":1}}'
        }
    }
}
