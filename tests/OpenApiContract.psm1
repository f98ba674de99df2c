<#
Checks request bodies against Customer.io's own OpenAPI file for the Track API
(shared/reference/journeys-track.openapi.json), the oracle the contract tests use: the module and
the emulator were written from notes; this file is what the service publishes.

Only the schema keywords the file uses are read: $ref, allOf, oneOf/anyOf (read as "one of these
shapes", as the file's overlapping alternatives need), type, enum, required, properties,
additionalProperties, items, minItems/maxItems, minProperties/maxProperties, minLength/maxLength.
#>

function Find-CioOpenApiFile {
    <#
    Where Customer.io's OpenAPI file is on this machine: $env:CIO_TRACK_OPENAPI, else
    shared/reference/journeys-track.openapi.json in a folder above the checkout. It is Customer.io's
    file, not ours, so it is read where it lies and never copied into the repository; $null when absent.
    #>
    if ($env:CIO_TRACK_OPENAPI -and (Test-Path -LiteralPath $env:CIO_TRACK_OPENAPI)) { return $env:CIO_TRACK_OPENAPI }
    $dir = Split-Path $PSScriptRoot -Parent
    while ($dir) {
        $candidate = Join-Path $dir 'shared/reference/journeys-track.openapi.json'
        if (Test-Path -LiteralPath $candidate) { return $candidate }
        $parent = Split-Path $dir -Parent
        if ($parent -eq $dir) { break }
        $dir = $parent
    }
    $null
}

function Get-CioOpenApiDocument {
    <# The OpenAPI file as nested hashtables (dates kept as text). #>
    param([string] $Path = (Find-CioOpenApiFile))
    if (-not $Path -or -not (Test-Path -LiteralPath $Path)) { throw "The Track API's OpenAPI file is not on this machine (set CIO_TRACK_OPENAPI)." }
    Get-Content -LiteralPath $Path -Raw | ConvertFrom-Json -AsHashtable -DateKind String
}

function Resolve-Ref($Doc, [string] $Ref) {
    if (-not $Ref.StartsWith('#/')) { throw "Only local references are read: $Ref" }
    $node = $Doc
    foreach ($part in $Ref.Substring(2).Split('/')) { $node = $node[$part.Replace('~1', '/').Replace('~0', '~')] }
    if ($null -eq $node) { throw "Unresolved reference $Ref" }
    $node
}

function Get-JsonKind($Value) {
    if ($null -eq $Value) { return 'null' }
    if ($Value -is [bool]) { return 'boolean' }
    if ($Value -is [string]) { return 'string' }
    if ($Value -is [System.Collections.IDictionary]) { return 'object' }
    if ($Value -is [System.Collections.IList]) { return 'array' }
    if ($Value -is [int] -or $Value -is [long] -or $Value -is [System.Numerics.BigInteger]) { return 'integer' }
    if ($Value -is [double] -or $Value -is [decimal]) { return 'number' }
    return $Value.GetType().Name
}

function Test-Schema($Doc, $Schema, $Value, [string] $At, [System.Collections.Generic.List[string]] $Errors) {
    if ($null -eq $Schema) { return }
    if ($Schema.ContainsKey('$ref')) { Test-Schema $Doc (Resolve-Ref $Doc $Schema['$ref']) $Value $At $Errors; return }
    foreach ($part in @($Schema['allOf'])) { if ($part) { Test-Schema $Doc $part $Value $At $Errors } }
    foreach ($key in 'oneOf', 'anyOf') {
        if (-not $Schema.ContainsKey($key)) { continue }
        $best = $null
        foreach ($branch in $Schema[$key]) {
            $mine = [System.Collections.Generic.List[string]]::new()
            Test-Schema $Doc $branch $Value $At $mine
            if ($mine.Count -eq 0) { $best = $null; break }
            if ($null -eq $best -or $mine.Count -lt $best.Count) { $best = $mine }
        }
        if ($null -ne $best) {
            $Errors.Add("$At matches none of the $key shapes; the closest fails: $($best -join '; ')")
        }
    }
    $kind = Get-JsonKind $Value
    if ($Schema.ContainsKey('type')) {
        $types = @($Schema['type'])
        $ok = $types -contains $kind -or ($kind -eq 'integer' -and $types -contains 'number') -or
            ($kind -eq 'number' -and $types -contains 'integer' -and [math]::Floor([double]$Value) -eq [double]$Value)
        if (-not $ok) { $Errors.Add("$At is $kind; the file wants $($types -join ' or ')"); return }
    }
    if ($Schema.ContainsKey('enum') -and -not (@($Schema['enum']) -ccontains $Value)) {
        $Errors.Add("$At is '$Value'; the file allows $(@($Schema['enum']) -join ', ')")
    }
    switch ($kind) {
        'object' {
            foreach ($name in @($Schema['required'])) {
                if ($name -and -not $Value.Contains($name)) { $Errors.Add("$At.$name is required") }
            }
            $props = $Schema['properties']
            foreach ($name in $Value.Keys) {
                if ($props -and $props.Contains($name)) { Test-Schema $Doc $props[$name] $Value[$name] "$At.$name" $Errors }
                elseif ($Schema['additionalProperties'] -is [bool] -and -not $Schema['additionalProperties']) {
                    $Errors.Add("$At.$name is not a property the file allows here")
                }
                elseif ($Schema['additionalProperties'] -is [System.Collections.IDictionary]) {
                    Test-Schema $Doc $Schema['additionalProperties'] $Value[$name] "$At.$name" $Errors
                }
            }
            if ($Schema.ContainsKey('maxProperties') -and $Value.Count -gt $Schema['maxProperties']) { $Errors.Add("$At has $($Value.Count) properties; at most $($Schema['maxProperties'])") }
            if ($Schema.ContainsKey('minProperties') -and $Value.Count -lt $Schema['minProperties']) { $Errors.Add("$At has $($Value.Count) properties; at least $($Schema['minProperties'])") }
        }
        'array' {
            if ($Schema.ContainsKey('minItems') -and $Value.Count -lt $Schema['minItems']) { $Errors.Add("$At has $($Value.Count) items; at least $($Schema['minItems'])") }
            if ($Schema.ContainsKey('maxItems') -and $Value.Count -gt $Schema['maxItems']) { $Errors.Add("$At has $($Value.Count) items; at most $($Schema['maxItems'])") }
            if ($Schema.ContainsKey('items')) { for ($i = 0; $i -lt $Value.Count; $i++) { Test-Schema $Doc $Schema['items'] $Value[$i] "$At[$i]" $Errors } }
        }
        'string' {
            if ($Schema.ContainsKey('maxLength') -and $Value.Length -gt $Schema['maxLength']) { $Errors.Add("$At is $($Value.Length) characters; at most $($Schema['maxLength'])") }
            if ($Schema.ContainsKey('minLength') -and $Value.Length -lt $Schema['minLength']) { $Errors.Add("$At is $($Value.Length) characters; at least $($Schema['minLength'])") }
        }
    }
}

function Test-CioOpenApiRequest {
    <#
    .SYNOPSIS
    What the file says is wrong with one request (method, path with query, body text): the path is
    one of its 17 paths and takes the method, each path parameter has its type, the body matches the
    request body's schema. Returns the violations as strings (none when the request keeps the contract).
    #>
    param(
        [Parameter(Mandatory)] $Document,
        [Parameter(Mandatory)] [string] $Method,
        [Parameter(Mandatory)] [string] $Path,
        [string] $Body
    )
    $errors = [System.Collections.Generic.List[string]]::new()
    $bare = $Path.Split('?')[0]
    $segments = $bare.Trim('/').Split('/')
    $match = $null; $values = @{}
    foreach ($template in $Document.paths.Keys) {
        $t = $template.Trim('/').Split('/')
        if ($t.Count -ne $segments.Count) { continue }
        $vals = @{}; $ok = $true
        for ($i = 0; $i -lt $t.Count; $i++) {
            if ($t[$i] -match '^\{(.+)\}$') { $vals[$Matches[1]] = [uri]::UnescapeDataString($segments[$i]) }
            elseif ($t[$i] -cne $segments[$i]) { $ok = $false; break }
        }
        if ($ok) { $match = $template; $values = $vals; break }
    }
    if (-not $match) { return "$Method $bare is not one of the file's paths" }
    $item = $Document.paths[$match]
    $op = $item[$Method.ToLowerInvariant()]
    if (-not $op) { return "$Method is not a method of $match" }
    foreach ($p in @($item['parameters']) + @($op['parameters'])) {
        if (-not $p) { continue }
        if ($p.Contains('$ref')) { $p = Resolve-Ref $Document $p['$ref'] }
        if ($p['in'] -ne 'path' -or -not $values.ContainsKey($p['name'])) { continue }
        $v = $values[$p['name']]
        $typed = if ($p['schema']['type'] -eq 'integer') { if ($v -match '^-?\d+$') { [long]$v } else { $v } } else { $v }
        Test-Schema $Document $p['schema'] $typed "path {$($p['name'])}" $errors
    }
    $schema = if ($op['requestBody']) { $op['requestBody']['content']['application/json']['schema'] }
    if ($schema -and -not [string]::IsNullOrEmpty($Body)) {
        $value = ConvertFrom-Json -InputObject $Body -AsHashtable -DateKind String -NoEnumerate
        Test-Schema $Document $schema $value 'body' $errors
    }
    elseif ($schema -and @($op['requestBody']['required']) -contains $true) { $errors.Add("$Method $match needs a body") }
    $errors.ToArray()
}

Export-ModuleMember -Function Find-CioOpenApiFile, Get-CioOpenApiDocument, Test-CioOpenApiRequest
