<#
.SYNOPSIS
The demo of 'build.ps1 demo': a CSV of people into the local emulator, and what it then holds.

.DESCRIPTION
Runs in a child pwsh (started by build.ps1), so the module is loaded only here. Starts the built
emulator on a free loopback port, imports the built module, connects, pipes the CSV into
Set-CioCustomer -PassThru, summarises the results, reads GET /_emulator/state and prints what the
emulator holds: the number of people, the first ten with their attributes, and the JSON type of
every attribute. The emulator is stopped in every case.
#>
[CmdletBinding()]
param([Parameter(Mandatory)] [string] $CsvPath)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$root = Split-Path -Parent $PSScriptRoot
Import-Module (Join-Path $root 'tests/TestHelpers.psm1') -Force

function Show-Command([string] $Text) { Write-Host "PS> $Text" -ForegroundColor Cyan }

function Get-JsonTypeName($Value) {
    if ($null -eq $Value) { return 'null' }
    switch ($Value.GetType().FullName) {
        'System.String' { 'string' }
        'System.Boolean' { 'boolean' }
        { $_ -in 'System.Int32', 'System.Int64', 'System.Double', 'System.Decimal', 'System.Numerics.BigInteger' } { 'number' }
        'System.Management.Automation.PSCustomObject' { 'object' }
        default { if ($Value -is [System.Collections.IList]) { 'array' } else { $Value.GetType().Name } }
    }
}

Write-Host "Starting the emulator (out/emulator) on a free loopback port..."
$emu = Start-CioEmulator
$url = $emu.Url
Write-Host "  $($emu.Banner)"
try {
    $module = Import-CioModuleUnderTest -PassThru
    Write-Host "Imported $($module.Name) $($module.Version) from out/$($module.Name)"

    Show-Command "Connect-CioTrack -BaseUri $url -SiteId emulator-site -ApiKey (ConvertTo-SecureString emulator-key -AsPlainText -Force)"
    $connection = Connect-CioTrack -BaseUri $url -SiteId $emu.SiteId -ApiKey (ConvertTo-SecureString $emu.ApiKey -AsPlainText -Force) -PassThru
    if ($connection) { $connection | Format-List | Out-Host }

    $csvName = [IO.Path]::GetFileName($CsvPath)
    Show-Command "Import-Csv $csvName | Set-CioCustomer -PassThru"
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $rows = @(Import-Csv -LiteralPath $CsvPath)
    $results = @($rows | Set-CioCustomer -PassThru -ErrorVariable sendErrors -ErrorAction SilentlyContinue)
    $sw.Stop()

    $ok = @($results | Where-Object { $_.PSObject.Properties['Succeeded'] -and $_.Succeeded }).Count
    $failed = $results.Count - $ok
    Write-Host ("{0} rows read, {1} results: {2} succeeded, {3} failed, in {4:n2} s ({5:n0} rows/s)" -f
        $rows.Count, $results.Count, $ok, $failed, $sw.Elapsed.TotalSeconds, ($rows.Count / [math]::Max($sw.Elapsed.TotalSeconds, 0.001)))
    if ($results.Count -and $results[0].PSObject.Properties['Request']) {
        $results | Group-Object { $_.Request -replace '/customers/.*$', '/customers/{id}' } |
            Sort-Object Count -Descending | Select-Object Count, @{ n = 'Request'; e = { $_.Name } } | Format-Table -AutoSize | Out-Host
    }
    if ($sendErrors.Count) {
        Write-Host "$($sendErrors.Count) error(s); the first ones:" -ForegroundColor Yellow
        $sendErrors | Select-Object -First 3 | ForEach-Object { Write-Host "  $_" -ForegroundColor Yellow }
    }

    Show-Command "Invoke-RestMethod $url/_emulator/state"
    $state = Get-CioEmulatorState $emu
    $people = @($state.people)
    Write-Host "The emulator holds $($people.Count) people."
    # The first ten, one column per attribute (email is an attribute too, shown once).
    $first = @($people | Select-Object -First 10)
    $names = [System.Collections.Generic.List[string]]::new()
    foreach ($p in $first) {
        if ($p.attributes) { foreach ($prop in $p.attributes.PSObject.Properties) { if (-not $names.Contains($prop.Name)) { $names.Add($prop.Name) } } }
    }
    $first | ForEach-Object {
        $row = [ordered]@{ id = $_.id }
        if (-not $names.Contains('email')) { $row.email = $_.email }
        foreach ($n in $names) { $row[$n] = if ($_.attributes -and $_.attributes.PSObject.Properties[$n]) { $_.attributes.$n } else { $null } }
        [pscustomobject]$row
    } | Format-Table -AutoSize | Out-String -Width 200 | Out-Host

    Write-Host 'Attribute types (JSON, over all people):'
    $types = [ordered]@{}
    foreach ($p in $people) {
        if (-not $p.attributes) { continue }
        foreach ($prop in $p.attributes.PSObject.Properties) {
            if (-not $types.Contains($prop.Name)) { $types[$prop.Name] = [System.Collections.Generic.SortedSet[string]]::new() }
            $null = $types[$prop.Name].Add((Get-JsonTypeName $prop.Value))
        }
    }
    $types.Keys | ForEach-Object { [pscustomobject]@{ Attribute = $_; Type = ($types[$_] -join ', ') } } | Format-Table -AutoSize | Out-Host

    if ($people.Count -ne $rows.Count -or $failed -gt 0) {
        Write-Host "The emulator holds $($people.Count) people for $($rows.Count) rows." -ForegroundColor Yellow
        exit 1
    }
    Write-Host "Demo done: $($rows.Count) rows from $csvName are people in the emulator."
}
finally {
    if (Get-Command Disconnect-CioTrack -ErrorAction Ignore) { Disconnect-CioTrack -ErrorAction Ignore }
    Stop-CioEmulator $emu
    Write-Host 'Emulator stopped.'
}
