# Import-CioCustomer and Import-CioEvent end to end against the emulator: rows arrive exactly as
# Import-Csv | Set-CioCustomer (or | Send-CioEvent) sends them; the file parameters of Import-Csv
# (-Path wildcards and several files, Get-ChildItem piped in, -LiteralPath, -Delimiter, -Header,
# -Encoding); a bad row is one error naming file, line and field whose TargetObject re-runs;
# -WhatIf, -PassThru, -AsOperation; a missing file. Run by 'build.ps1 test' against the built module in out/.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot TestHelpers.psm1) -Force
    Import-CioModuleUnderTest
    $script:Emu = Start-CioEmulator


    # What the emulator received, one line per request, in arrival order.
    function script:Get-Received { @(Get-CioEmulatorRequests $script:Emu | ForEach-Object { "$($_.method) $($_.path) $($_.body)" }) }

    # Sends nothing in a batch and one request at a time, so two runs of the same rows compare line by line.
    $script:OneByOne = @{ NoBatch = $true; ThrottleLimit = 1 }

    function script:Write-Utf8File([string] $Path, [string] $Text) {
        [IO.File]::WriteAllText($Path, $Text, [Text.UTF8Encoding]::new($false))
    }

    # People with quoted commas and quotes, a quoted line break, an empty cell, a leading zero, non-ASCII text.
    $script:Dir = Join-Path $TestDrive 'csv'
    $null = New-Item -ItemType Directory -Path $script:Dir
    $script:People = Join-Path $script:Dir 'people.csv'
    Write-Utf8File $script:People (@(
            'id,email,first_name,plan,created_at,zip,note'
            'p-1,p-1@example.com,Ana,pro,1700000001,01234,plain'
            'p-2,p-2@example.com,"Smith, Jo",free,1700000002,02000,"said ""hi"""'
            'p-3,p-3@example.com,Zoë,team,1700000003,03000,"two' # the quoted note spans two lines
            'lines"'
            'p-4,,Åsa,pro,1700000004,,'
            'p-5,p-5@example.com,Li,enterprise,1700000005,05000,last'
        ) -join "`n")
}

AfterAll {
    if (Get-Command Disconnect-CioTrack -ErrorAction Ignore) { Disconnect-CioTrack }
    Stop-CioEmulator $script:Emu
}

Describe 'Import-CioCustomer' {
    BeforeEach {
        Reset-CioEmulator $script:Emu
        Connect-CioEmulator $script:Emu -Extra @{ SkipCheck = $true; RequestsPerSecond = 0 }
    }

    Context 'rows arrive as Import-Csv | Set-CioCustomer sends them' {
        It 'one request per row: the same requests, bodies and order' {
            Import-Csv -LiteralPath $script:People | Set-CioCustomer @script:OneByOne -ErrorVariable errs1
            $viaImportCsv = Get-Received
            Reset-CioEmulator $script:Emu

            Import-CioCustomer -Path $script:People @script:OneByOne -ErrorVariable errs2
            $native = Get-Received

            $errs1.Count + $errs2.Count | Should -Be 0
            $viaImportCsv.Count | Should -Be 5
            $native | Should -Be $viaImportCsv
            $native[1] | Should -BeExactly 'PUT /api/v1/customers/p-2 {"email":"p-2@example.com","first_name":"Smith, Jo","plan":"free","created_at":1700000002,"zip":"02000","note":"said \"hi\""}'
            $native[2] | Should -Match '"first_name":"Zoë".*"note":"two\\nlines"'
            $native[3] | Should -BeExactly 'PUT /api/v1/customers/p-4 {"first_name":"Åsa","plan":"pro","created_at":1700000004}' -Because 'empty cells are left out, as Set-CioCustomer leaves them out'
        }

        It 'batched (the default): the emulator holds the same people' {
            Import-Csv -LiteralPath $script:People | Set-CioCustomer
            $viaImportCsv = (Get-CioEmulatorState $script:Emu).people | ConvertTo-Json -Depth 10 -Compress
            Reset-CioEmulator $script:Emu

            Import-CioCustomer -Path $script:People -ErrorVariable errs
            $errs.Count | Should -Be 0
            @(Get-CioEmulatorRequests $script:Emu).path | Should -Be @('/api/v2/batch') -Because 'five rows fit one batch'
            (Get-CioEmulatorState $script:Emu).people | ConvertTo-Json -Depth 10 -Compress | Should -Be $viaImportCsv
        }

        It '-AsOperation: the same v2 operations' {
            $viaImportCsv = Import-Csv -LiteralPath $script:People | Set-CioCustomer -AsOperation | ConvertTo-Json -Depth 10 -Compress
            Import-CioCustomer -Path $script:People -AsOperation | ConvertTo-Json -Depth 10 -Compress | Should -Be $viaImportCsv
            @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
        }

        It '-ExcludeProperty, -IncludeEmpty, -UpdateOnly and -Attributes act as on Set-CioCustomer' {
            $params = @{ ExcludeProperty = 'note', 'zip'; IncludeEmpty = $true; UpdateOnly = $true; Attributes = @{ source = 'crm' } }
            Import-Csv -LiteralPath $script:People | Set-CioCustomer @script:OneByOne @params
            $viaImportCsv = Get-Received
            Reset-CioEmulator $script:Emu
            Import-CioCustomer -Path $script:People @script:OneByOne @params
            $native = Get-Received
            $native | Should -Be $viaImportCsv
            $native[3] | Should -BeExactly 'PUT /api/v1/customers/p-4 {"email":"","first_name":"Åsa","plan":"pro","created_at":1700000004,"source":"crm","_update":true}'
        }

        It 'the run is one run of five records in LastRun' {
            Import-CioCustomer -Path $script:People
            $run = (Get-CioTrackConnection).LastRun
            $run.Command | Should -Be 'Import-CioCustomer'
            $run.Succeeded | Should -Be 5
            $run.Failed | Should -Be 0
        }
    }

    Context 'files as Import-Csv takes them' {
        BeforeAll {
            $script:Parts = Join-Path $TestDrive 'parts'
            $null = New-Item -ItemType Directory -Path $script:Parts
            foreach ($n in 1..3) {
                Write-Utf8File (Join-Path $script:Parts "part-$n.csv") "id,plan`npart$n-a,pro`npart$n-b,free"
            }
            Write-Utf8File (Join-Path $script:Parts 'other.txt') "id,plan`nnot-me,pro"
        }

        It '-Path with a wildcard reads every file it matches' {
            Import-CioCustomer -Path (Join-Path $script:Parts 'part-*.csv') -ErrorVariable errs
            $errs.Count | Should -Be 0
            @((Get-CioEmulatorState $script:Emu).people.id | Sort-Object) | Should -Be @('part1-a', 'part1-b', 'part2-a', 'part2-b', 'part3-a', 'part3-b')
        }

        It '-Path with several files, in the order given' {
            Import-CioCustomer -Path (Join-Path $script:Parts 'part-3.csv'), (Join-Path $script:Parts 'part-1.csv') @script:OneByOne
            @(Get-CioEmulatorRequests $script:Emu).path | Should -Be @('/api/v1/customers/part3-a', '/api/v1/customers/part3-b', '/api/v1/customers/part1-a', '/api/v1/customers/part1-b')
        }

        It 'Get-ChildItem piped in: each FileInfo is read' {
            Get-ChildItem -LiteralPath $script:Parts -Filter 'part-*.csv' | Import-CioCustomer -ErrorVariable errs
            $errs.Count | Should -Be 0
            @((Get-CioEmulatorState $script:Emu).people).Count | Should -Be 6
        }

        It 'paths piped in as strings' {
            (Join-Path $script:Parts 'part-2.csv') | Import-CioCustomer
            @((Get-CioEmulatorState $script:Emu).people.id | Sort-Object) | Should -Be @('part2-a', 'part2-b')
        }

        It '-LiteralPath takes a [ in the name as it is (and so does a piped FileInfo)' {
            $odd = Join-Path $script:Dir 'people[1].csv'
            Write-Utf8File $odd "id,plan`nbracket-1,pro"
            Import-CioCustomer -LiteralPath $odd -ErrorVariable errs
            $errs.Count | Should -Be 0
            (Get-CioEmulatorState $script:Emu).people.id | Should -Be 'bracket-1'

            Reset-CioEmulator $script:Emu
            Get-Item -LiteralPath $odd | Import-CioCustomer
            (Get-CioEmulatorState $script:Emu).people.id | Should -Be 'bracket-1'
        }

        It '-Delimiter '';''' {
            $semi = Join-Path $script:Dir 'semicolon.csv'
            Write-Utf8File $semi "id;plan;city`nsemi-1;pro;`"Oslo; Norway`""
            Import-CioCustomer -Path $semi -Delimiter ';' @script:OneByOne
            (Get-Received) | Should -Be @('PUT /api/v1/customers/semi-1 {"plan":"pro","city":"Oslo; Norway"}')
        }

        It '-Header names the columns and the first line is data' {
            $bare = Join-Path $script:Dir 'no-header.csv'
            Write-Utf8File $bare "bare-1,pro`nbare-2,free"
            Import-CioCustomer -Path $bare -Header id, plan @script:OneByOne
            (Get-Received) | Should -Be @('PUT /api/v1/customers/bare-1 {"plan":"pro"}', 'PUT /api/v1/customers/bare-2 {"plan":"free"}')
        }

        It '-Encoding latin1 reads a Latin-1 file (UTF-8, the default, would not)' {
            $latin = Join-Path $script:Dir 'latin1.csv'
            [IO.File]::WriteAllText($latin, "id,city`nlat-1,Málaga", [Text.Encoding]::Latin1)
            Import-CioCustomer -Path $latin -Encoding latin1 @script:OneByOne
            (Get-Received) | Should -Be @('PUT /api/v1/customers/lat-1 {"city":"Málaga"}')

            Reset-CioEmulator $script:Emu
            Import-CioCustomer -Path $latin @script:OneByOne
            (Get-Received) | Should -Not -Be @('PUT /api/v1/customers/lat-1 {"city":"Málaga"}') -Because 'without -Encoding the file is read as UTF-8'
        }

        It '-Encoding unicode reads a UTF-16 file without a byte order mark; one with a mark needs no -Encoding' {
            $utf16 = Join-Path $script:Dir 'utf16.csv'
            [IO.File]::WriteAllText($utf16, "id,city`nu16-1,Kraków", [Text.UnicodeEncoding]::new($false, $false))
            Import-CioCustomer -Path $utf16 -Encoding unicode @script:OneByOne
            (Get-Received) | Should -Be @('PUT /api/v1/customers/u16-1 {"city":"Kraków"}')

            Reset-CioEmulator $script:Emu
            [IO.File]::WriteAllText($utf16, "id,city`nu16-2,Kraków", [Text.UnicodeEncoding]::new($false, $true))
            Import-CioCustomer -Path $utf16 @script:OneByOne
            (Get-Received) | Should -Be @('PUT /api/v1/customers/u16-2 {"city":"Kraków"}')
        }

        It 'a missing file is a non-terminating PathNotFound error; the other files are read' {
            $missing = Join-Path $script:Dir 'missing.csv'
            Import-CioCustomer -Path $missing, (Join-Path $script:Parts 'part-1.csv') -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound,*'
            $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errs[0].TargetObject | Should -Be $missing
            @((Get-CioEmulatorState $script:Emu).people).Count | Should -Be 2
        }

        It 'a wildcard that matches nothing is a PathNotFound error too' {
            Import-CioCustomer -Path (Join-Path $script:Dir 'nothing-*.csv') -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound,*'
        }
    }

    Context 'bad rows' {
        BeforeAll {
            # Line 3-4: a quoted line break; line 5: a value over 1000 bytes; line 6: too few fields; line 7: fine.
            $script:Bad = Join-Path $script:Dir 'bad.csv'
            $long = 'x' * 1001
            Write-Utf8File $script:Bad (@(
                    'id,plan,bio'
                    'ok-1,pro,short'
                    'ok-2,pro,"two'
                    'lines"'
                    "bad-1,pro,$long"
                    'bad-2,pro'
                    'ok-3,free,end'
                ) -join "`n")
        }

        It 'a value over the limit is one error naming file, line and field; nothing of it is sent, the others are' {
            Import-CioCustomer -Path $script:Bad @script:OneByOne -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -Be 2
            $tooLong = $errs | Where-Object { $_.FullyQualifiedErrorId -like 'AttributeValueTooLong,*' }
            $tooLong | Should -Not -BeNullOrEmpty
            $tooLong.CategoryInfo.Category | Should -Be 'InvalidData'
            $tooLong.Exception.Message | Should -BeLike "$script:Bad line 5, field 'bio', record 3 ('bad-1'): *1001 bytes*1000 bytes*"
            @(Get-CioEmulatorRequests $script:Emu).path | Should -Be @('/api/v1/customers/ok-1', '/api/v1/customers/ok-2', '/api/v1/customers/ok-3')
        }

        It 'a line with the wrong number of fields is one error naming file and line' {
            Import-CioCustomer -Path $script:Bad -ErrorVariable errs -ErrorAction SilentlyContinue
            $count = $errs | Where-Object { $_.FullyQualifiedErrorId -like 'CsvFieldCountMismatch,*' }
            $count | Should -Not -BeNullOrEmpty
            $count.Exception.Message | Should -BeLike "$script:Bad line 6, record 4: the line has 2 fields, but the header has 3 (id, plan, bio)*"
            $count.TargetObject.id | Should -Be 'bad-2'
        }

        It 'the TargetObject is the row: piped to Set-CioCustomer it fails the same way, and once fixed it is sent' {
            Import-CioCustomer -Path $script:Bad -ErrorVariable errs -ErrorAction SilentlyContinue
            $failed = $errs | Where-Object { $_.FullyQualifiedErrorId -like 'AttributeValueTooLong,*' }
            $row = $failed.TargetObject
            @($row.psobject.Properties.Name) | Should -Be @('id', 'plan', 'bio')
            $row.bio.Length | Should -Be 1001

            Reset-CioEmulator $script:Emu
            $row | Set-CioCustomer -ErrorVariable again -ErrorAction SilentlyContinue
            $again.Count | Should -Be 1
            $again[0].FullyQualifiedErrorId | Should -BeLike 'AttributeValueTooLong,*'

            $row.bio = 'fixed'
            $failed.TargetObject | Set-CioCustomer @script:OneByOne
            (Get-Received) | Should -Be @('PUT /api/v1/customers/bad-1 {"plan":"pro","bio":"fixed"}')
        }

        It 'a row the service refuses is one error naming file and line; its TargetObject | Set-CioCustomer re-runs it' {
            $null = Add-CioEmulatorFault $script:Emu @{ kind = 'status'; status = 400; match = 'p-3'; reason = 'email is not valid'; count = 1 }
            Import-CioCustomer -Path $script:People @script:OneByOne -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -Be 1
            $errs[0].Exception.Message | Should -BeLike "$script:People line 4, record 3 (identify person 'p-3'): *email is not valid*"
            $errs[0].TargetObject.first_name | Should -Be 'Zoë'

            Reset-CioEmulator $script:Emu
            $errs[0].TargetObject | Set-CioCustomer @script:OneByOne -ErrorVariable again
            $again.Count | Should -Be 0
            (Get-Received) | Should -Be @('PUT /api/v1/customers/p-3 {"email":"p-3@example.com","first_name":"Zoë","plan":"team","created_at":1700000003,"zip":"03000","note":"two\nlines"}')
        }

        It 'a header that names a column twice refuses the file, naming it; the next file is read' {
            $twice = Join-Path $script:Dir 'twice.csv'
            Write-Utf8File $twice "id,plan,Plan`ntwice-1,pro,free"
            Import-CioCustomer -Path $twice, $script:People -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'CsvBadColumnName,*'
            $errs[0].Exception.Message | Should -BeLike "$twice line 1: the column name 'Plan' appears twice*"
            @((Get-CioEmulatorState $script:Emu).people.id | Sort-Object) | Should -Be @('p-1', 'p-2', 'p-3', 'p-4', 'p-5')
        }

        It 'a row without an identifier names the id field' {
            $noId = Join-Path $script:Dir 'no-id.csv'
            Write-Utf8File $noId "id,email,plan`n,,pro"
            Import-CioCustomer -Path $noId -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'IdentifierMissing,*'
            $errs[0].Exception.Message | Should -BeLike "$noId line 2, field 'id', record 1: *"
        }
    }

    Context '-WhatIf and -PassThru' {
        It '-WhatIf sends nothing' {
            Import-CioCustomer -Path $script:People -WhatIf
            @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
        }

        It '-PassThru emits one result per row, in order, with the row as InputObject' {
            $results = @(Import-CioCustomer -Path $script:People -PassThru)
            $results.Count | Should -Be 5
            $results | ForEach-Object { $_ | Should -BeOfType ([CustomerIo.Track.Results.CioResult]) }
            @($results | Sort-Object Record | ForEach-Object Identifier) | Should -Be @('p-1', 'p-2', 'p-3', 'p-4', 'p-5')
            @($results | Where-Object { -not $_.Succeeded }) | Should -BeNullOrEmpty
            ($results | Where-Object Identifier -EQ 'p-2').InputObject.first_name | Should -Be 'Smith, Jo'
        }
    }
}

Describe 'Import-CioEvent' {
    BeforeAll {
        $script:Events = Join-Path $script:Dir 'events.csv'
        Write-Utf8File $script:Events (@(
                'id,anonymous_id,name,event_id,timestamp,plan,amount'
                'p-1,,purchase,01HZX0000000000000000000A1,1700000100,pro,9.99'
                ',anon-7,viewed_pricing,01HZX0000000000000000000A2,1700000200,,'
                'p-2,,purchase,01HZX0000000000000000000A3,1700000300,team,'
            ) -join "`n")
    }

    BeforeEach {
        Reset-CioEmulator $script:Emu
        Connect-CioEmulator $script:Emu -Extra @{ SkipCheck = $true; RequestsPerSecond = 0 }
    }

    It 'events arrive as Import-Csv | Send-CioEvent sends them (person and anonymous)' {
        Import-Csv -LiteralPath $script:Events | Send-CioEvent @script:OneByOne -ErrorVariable errs1
        $viaImportCsv = Get-Received
        Reset-CioEmulator $script:Emu
        Import-CioEvent -Path $script:Events @script:OneByOne -ErrorVariable errs2
        $native = Get-Received

        $errs1.Count + $errs2.Count | Should -Be 0
        $viaImportCsv.Count | Should -Be 3
        $native | Should -Be $viaImportCsv
        $native[0] | Should -BeLike 'POST /api/v1/customers/p-1/events *"name":"purchase"*'
        $native[1] | Should -BeLike 'POST /api/v1/events *"anonymous_id":"anon-7"*'
    }

    It '-Name gives every row the event name, as Send-CioEvent -Name does' {
        Import-Csv -LiteralPath $script:Events | Send-CioEvent -Name imported @script:OneByOne
        $viaImportCsv = Get-Received
        Reset-CioEmulator $script:Emu
        Import-CioEvent -Path $script:Events -Name imported @script:OneByOne
        $native = Get-Received
        $native | Should -Be $viaImportCsv
        @($native | Where-Object { $_ -notlike '*"name":"imported"*' }) | Should -BeNullOrEmpty
    }

    It 'batched, with -PassThru: one successful result per row' {
        $results = @(Import-CioEvent -Path $script:Events -PassThru)
        $results.Count | Should -Be 3
        @($results | Where-Object { -not $_.Succeeded }) | Should -BeNullOrEmpty
    }

    It '-WhatIf sends nothing' {
        Import-CioEvent -Path $script:Events -WhatIf
        @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0
    }

    It 'a bad event row names file, line and field; its TargetObject | Send-CioEvent fails the same way' {
        $badEvents = Join-Path $script:Dir 'bad-events.csv'
        Write-Utf8File $badEvents "id,name,type`np-1,ok,event`np-2,viewed,banner"
        Import-CioEvent -Path $badEvents @script:OneByOne -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].Exception.Message | Should -BeLike "$badEvents line 3, field 'type', record 2 ('p-2'): *"
        @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 1

        $errs[0].TargetObject | Send-CioEvent -ErrorVariable again -ErrorAction SilentlyContinue
        $again.Count | Should -Be 1
        $again[0].FullyQualifiedErrorId.Split(',')[0] | Should -Be $errs[0].FullyQualifiedErrorId.Split(',')[0]
    }
}
