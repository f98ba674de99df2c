# Bad input refused: what the pipeline shows. Each bad record is piped between two good
# ones, through the real cmdlets, batched (and each kind of error also with -NoBatch). It must yield exactly one non-terminating
# error whose message names the record ("Record 2"), the field, what is wrong and the limit; the
# ErrorRecord has a stable FullyQualifiedErrorId, the category InvalidData and the input as TargetObject.
# Nothing of the bad record reaches the emulator (its request log is searched for the record's marker and
# the items sent are counted); both good records arrive. Values exactly at a limit pass. Also: CSV files
# with a BOM, duplicate headers or blank lines, and -BaseUri values Connect-CioTrack must refuse.
# Byte limits are UTF-8 bytes; multi-byte characters are built from code points so this file's encoding
# cannot change them: e (U+00E9) is 2 bytes, the euro sign (U+20AC) 3, an emoji (U+1F600) 4.

BeforeDiscovery {
    # One row per bad record. Cmdlet: the cmdlet it is piped to ('AsOperation' = Set-CioCustomer
    # -AsOperation | Invoke-CioBatch). Bad: makes the record. ErrorId: the first part of the
    # FullyQualifiedErrorId. Expect: text the message must hold (field, problem, limit). Marker: text
    # that only the bad record holds; the request log must not contain it ($null: nothing to search,
    # the count of items sent says it).
    $script:Cases = @(
        # --- null and empty pipeline objects
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'a $null pipeline object'; Bad = { $null }; ErrorId = 'IdentifierMissing'; Expect = @("'id'", 'missing', 'null'); Marker = $null }
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'an empty custom object'; Bad = { [pscustomobject]@{} }; ErrorId = 'IdentifierMissing'; Expect = @("'id'", 'missing'); Marker = $null }
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'an empty hashtable'; Bad = { @{} }; ErrorId = 'IdentifierMissing'; Expect = @("'id'", 'missing'); Marker = $null }
        @{ Cmdlet = 'Send-CioEvent'; Name = 'a $null pipeline object'; Bad = { $null }; ErrorId = 'IdentifierMissing'; Expect = @("'id'", 'missing', 'null'); Marker = $null }
        @{ Cmdlet = 'Send-CioEvent'; Name = 'an empty custom object'; Bad = { [pscustomobject]@{} }; ErrorId = 'IdentifierMissing'; Expect = @("'id'", 'missing'); Marker = $null }
        @{ Cmdlet = 'Add-CioDevice'; Name = 'a $null pipeline object'; Bad = { $null }; ErrorId = 'IdentifierMissing'; Expect = @("'id'", 'missing'); Marker = $null }
        @{ Cmdlet = 'Merge-CioCustomer'; Name = 'a $null pipeline object'; Bad = { $null }; ErrorId = 'IdentifierMissing'; Expect = @("'primary'", 'missing'); Marker = $null }
        @{ Cmdlet = 'Invoke-CioBatch'; Name = 'a $null operation'; Bad = { $null }; ErrorId = 'NotAnOperation'; Expect = @('v2 operation', 'null'); Marker = $null }

        # --- empty and whitespace identifiers
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'an empty id (other columns present)'; Bad = { [pscustomobject]@{ id = ''; plan = 'BADREC' } }; ErrorId = 'IdentifierMissing'; Expect = @("'id'") }
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'a whitespace id'; Bad = { [pscustomobject]@{ id = '   '; plan = 'BADREC' } }; ErrorId = 'IdentifierMissing'; Expect = @("'id'", 'empty') }
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'a tab-and-newline id'; Bad = { [pscustomobject]@{ id = "`t`n"; plan = 'BADREC' } }; ErrorId = 'IdentifierMissing'; Expect = @("'id'", 'empty') }
        @{ Cmdlet = 'Send-CioEvent'; Name = 'a whitespace id'; Bad = { [pscustomobject]@{ id = '  '; name = 'BADREC' } }; ErrorId = 'IdentifierMissing'; Expect = @("'id'", 'empty') }
        @{ Cmdlet = 'Add-CioDevice'; Name = 'a whitespace id'; Bad = { [pscustomobject]@{ id = ' '; device_id = 'BADREC'; platform = 'ios' } }; ErrorId = 'IdentifierMissing'; Expect = @("'id'", 'empty') }

        # --- identifiers over 150 UTF-8 bytes (multi-byte characters at the boundary)
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'an id of 151 ASCII bytes'; Bad = { [pscustomobject]@{ id = 'B' * 151; plan = 'pro' } }; ErrorId = 'IdentifierTooLong'; Expect = @("'id'", '151 bytes', '150 bytes'); Marker = ('B' * 151) }
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'an id of 150 characters but 151 bytes (2-byte e last)'; Bad = { [pscustomobject]@{ id = ('B' * 149) + [char]0xE9; plan = 'pro' } }; ErrorId = 'IdentifierTooLong'; Expect = @("'id'", '151 bytes', '150 bytes'); Marker = ('B' * 149) }
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'an id of 51 characters but 151 bytes (3-byte euro signs)'; Bad = { [pscustomobject]@{ id = ([string][char]0x20AC * 50) + 'B'; plan = 'pro' } }; ErrorId = 'IdentifierTooLong'; Expect = @("'id'", '151 bytes', '150 bytes'); Marker = ([string][char]0x20AC * 50) }
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'an id of 151 bytes ending in 4-byte emoji'; Bad = { [pscustomobject]@{ id = 'BBB' + ([char]::ConvertFromUtf32(0x1F600) * 37); plan = 'pro' } }; ErrorId = 'IdentifierTooLong'; Expect = @("'id'", '151 bytes', '150 bytes'); Marker = ([char]::ConvertFromUtf32(0x1F600) * 37) }
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'an email identifier of 151 bytes'; Bad = { [pscustomobject]@{ email = ('b' * 137) + [char]0xE9 + '@example.com'; plan = 'pro' } }; ErrorId = 'IdentifierTooLong'; Expect = @("'email'", '151 bytes', '150 bytes'); Marker = ('b' * 137) }
        @{ Cmdlet = 'Send-CioEvent'; Name = 'an id of 151 bytes'; Bad = { [pscustomobject]@{ id = ('B' * 149) + [char]0xE9; name = 'ok' } }; ErrorId = 'IdentifierTooLong'; Expect = @("'id'", '151 bytes', '150 bytes'); Marker = ('B' * 149) }
        @{ Cmdlet = 'Merge-CioCustomer'; Name = 'a primary of 151 bytes'; Bad = { [pscustomobject]@{ primary = ('B' * 149) + [char]0xE9; secondary = 'ghost-BADREC' } }; ErrorId = 'IdentifierTooLong'; Expect = @("'primary'", '151 bytes', '150 bytes'); Marker = 'ghost-BADREC' }

        # --- attribute names and values over their byte limits, too many attributes
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'an attribute name of 151 bytes (2-byte e last)'; Bad = { [pscustomobject]@{ id = 'BADREC'; (('n' * 149) + [char]0xE9) = 'x' } }; ErrorId = 'AttributeNameTooLong'; Expect = @('nnnnnnnn', '151 bytes', '150 bytes') }
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'an attribute name of 51 euro signs (153 bytes)'; Bad = { [pscustomobject]@{ id = 'BADREC'; ([string][char]0x20AC * 51) = 'x' } }; ErrorId = 'AttributeNameTooLong'; Expect = @('153 bytes', '150 bytes') }
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'a value of 1000 characters but 1001 bytes'; Bad = { [pscustomobject]@{ id = 'BADREC'; bio = ('v' * 999) + [char]0xE9 } }; ErrorId = 'AttributeValueTooLong'; Expect = @("'bio'", '1001 bytes', '1000 bytes') }
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'a value of 250 emoji and one letter (1001 bytes)'; Bad = { [pscustomobject]@{ id = 'BADREC'; bio = ([char]::ConvertFromUtf32(0x1F600) * 250) + 'v' } }; ErrorId = 'AttributeValueTooLong'; Expect = @("'bio'", '1001 bytes', '1000 bytes') }
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'an array value whose JSON is over 1000 bytes'; Bad = { [pscustomobject]@{ id = 'BADREC'; scores = @(1000..1250) } }; ErrorId = 'AttributeValueTooLong'; Expect = @("'scores'", '1000 bytes') }
        @{ Cmdlet = 'Set-CioCustomer'; Name = '301 attributes'; Bad = { $h = [ordered]@{ id = 'BADREC' }; foreach ($i in 1..301) { $h["a$i"] = $i }; [pscustomobject]$h }; ErrorId = 'TooManyAttributes'; Expect = @('301', '300') }
        @{ Cmdlet = 'Add-CioDevice'; Name = 'a device attribute value of 1001 bytes'; Bad = { [pscustomobject]@{ id = 'BADREC'; device_id = 'tok-bad'; platform = 'ios'; model = ('m' * 999) + [char]0xE9 } }; ErrorId = 'AttributeValueTooLong'; Expect = @("'model'", '1001 bytes', '1000 bytes') }

        # --- event names and data
        @{ Cmdlet = 'Send-CioEvent'; Name = 'an empty event name'; Bad = { [pscustomobject]@{ id = 'BADREC'; name = '' } }; ErrorId = 'EventNameMissing'; Expect = @("'name'") }
        @{ Cmdlet = 'Send-CioEvent'; Name = 'a whitespace event name'; Bad = { [pscustomobject]@{ id = 'BADREC'; name = '   ' } }; ErrorId = 'EventNameMissing'; Expect = @("'name'", 'empty') }
        @{ Cmdlet = 'Send-CioEvent'; Name = 'an event name of 100 characters but 101 bytes'; Bad = { [pscustomobject]@{ id = 'BADREC'; name = ('e' * 99) + [char]0xE9 } }; ErrorId = 'EventNameTooLong'; Expect = @("'name'", '101 bytes', '100 bytes') }
        @{ Cmdlet = 'Send-CioEvent'; Name = 'an event name of 25 emoji and a letter (101 bytes)'; Bad = { [pscustomobject]@{ id = 'BADREC'; name = ([char]::ConvertFromUtf32(0x1F600) * 25) + 'e' } }; ErrorId = 'EventNameTooLong'; Expect = @("'name'", '101 bytes', '100 bytes') }
        @{ Cmdlet = 'Send-CioEvent'; Name = 'event data of 100,001 bytes (one value)'; Bad = { [pscustomobject]@{ id = 'BADREC'; name = 'ok'; data = @{ k = 'd' * 99993 } } }; ErrorId = 'EventDataTooLarge'; Expect = @("'data'", '100001 bytes', '100000 bytes') }
        @{ Cmdlet = 'Send-CioEvent'; Name = 'event data over 100,000 bytes (many properties)'; Bad = { $h = [ordered]@{ id = 'BADREC'; name = 'ok' }; foreach ($i in 1..120) { $h["p$i"] = 'd' * 900 }; [pscustomobject]$h }; ErrorId = 'EventDataTooLarge'; Expect = @("'data'", '100000 bytes') }

        # --- NaN and Infinity
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'a double NaN'; Bad = { [pscustomobject]@{ id = 'BADREC'; score = [double]::NaN } }; ErrorId = 'NumberNotFinite'; Expect = @("'score'", 'NaN') }
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'a double +Infinity'; Bad = { [pscustomobject]@{ id = 'BADREC'; score = [double]::PositiveInfinity } }; ErrorId = 'NumberNotFinite'; Expect = @("'score'", 'Infinity') }
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'a double -Infinity'; Bad = { [pscustomobject]@{ id = 'BADREC'; score = [double]::NegativeInfinity } }; ErrorId = 'NumberNotFinite'; Expect = @("'score'", 'Infinity') }
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'a float NaN'; Bad = { [pscustomobject]@{ id = 'BADREC'; score = [float]::NaN } }; ErrorId = 'NumberNotFinite'; Expect = @("'score'", 'NaN') }
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'a float +Infinity'; Bad = { [pscustomobject]@{ id = 'BADREC'; score = [float]::PositiveInfinity } }; ErrorId = 'NumberNotFinite'; Expect = @("'score'", 'Infinity') }
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'NaN nested in a hashtable'; Bad = { [pscustomobject]@{ id = 'BADREC'; stats = @{ ratio = [double]::NaN } } }; ErrorId = 'NumberNotFinite'; Expect = @('stats.ratio', 'NaN') }
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'Infinity inside an array'; Bad = { [pscustomobject]@{ id = 'BADREC'; series = @(1.5, [double]::PositiveInfinity) } }; ErrorId = 'NumberNotFinite'; Expect = @('series[1]', 'Infinity') }
        @{ Cmdlet = 'Send-CioEvent'; Name = 'NaN in event data'; Bad = { [pscustomobject]@{ id = 'BADREC'; name = 'ok'; data = @{ amount = [double]::NaN } } }; ErrorId = 'NumberNotFinite'; Expect = @('amount', 'NaN') }

        # --- circular and very deep objects
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'a hashtable that contains itself'; Bad = { $h = @{ a = 1 }; $h.self = $h; [pscustomobject]@{ id = 'BADREC'; loop = $h } }; ErrorId = 'CircularReference'; Expect = @('loop', 'circular') }
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'a custom object that contains itself'; Bad = { $o = [pscustomobject]@{ a = 1 }; $o | Add-Member -NotePropertyName self -NotePropertyValue $o; [pscustomobject]@{ id = 'BADREC'; loop = $o } }; ErrorId = 'CircularReference'; Expect = @('loop', 'circular') }
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'a list that contains itself'; Bad = { $l = [System.Collections.ArrayList]::new(); $null = $l.Add(1); $null = $l.Add($l); [pscustomobject]@{ id = 'BADREC'; loop = $l } }; ErrorId = 'CircularReference'; Expect = @('loop', 'circular') }
        @{ Cmdlet = 'Send-CioEvent'; Name = 'event data that contains itself'; Bad = { $h = @{ a = 1 }; $h.self = $h; [pscustomobject]@{ id = 'BADREC'; name = 'ok'; data = $h } }; ErrorId = 'CircularReference'; Expect = @('circular') }
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'an object nested 25 levels deep'; Bad = { $v = @{ leaf = 1 }; foreach ($i in 1..24) { $v = @{ "l$i" = $v } }; [pscustomobject]@{ id = 'BADREC'; deep = $v } }; ErrorId = 'NestedTooDeep'; Expect = @('deep', '20 levels') }
        @{ Cmdlet = 'Send-CioEvent'; Name = 'event data nested 25 levels deep'; Bad = { $v = @{ leaf = 1 }; foreach ($i in 1..24) { $v = @{ "l$i" = $v } }; [pscustomobject]@{ id = 'BADREC'; name = 'ok'; data = @{ deep = $v } } }; ErrorId = 'NestedTooDeep'; Expect = @('deep', '20 levels') }

        # --- values with no JSON form
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'a ScriptBlock value'; Bad = { [pscustomobject]@{ id = 'BADREC'; calc = { 1 + 1 } } }; ErrorId = 'ValueHasNoJsonForm'; Expect = @("'calc'", 'ScriptBlock') }
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'a [System.IO.FileInfo] value'; Bad = { [pscustomobject]@{ id = 'BADREC'; file = [System.IO.FileInfo]::new((Join-Path ([System.IO.Path]::GetTempPath()) 'cio-bad-input.txt')) } }; ErrorId = 'ValueHasNoJsonForm'; Expect = @("'file'", 'System.IO.FileInfo') }
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'a [System.Diagnostics.Process] value'; Bad = { [pscustomobject]@{ id = 'BADREC'; proc = [System.Diagnostics.Process]::GetCurrentProcess() } }; ErrorId = 'ValueHasNoJsonForm'; Expect = @("'proc'", 'System.Diagnostics.Process') }
        @{ Cmdlet = 'Send-CioEvent'; Name = 'a ScriptBlock in event data'; Bad = { [pscustomobject]@{ id = 'BADREC'; name = 'ok'; data = @{ calc = { 2 } } } }; ErrorId = 'ValueHasNoJsonForm'; Expect = @('calc', 'ScriptBlock') }

        # --- lone UTF-16 surrogates
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'a lone high surrogate in a value'; Bad = { [pscustomobject]@{ id = 'BADREC'; nick = "ab$([char]0xD83D)cd" } }; ErrorId = 'InvalidText'; Expect = @("'nick'", 'surrogate') }
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'a lone low surrogate at the end of a value'; Bad = { [pscustomobject]@{ id = 'BADREC'; nick = "abcd$([char]0xDE00)" } }; ErrorId = 'InvalidText'; Expect = @("'nick'", 'surrogate') }
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'a lone surrogate in an attribute name'; Bad = { [pscustomobject]@{ id = 'BADREC'; "ni$([char]0xD800)ck" = 'x' } }; ErrorId = 'InvalidText'; Expect = @('ni', 'surrogate') }
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'a lone surrogate in the id'; Bad = { [pscustomobject]@{ id = "BADREC$([char]0xDC00)"; plan = 'pro' } }; ErrorId = 'InvalidText'; Expect = @("'id'", 'surrogate') }
        @{ Cmdlet = 'Send-CioEvent'; Name = 'a lone surrogate in the event name'; Bad = { [pscustomobject]@{ id = 'BADREC'; name = "buy$([char]0xD800)" } }; ErrorId = 'InvalidText'; Expect = @("'name'", 'surrogate') }

        # --- dates before 1970 and absurd timestamps
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'created_at before 1970 (a DateTime)'; Bad = { [pscustomobject]@{ id = 'BADREC'; created_at = [datetime]::new(1969, 7, 20, 20, 17, 0, [DateTimeKind]::Utc) } }; ErrorId = 'TimestampOutOfRange'; Expect = @("'created_at'", '1970') }
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'created_at -1 (a number)'; Bad = { [pscustomobject]@{ id = 'BADREC'; created_at = -1 } }; ErrorId = 'TimestampOutOfRange'; Expect = @("'created_at'", '1970') }
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'created_at in milliseconds (a number)'; Bad = { [pscustomobject]@{ id = 'BADREC'; created_at = 1700000000000 } }; ErrorId = 'TimestampOutOfRange'; Expect = @("'created_at'", '1700000000000', 'milliseconds') }
        @{ Cmdlet = 'Set-CioCustomer'; Name = 'created_at in milliseconds (a CSV string)'; Bad = { [pscustomobject]@{ id = 'BADREC'; created_at = '1700000000000' } }; ErrorId = 'TimestampOutOfRange'; Expect = @("'created_at'", 'milliseconds') }
        @{ Cmdlet = 'Send-CioEvent'; Name = '-Timestamp before 1970'; Bad = { [pscustomobject]@{ id = 'BADREC'; name = 'ok'; timestamp = [datetime]::new(1960, 1, 1, 0, 0, 0, [DateTimeKind]::Utc) } }; ErrorId = 'TimestampOutOfRange'; Expect = @("'timestamp'", '1970') }
        @{ Cmdlet = 'Send-CioEvent'; Name = '-Timestamp in milliseconds'; Bad = { [pscustomobject]@{ id = 'BADREC'; name = 'ok'; timestamp = 1700000000000 } }; ErrorId = 'TimestampOutOfRange'; Expect = @("'timestamp'", 'milliseconds') }
        @{ Cmdlet = 'Add-CioDevice'; Name = 'last_used in milliseconds'; Bad = { [pscustomobject]@{ id = 'BADREC'; device_id = 'tok-bad'; platform = 'ios'; last_used = 1700000000000 } }; ErrorId = 'TimestampOutOfRange'; Expect = @("'last_used'", 'milliseconds') }

        # --- unknown device platforms, a merge of a person with themself
        @{ Cmdlet = 'Add-CioDevice'; Name = 'an unknown platform'; Bad = { [pscustomobject]@{ id = 'BADREC'; device_id = 'tok-bad'; platform = 'windows' } }; ErrorId = 'InvalidPlatform'; Expect = @("'platform'", 'windows', 'ios, android') }
        @{ Cmdlet = 'Add-CioDevice'; Name = 'an empty platform'; Bad = { [pscustomobject]@{ id = 'BADREC'; device_id = 'tok-bad'; platform = '' } }; ErrorId = 'InvalidPlatform'; Expect = @("'platform'", 'ios, android') }
        @{ Cmdlet = 'Merge-CioCustomer'; Name = 'a person merged with themself (id)'; Bad = { [pscustomobject]@{ primary = 'BADREC'; secondary = 'BADREC' } }; ErrorId = 'MergeSamePerson'; Expect = @("'secondary'", 'same person') }
        @{ Cmdlet = 'Merge-CioCustomer'; Name = 'a person merged with themself (email, other case)'; Bad = { [pscustomobject]@{ primary = 'BADREC@example.com'; secondary = 'badrec@EXAMPLE.com'; primary_type = 'email'; secondary_type = 'email' } }; ErrorId = 'MergeSamePerson'; Expect = @('same person') }

        # --- batch items over 32,000 bytes (each attribute within its limit, the item not)
        @{ Cmdlet = 'Invoke-CioBatch'; Name = 'an item over 32,000 bytes'; Bad = { $a = @{}; foreach ($i in 1..40) { $a["a$i"] = 'x' * 900 }; @{ type = 'person'; identifiers = @{ id = 'BADREC' }; action = 'identify'; attributes = $a } }; ErrorId = 'BatchItemTooLarge'; Expect = @('32000 bytes') }
        @{ Cmdlet = 'AsOperation'; Name = 'a record whose v2 item is over 32,000 bytes'; Bad = { $h = [ordered]@{ id = 'BADREC' }; foreach ($i in 1..40) { $h["a$i"] = 'x' * 900 }; [pscustomobject]$h }; ErrorId = 'BatchItemTooLarge'; Expect = @('32000 bytes') }
        @{ Cmdlet = 'Invoke-CioBatch'; Name = 'an item with NaN in its attributes'; Bad = { @{ type = 'person'; identifiers = @{ id = 'BADREC' }; action = 'identify'; attributes = @{ score = [double]::NaN } } }; ErrorId = 'NumberNotFinite'; Expect = @('score', 'NaN') }
    )
    # Every case runs batched. With -NoBatch the pipeline takes another road (one request per record),
    # so each cmdlet's kinds of error run there once (the first case of each ErrorId); every rule
    # itself, boundary by boundary, is checked at the builders by the xunit RecordRulesTheories.
    # Invoke-CioBatch always batches and -AsOperation sends nothing itself: they run once, not per mode.
    $seen = @{}
    $noBatchCases = foreach ($c in $script:Cases) {
        if ($c.Cmdlet -in 'Invoke-CioBatch', 'AsOperation') { continue }
        $key = "$($c.Cmdlet)|$($c.ErrorId)"
        if ($seen.ContainsKey($key)) { continue }
        $seen[$key] = $true
        $c
    }
    $script:ModeCases = @(
        @{ Mode = 'batched (the default)'; NoBatch = $false; Cases = $script:Cases }
        @{ Mode = '-NoBatch'; NoBatch = $true; Cases = @($noBatchCases) }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot TestHelpers.psm1) -Force
    Import-CioModuleUnderTest
    $script:Emu = Start-CioEmulator

    # The requests the emulator recorded after the seq $script:Since (0: since the last reset).
    $script:Since = 0

    # A merge needs a primary and a secondary that exist (the service ignores a merge with an unknown
    # person): both are made first, the primaries without 'plan' (it comes with the merge), and only the
    # requests after them are the sandwich's.
    function script:Initialize-Case([string] $Cmdlet) {
        $script:Since = 0
        if ($Cmdlet -ne 'Merge-CioCustomer') { return }
        'gone-1', 'gone-2' | ForEach-Object { [pscustomobject]@{ id = $_; plan = 'pro' } } | Set-CioCustomer -NoBatch -ErrorAction Stop
        'good-1', 'good-2' | ForEach-Object { [pscustomobject]@{ id = $_; seed = '1' } } | Set-CioCustomer -NoBatch -ErrorAction Stop
        $script:Since = [long](Get-CioEmulatorRequests $script:Emu)[-1].seq
    }

    # The records the emulator received: one per v1 request, one per item of a v2 batch.
    function script:Get-SentItem {
        foreach ($r in Get-CioEmulatorRequests $script:Emu -Since $script:Since) {
            if ($r.path -eq '/api/v2/batch') {
                foreach ($item in (ConvertFrom-Json -InputObject $r.body -Depth 100).batch) { [pscustomobject]@{ Request = $r; Item = $item } }
            }
            else { [pscustomobject]@{ Request = $r; Item = $null } }
        }
    }

    # A good record for each cmdlet; its identifier is good-<n>.
    function script:New-GoodRecord([string] $Cmdlet, [int] $N) {
        switch ($Cmdlet) {
            'Send-CioEvent' { [pscustomobject]@{ id = "good-$N"; name = 'ok' } }
            'Add-CioDevice' { [pscustomobject]@{ id = "good-$N"; device_id = "tok-good-$N"; platform = 'ios' } }
            'Merge-CioCustomer' { [pscustomobject]@{ primary = "good-$N"; secondary = "gone-$N" } }
            'Invoke-CioBatch' { @{ type = 'person'; identifiers = @{ id = "good-$N" }; action = 'identify'; attributes = @{ plan = 'pro' } } }
            default { [pscustomobject]@{ id = "good-$N"; plan = 'pro' } }
        }
    }

    # Pipes good-1, the bad record, good-2 through the cmdlet; returns the errors it wrote.
    function script:Invoke-Sandwich([string] $Cmdlet, $Bad, [bool] $NoBatch) {
        $inputs = [System.Collections.Generic.List[object]]::new()
        $inputs.Add((New-GoodRecord $Cmdlet 1))
        $inputs.Add($Bad)
        $inputs.Add((New-GoodRecord $Cmdlet 2))
        $errs = $null
        switch ($Cmdlet) {
            'AsOperation' {
                $inputs | Set-CioCustomer -AsOperation -ErrorVariable errs -ErrorAction SilentlyContinue | Invoke-CioBatch -ErrorAction Stop
            }
            'Invoke-CioBatch' { $inputs | Invoke-CioBatch -ErrorVariable errs -ErrorAction SilentlyContinue }
            'Merge-CioCustomer' { $inputs | Merge-CioCustomer -Confirm:$false -NoBatch:$NoBatch -ErrorVariable errs -ErrorAction SilentlyContinue }
            default { $inputs | & $Cmdlet -NoBatch:$NoBatch -ErrorVariable errs -ErrorAction SilentlyContinue }
        }
        , @($errs)
    }

    # Everything the emulator holds about people, by id.
    function script:Get-PeopleById {
        $map = @{}
        foreach ($p in (Get-CioEmulatorState $script:Emu).people) { $map[[string]$p.id] = $p }
        $map
    }

    # Both good records of the sandwich arrived, and nothing else.
    function script:Assert-GoodArrived([string] $Cmdlet) {
        $people = Get-PeopleById
        @($people.Keys | Sort-Object) | Should -Be @('good-1', 'good-2') -Because 'both good records around the bad one must be sent, and nothing else'
        foreach ($n in 1, 2) {
            $p = $people["good-$n"]
            switch ($Cmdlet) {
                'Send-CioEvent' { @($p.events | ForEach-Object name) | Should -Be @('ok') }
                'Add-CioDevice' { @($p.devices | ForEach-Object id) | Should -Be @("tok-good-$n") }
                'Merge-CioCustomer' { $p.attributes.plan | Should -BeExactly 'pro' -Because "gone-$n's attributes moved to good-$n" }
                default { $p.attributes.plan | Should -BeExactly 'pro' }
            }
        }
        $items = @(Get-SentItem)
        $items.Count | Should -Be 2 -Because 'exactly the two good records were sent'
        @($items | Where-Object { $_.Request.status -ne 200 }) | Should -BeNullOrEmpty
    }

    # No request the emulator saw holds the marker (decoded path or raw body).
    function script:Assert-NotSent([string] $Marker) {
        foreach ($r in Get-CioEmulatorRequests $script:Emu -Since $script:Since) {
            $text = [uri]::UnescapeDataString($r.path) + "`n" + $r.body
            $text.Contains($Marker) | Should -BeFalse -Because "nothing of the bad record may be sent, but $($r.method) $($r.path) holds '$Marker'"
        }
    }

    # The one error of a sandwich: record 2, the expected id and texts, InvalidData, the input as TargetObject.
    function script:Assert-RecordError($Errors, $Bad, [string] $ErrorId, [string[]] $Expect) {
        $Errors.Count | Should -Be 1 -Because "one bad record gives one error (got: $(($Errors | ForEach-Object { $_.Exception.Message }) -join ' | '))"
        $e = $Errors[0]
        $e | Should -BeOfType [System.Management.Automation.ErrorRecord]
        $message = $e.Exception.Message
        $message | Should -Match '^Record 2\b' -Because 'the message names the record'
        foreach ($text in $Expect) { $message | Should -BeLike ('*' + [WildcardPattern]::Escape($text) + '*') -Because 'the message names the field, the problem and the limit' }
        $e.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*" -Because 'the error id is stable'
        $e.CategoryInfo.Category | Should -Be 'InvalidData'
        if ($null -eq $Bad) { $e.TargetObject | Should -BeNullOrEmpty }
        else {
            $target = $e.TargetObject
            if ($target -is [psobject] -and $target.psobject.BaseObject -isnot [System.Management.Automation.PSCustomObject]) { $target = $target.psobject.BaseObject }
            $expected = $Bad
            if ($expected -is [psobject] -and $expected.psobject.BaseObject -isnot [System.Management.Automation.PSCustomObject]) { $expected = $expected.psobject.BaseObject }
            [object]::ReferenceEquals($target, $expected) | Should -BeTrue -Because 'the TargetObject is the input record itself'
        }
    }
}

AfterAll {
    if (Get-Command Disconnect-CioTrack -ErrorAction Ignore) { Disconnect-CioTrack }
    Stop-CioEmulator $script:Emu
}

Describe 'Bad input is refused record by record' {
    BeforeEach {
        Reset-CioEmulator $script:Emu
        $script:Since = 0
        Connect-CioEmulator $script:Emu -Extra @{ SkipCheck = $true; RequestsPerSecond = 0 }
    }

    Context 'The corpus, <Mode>' -ForEach $ModeCases {
        It '<Cmdlet>: <Name>' -ForEach $Cases {
            Initialize-Case $Cmdlet
            $bad = & $Bad
            $errors = Invoke-Sandwich -Cmdlet $Cmdlet -Bad $bad -NoBatch $NoBatch
            Assert-RecordError -Errors $errors -Bad $bad -ErrorId $ErrorId -Expect $Expect
            $errors[0].Exception.Message | Should -BeLike '*Nothing of this record was sent*'
            if ($Marker) { Assert-NotSent $Marker } else { Assert-NotSent 'BADREC' }
            Assert-GoodArrived $(if ($Cmdlet -eq 'AsOperation') { 'Set-CioCustomer' } else { $Cmdlet })
        }
    }

    Context 'Values exactly at a limit pass, <Mode>' -ForEach @(@{ Mode = 'batched (the default)'; NoBatch = $false }, @{ Mode = '-NoBatch'; NoBatch = $true }) {
        It 'an id of <Label> (150 bytes) arrives as it was given' -ForEach @(
            @{ Label = '150 ASCII letters'; Id = { 'a' * 150 } }
            @{ Label = '148 letters and a 2-byte e'; Id = { ('a' * 148) + [char]0xE9 } }
            @{ Label = '50 euro signs'; Id = { [string][char]0x20AC * 50 } }
            @{ Label = '2 letters and 37 emoji'; Id = { 'aa' + ([char]::ConvertFromUtf32(0x1F600) * 37) } }
        ) {
            $idText = & $Id
            [Text.Encoding]::UTF8.GetByteCount($idText) | Should -Be 150
            [pscustomobject]@{ id = $idText; plan = 'pro' } | Set-CioCustomer -NoBatch:$NoBatch -ErrorVariable errs
            $errs.Count | Should -Be 0
            $p = @((Get-CioEmulatorState $script:Emu).people)
            $p.Count | Should -Be 1
            $p[0].id | Should -BeExactly $idText
            $p[0].attributes.plan | Should -BeExactly 'pro'
        }

        It 'an attribute name of 150 bytes, a value of 1000 bytes and 300 attributes arrive' {
            $name = ('n' * 148) + [char]0xE9
            $value = ([char]::ConvertFromUtf32(0x1F600) * 249) + 'abcd'
            [Text.Encoding]::UTF8.GetByteCount($value) | Should -Be 1000
            $h = [ordered]@{ id = 'limits-1'; $name = 'x'; bio = $value }
            foreach ($i in 1..298) { $h["a$i"] = $i }
            [pscustomobject]$h | Set-CioCustomer -NoBatch:$NoBatch -ErrorVariable errs
            $errs.Count | Should -Be 0
            $a = (Get-PeopleById)['limits-1'].attributes
            @($a.psobject.Properties).Count | Should -Be 300
            $a.$name | Should -BeExactly 'x'
            $a.bio | Should -BeExactly $value
        }

        It 'an event name of 100 bytes and event data of exactly 100,000 bytes arrive' {
            $name = ('e' * 98) + [char]0xE9
            $data = @{ k = 'd' * 99992 } # {"k":"ddd..."} is 8 + 99,992 = 100,000 bytes
            [pscustomobject]@{ id = 'limits-2'; name = $name; data = $data } | Send-CioEvent -NoBatch:$NoBatch -ErrorVariable errs
            $errs.Count | Should -Be 0
            $events = @((Get-PeopleById)['limits-2'].events)
            $events.Count | Should -Be 1
            $events[0].name | Should -BeExactly $name
            $events[0].data.k.Length | Should -Be 99992
        }

        It 'an object nested 20 levels deep and created_at 0 (1970-01-01) arrive' {
            $v = @{ leaf = 1 }
            foreach ($i in 1..19) { $v = @{ "l$i" = $v } }
            [pscustomobject]@{ id = 'limits-3'; deep = $v; created_at = [datetime]::new(1970, 1, 1, 0, 0, 0, [DateTimeKind]::Utc) } |
                Set-CioCustomer -NoBatch:$NoBatch -ErrorVariable errs
            $errs.Count | Should -Be 0
            $a = (Get-PeopleById)['limits-3'].attributes
            $a.created_at | Should -Be 0
            $node = $a.deep
            foreach ($i in 19..1) { $node = $node."l$i" }
            $node.leaf | Should -Be 1
        }
    }

    Context 'CSV files' {
        BeforeAll {
            function script:Write-Bytes([string] $Name, [byte[]] $Bytes) {
                $path = Join-Path $TestDrive $Name
                [System.IO.File]::WriteAllBytes($path, $Bytes)
                $path
            }
        }

        It 'a UTF-8 file with a BOM: the first column still binds as id and the person arrives' {
            $text = "id,email,plan`r`nbom-1,bom-1@example.com,pro`r`nbom-2,bom-2@example.com,free`r`n"
            $path = Write-Bytes 'bom-utf8.csv' ([byte[]](0xEF, 0xBB, 0xBF) + [Text.Encoding]::UTF8.GetBytes($text))
            Import-Csv -LiteralPath $path | Set-CioCustomer -ErrorVariable errs
            $errs.Count | Should -Be 0
            $people = Get-PeopleById
            @($people.Keys | Sort-Object) | Should -Be @('bom-1', 'bom-2')
            @($people['bom-1'].attributes.psobject.Properties.Name | Sort-Object) | Should -Be @('email', 'plan') -Because 'the id column is the identifier, not an attribute named with a BOM'
            $people['bom-2'].attributes.plan | Should -BeExactly 'free'
        }

        It 'a UTF-16 file with a BOM (Export-Csv -Encoding unicode), read with Get-Content | ConvertFrom-Csv' {
            $path = Join-Path $TestDrive 'bom-utf16.csv'
            [pscustomobject]@{ id = 'bom-16'; plan = 'pro' } | Export-Csv -LiteralPath $path -Encoding unicode -NoTypeInformation
            [System.IO.File]::ReadAllBytes($path)[0..1] | Should -Be @(0xFF, 0xFE)
            Get-Content -LiteralPath $path | ConvertFrom-Csv | Set-CioCustomer -NoBatch -ErrorVariable errs
            $errs.Count | Should -Be 0
            $r = @(Get-CioEmulatorRequests $script:Emu -Since $script:Since)
            $r.Count | Should -Be 1
            $r[0].path | Should -BeExactly '/api/v1/customers/bom-16'
            $r[0].body | Should -BeExactly '{"plan":"pro"}'
        }

        It 'duplicate headers: Import-Csv''s own error is what the user sees, and nothing is sent' -ForEach @(
            @{ Header = 'id,plan,id'; Column = 'id' }
            @{ Header = 'id,plan,PLAN'; Column = 'PLAN' }
        ) {
            $path = Join-Path $TestDrive 'dup.csv'
            Set-Content -LiteralPath $path -Value @($Header, 'dup-1,pro,dup-2', 'dup-3,free,dup-4') -Encoding utf8
            $caught = $null
            $csvErrs = $null; $setErrs = $null
            try {
                Import-Csv -LiteralPath $path -ErrorVariable csvErrs -ErrorAction SilentlyContinue |
                    Set-CioCustomer -ErrorVariable setErrs -ErrorAction SilentlyContinue
            }
            catch { $caught = $_ }
            $all = @(@($caught) + @($csvErrs) + @($setErrs) | Where-Object { $_ } | Select-Object -Unique)
            $all.Count | Should -BeGreaterThan 0 -Because 'the user must be told the file is wrong'
            $all[0].Exception.Message | Should -BeLike "*member ""$Column"" is already present*"
            @($setErrs | Where-Object { $_ }).Count | Should -Be 0 -Because 'no record reached Set-CioCustomer, so it has nothing to report'
            @(Get-CioEmulatorRequests $script:Emu -Since $script:Since).Count | Should -Be 0
            @((Get-CioEmulatorState $script:Emu).people).Count | Should -Be 0
        }

        It 'blank and whitespace-only lines are skipped without an error' {
            $path = Join-Path $TestDrive 'blank.csv'
            Set-Content -LiteralPath $path -Value "id,plan`n`nblank-1,pro`n`n`nblank-2,free`n   `n`n" -Encoding utf8 -NoNewline
            Import-Csv -LiteralPath $path | Set-CioCustomer -PassThru -ErrorVariable errs | Should -HaveCount 2
            $errs.Count | Should -Be 0
            $people = Get-PeopleById
            @($people.Keys | Sort-Object) | Should -Be @('blank-1', 'blank-2')
            @(Get-SentItem).Count | Should -Be 2
        }

        It 'a line of empty cells is one record without an id: one error for record 2, the others arrive' {
            $path = Join-Path $TestDrive 'empty-cells.csv'
            Set-Content -LiteralPath $path -Value @('id,plan', 'cells-1,pro', ',', 'cells-3,free') -Encoding utf8
            $rows = @(Import-Csv -LiteralPath $path)
            $rows | Set-CioCustomer -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -Be 1
            $errs[0].Exception.Message | Should -Match "^Record 2\b.*'id'"
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'IdentifierMissing,*'
            [object]::ReferenceEquals($errs[0].TargetObject, $rows[1]) | Should -BeTrue
            @((Get-PeopleById).Keys | Sort-Object) | Should -Be @('cells-1', 'cells-3')
        }
    }

    Context 'Connect-CioTrack -BaseUri' {
        It 'refuses <BaseUri> (<Why>), names https, and keeps the connection it had' -ForEach @(
            @{ BaseUri = 'not a url'; Why = 'not a URL'; Expect = 'not an absolute http or https URL' }
            @{ BaseUri = 'track.customer.io'; Why = 'no scheme'; Expect = 'not an absolute http or https URL' }
            @{ BaseUri = 'ftp://track.customer.io'; Why = 'not http(s)'; Expect = 'not an absolute http or https URL' }
            @{ BaseUri = '/api/v1'; Why = 'a path'; Expect = 'not an absolute http or https URL' }
            @{ BaseUri = 'http://track.customer.io'; Why = 'http for a non-loopback host'; Expect = 'not loopback' }
            @{ BaseUri = 'http://192.168.10.20:5080'; Why = 'http for a LAN address'; Expect = 'not loopback' }
            @{ BaseUri = 'http://example.com/'; Why = 'http for a public host'; Expect = 'not loopback' }
        ) {
            $before = Get-CioTrackConnection
            $before.BaseUri.ToString().TrimEnd('/') | Should -Be $script:Emu.Url
            $err = $null
            try { Connect-CioTrack -SiteId $script:Emu.SiteId -ApiKey $script:Emu.ApiKeySecure -BaseUri $BaseUri -ErrorAction Stop }
            catch { $err = $_ }
            $err | Should -Not -BeNullOrEmpty -Because "Connect-CioTrack must refuse -BaseUri '$BaseUri'"
            $err.FullyQualifiedErrorId | Should -BeLike 'CioInvalidBaseUri,*'
            $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err.TargetObject | Should -BeExactly $BaseUri
            $err.Exception.Message | Should -BeLike "*'$BaseUri'*"
            $err.Exception.Message | Should -BeLike "*$Expect*"
            $err.Exception.Message | Should -BeLike '*https*'
            [object]::ReferenceEquals((Get-CioTrackConnection), $before) | Should -BeTrue -Because 'a refused connect leaves the session''s connection as it was'
            @(Get-CioEmulatorRequests $script:Emu -Since $script:Since).Count | Should -Be 0
        }

        It 'accepts http for loopback (the emulator, by 127.0.0.1 and by localhost)' {
            $port = ([uri]$script:Emu.Url).Port
            foreach ($url in "http://127.0.0.1:$port", "http://localhost:$port") {
                $c = Connect-CioTrack -SiteId $script:Emu.SiteId -ApiKey $script:Emu.ApiKeySecure -BaseUri $url -PassThru
                $c.CredentialsVerified | Should -BeTrue
            }
        }
    }
}
