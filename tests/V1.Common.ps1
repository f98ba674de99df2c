# Helpers shared by the tests/V1.*.Tests.ps1 files (dot-sourced in their BeforeAll, after TestHelpers.psm1).

# JSON text in a canonical form (keys sorted at every level, compact), so bodies compare as parsed objects.
function ConvertTo-CanonicalJson([string] $Json) {
    if ([string]::IsNullOrEmpty($Json)) { return '' }
    Format-CanonicalJson (ConvertFrom-Json -InputObject $Json -AsHashtable -Depth 100 -NoEnumerate)
}

function Format-CanonicalJson($Value) {
    if ($null -eq $Value) { return 'null' }
    if ($Value -is [System.Collections.IDictionary]) {
        $parts = foreach ($k in ($Value.Keys | Sort-Object -CaseSensitive)) {
            (ConvertTo-Json -InputObject ([string]$k) -Compress) + ':' + (Format-CanonicalJson $Value[$k])
        }
        return '{' + ($parts -join ',') + '}'
    }
    if ($Value -is [System.Collections.IList]) {
        $parts = foreach ($item in $Value) { Format-CanonicalJson $item }
        return '[' + ($parts -join ',') + ']'
    }
    ConvertTo-Json -InputObject $Value -Compress
}

# The /api requests the emulator recorded (after the last reset), one per pipeline object.

# The seq of the last recorded request (0 when none): requests after it are what a step sent.
function Get-LastSeq {
    $last = @(Get-CioEmulatorRequests $script:Emu) | Select-Object -Last 1
    if ($last) { [long]$last.seq } else { 0 }
}

# Asserts one recorded request: method, raw path, query and JSON body (compared as parsed objects).
function Assert-Request {
    param($Request, [string] $Method, [string] $Path, [string] $Query = '', [string] $Body, [switch] $NoBody)
    $Request | Should -Not -BeNullOrEmpty -Because "a $Method $Path request was expected"
    $Request.method | Should -BeExactly $Method
    $Request.path | Should -BeExactly $Path
    $Request.query | Should -BeExactly $Query
    if ($NoBody) { $Request.body | Should -BeNullOrEmpty }
    elseif ($PSBoundParameters.ContainsKey('Body')) { ConvertTo-CanonicalJson $Request.body | Should -BeExactly (ConvertTo-CanonicalJson $Body) }
    # 200, or 204 where the file answers with no body (form submissions).
    $Request.status | Should -BeIn @(200, 204) -Because "the emulator accepted it (body: $($Request.body))"
}

# An event id the module generated: a ULID (26 Crockford base32 characters).
$script:UlidPattern = '^[0-9A-HJKMNP-TV-Z]{26}$'

# Runs a command (under -WhatIf) and returns what the host printed, all whitespace removed (the
# transcript wraps long lines at the console width): match it against whitespace-free text.
function Get-HostOutput([scriptblock] $Script) {
    $path = Join-Path $TestDrive ("host-" + [guid]::NewGuid().ToString('n') + '.txt')
    $null = Start-Transcript -Path $path -UseMinimalHeader
    try { $null = & $Script }
    finally { $null = Stop-Transcript }
    (Get-Content -LiteralPath $path -Raw) -replace '\s', ''
}

# Writes rows to a CSV in $TestDrive and imports it (every value a string, as users' files are).
function Import-TestCsv([string] $Name, [string] $Text) {
    $path = Join-Path $TestDrive $Name
    Set-Content -LiteralPath $path -Value $Text -Encoding utf8
    Import-Csv -LiteralPath $path
}

# The ConfirmImpact a cmdlet declares.
function Get-ConfirmImpact([string] $Name) {
    $type = (Get-Command $Name).ImplementingType
    ([System.Management.Automation.CmdletAttribute][Attribute]::GetCustomAttribute($type, [System.Management.Automation.CmdletAttribute])).ConfirmImpact
}

# Does the emulator serve POST /api/v2/batch? (Person cmdlets pack piped records into v2 batches.)
function Test-EmulatorV2 {
    $probe = Invoke-WebRequest -Uri "$($script:Emu.Url)/api/v2/batch" -Method POST -SkipHttpErrorCheck `
        -Headers @{ Authorization = Get-CioEmulatorBasicAuth $script:Emu } -ContentType 'application/json' -Body '{"batch":[]}'
    $probe.StatusCode -ne 404
}

# The items of the v2 batch requests recorded (parsed), in order.
function Get-BatchItem([long] $Since = 0) {
    foreach ($r in Get-CioEmulatorRequests $script:Emu -Since $Since) {
        if ($r.path -eq '/api/v2/batch') {
            $r.status | Should -Be 200 -Because "the batch was accepted whole (answer for $($r.body))"
            foreach ($item in (ConvertFrom-Json $r.body -Depth 50).batch) { $item }
        }
    }
}
