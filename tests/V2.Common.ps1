# Helpers shared by the tests/V2.*.Tests.ps1 files (dot-sourced in their BeforeAll, after TestHelpers.psm1).
# They expect $script:Emu (from Start-CioEmulator).

# The /api requests the emulator recorded (after the last reset), one per pipeline object.

# The raw JSON text of each item of a {"batch":[...]} body, exactly as it was sent (System.Text.Json keeps the bytes).
function Get-BatchItemText([string] $Body) {
    $doc = [System.Text.Json.JsonDocument]::Parse($Body)
    try {
        $batch = $doc.RootElement.GetProperty('batch')
        foreach ($e in $batch.EnumerateArray()) { $e.GetRawText() }
    }
    finally { $doc.Dispose() }
}

function Get-Utf8Length([string] $Text) { [System.Text.Encoding]::UTF8.GetByteCount($Text) }

# How many requests a greedy packing of items of these sizes (in this order) into {"batch":[a,b,...]}
# requests of at most $Limit bytes needs: the fewest an in-order packer can use.
function Get-GreedyRequestCount([int[]] $ItemBytes, [int] $Limit = 500000) {
    $envelope = '{"batch":[]}'.Length
    $requests = 0
    $size = 0
    foreach ($b in $ItemBytes) {
        if ($requests -gt 0 -and $size + 1 + $b -le $Limit) { $size += 1 + $b }
        else { $requests++; $size = $envelope + $b }
    }
    $requests
}

# JSON text in a canonical form (keys sorted at every level, compact), so bodies compare as parsed objects.
function ConvertTo-V2CanonicalJson([string] $Json) {
    if ([string]::IsNullOrEmpty($Json)) { return '' }
    Format-V2CanonicalJson (ConvertFrom-Json -InputObject $Json -AsHashtable -Depth 100 -NoEnumerate)
}

function Format-V2CanonicalJson($Value) {
    if ($null -eq $Value) { return 'null' }
    if ($Value -is [System.Collections.IDictionary]) {
        $parts = foreach ($k in ($Value.Keys | Sort-Object -CaseSensitive)) {
            (ConvertTo-Json -InputObject ([string]$k) -Compress) + ':' + (Format-V2CanonicalJson $Value[$k])
        }
        return '{' + ($parts -join ',') + '}'
    }
    if ($Value -is [System.Collections.IList]) {
        $parts = foreach ($item in $Value) { Format-V2CanonicalJson $item }
        return '[' + ($parts -join ',') + ']'
    }
    ConvertTo-Json -InputObject $Value -Compress
}

# The people the emulator holds, as canonical JSON per person keyed by id: id, email and attributes
# (not cio_id, which the emulator numbers in arrival order).
function Get-PeopleSnapshot {
    $state = Get-CioEmulatorState $script:Emu
    $snapshot = [ordered]@{}
    foreach ($p in @($state.people | Sort-Object id)) {
        $snapshot[[string]$p.id] = Format-V2CanonicalJson ([ordered]@{
                id         = $p.id
                email      = $p.email
                attributes = (ConvertFrom-Json -InputObject (ConvertTo-Json -InputObject $p.attributes -Depth 20 -Compress) -AsHashtable -Depth 20)
            })
    }
    $snapshot
}

# One object as the emulator holds it, or $null.
function Get-EmulatorObject([string] $TypeId, [string] $ObjectId) {
    $state = Get-CioEmulatorState $script:Emu
    @($state.objects) | Where-Object { $_.object_type_id -eq $TypeId -and $_.object_id -eq $ObjectId } | Select-Object -First 1
}

# The "type:id" keys of the objects a person is related to, sorted.
function Get-RelatedObjectKey([string] $PersonId) {
    $p = Get-CioEmulatorPerson $script:Emu $PersonId
    if (-not $p) { return @() }
    @($p.relationships | ForEach-Object { "$($_.object_type_id):$($_.object_id)" } | Sort-Object)
}
