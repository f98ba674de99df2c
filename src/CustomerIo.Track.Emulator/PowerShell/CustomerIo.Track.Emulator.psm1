<#
CustomerIo.Track.Emulator: PowerShell commands for the Track API emulator that sits beside this file
(out/emulator after a build), for rehearsing runbooks against it and for the module's own tests.

    Import-Module ./out/emulator/CustomerIo.Track.Emulator.psd1
    $emu = Start-CioEmulator [-LatencyMs 50] [-RateLimit 100] [-Region eu] [-SiteId s] [-ApiKey k] [-ArgumentList ...]
    Connect-CioEmulator $emu [-PassThru] [-Extra @{ TimeoutSec = 5 }]   # Connect-CioTrack against it
    Reset-CioEmulator $emu; Get-CioEmulatorState $emu; Get-CioEmulatorPerson $emu 'id'
    Get-CioEmulatorRequests $emu [-Since seq]; Get-CioEmulatorStats $emu
    Set-CioEmulatorConfig $emu -LatencyMs 50 -RateLimit 100 -PeopleIdentifiedBy IdOnly; Add-CioEmulatorFault $emu @{ ... }
    Stop-CioEmulator $emu

The emulator starts on a free loopback port; its first stdout line gives its URL, Site ID and API
key. Its output goes to a log file in $env:CIO_EMULATOR_LOG_FOLDER (default: a folder in the temp
directory; stderr in .err, removed when empty) so a busy emulator never blocks on a full pipe.
#>
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$script:EmulatorDll = Join-Path $PSScriptRoot 'CustomerIo.Track.Emulator.dll'
$script:LogFolder = if ($env:CIO_EMULATOR_LOG_FOLDER) { $env:CIO_EMULATOR_LOG_FOLDER } else { Join-Path ([IO.Path]::GetTempPath()) 'CustomerIo.Track.Emulator-logs' }
# Processes started here are also listed in an AppDomain slot that survives re-imports of this
# module, so a test runner can stop leftovers.
$script:ProcessSlot = 'CioTrack.EmulatorProcesses'

function Get-CioDotnetPath {
    $candidates = @()
    if ($env:DOTNET_HOST_PATH) { $candidates += $env:DOTNET_HOST_PATH }
    $processPath = [Environment]::ProcessPath
    if ($processPath -and [IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') { $candidates += $processPath }
    foreach ($c in $candidates) { if ($c -and (Test-Path -LiteralPath $c)) { return $c } }
    $cmd = Get-Command -Name dotnet -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($cmd) { return $cmd.Source }
    throw 'dotnet was not found (neither DOTNET_HOST_PATH, the current process nor PATH).'
}

function Start-CioEmulator {
    <#
    .SYNOPSIS
    Starts the built emulator on a free loopback port and returns Url, SiteId, ApiKey,
    ApiKeySecure (SecureString), Process and LogPath.
    #>
    [CmdletBinding()]
    param(
        [int] $LatencyMs,
        [int] $RateLimit,
        [ValidateSet('us', 'eu')] [string] $Region,
        [string] $SiteId,
        [string] $ApiKey,
        # Further emulator arguments, passed as they are (e.g. '--some-flag', 'value').
        [string[]] $ArgumentList,
        [int] $TimeoutSec = 15
    )
    if (-not (Test-Path -LiteralPath $script:EmulatorDll)) {
        throw "The emulator is missing: $script:EmulatorDll. Run 'dotnet pwsh ./build.ps1 build' first (it writes out/emulator)."
    }
    $null = New-Item -ItemType Directory -Force -Path $script:LogFolder

    $psi = [System.Diagnostics.ProcessStartInfo]::new((Get-CioDotnetPath))
    foreach ($a in @($script:EmulatorDll, '--port', '0')) { $psi.ArgumentList.Add($a) }
    if ($PSBoundParameters.ContainsKey('LatencyMs')) { $psi.ArgumentList.Add('--latency-ms'); $psi.ArgumentList.Add([string]$LatencyMs) }
    if ($PSBoundParameters.ContainsKey('RateLimit')) { $psi.ArgumentList.Add('--rate-limit'); $psi.ArgumentList.Add([string]$RateLimit) }
    if ($Region) { $psi.ArgumentList.Add('--region'); $psi.ArgumentList.Add($Region.ToLowerInvariant()) }
    if ($SiteId) { $psi.ArgumentList.Add('--site-id'); $psi.ArgumentList.Add($SiteId) }
    if ($ApiKey) { $psi.ArgumentList.Add('--api-key'); $psi.ArgumentList.Add($ApiKey) }
    foreach ($a in @($ArgumentList | Where-Object { $null -ne $_ })) { $psi.ArgumentList.Add($a) }
    $psi.UseShellExecute = $false
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.RedirectStandardInput = $true
    $psi.WorkingDirectory = Split-Path -Parent $script:EmulatorDll
    # Keep the emulator's own console quiet and un-coloured; it must not inherit test settings.
    $psi.Environment['DOTNET_NOLOGO'] = '1'
    $psi.Environment['NO_COLOR'] = '1'
    $psi.Environment.Remove('ASPNETCORE_URLS') | Out-Null
    $psi.Environment.Remove('DOTNET_URLS') | Out-Null

    $process = [System.Diagnostics.Process]::Start($psi)
    $list = [AppDomain]::CurrentDomain.GetData($script:ProcessSlot)
    if ($null -eq $list) {
        $list = [System.Collections.Generic.List[System.Diagnostics.Process]]::new()
        [AppDomain]::CurrentDomain.SetData($script:ProcessSlot, $list)
    }
    $list.Add($process)

    $logPath = Join-Path $script:LogFolder "emulator-$($process.Id).log"
    $log = [System.IO.FileStream]::new($logPath, [System.IO.FileMode]::Create, [System.IO.FileAccess]::Write, [System.IO.FileShare]::ReadWrite)
    $errLog = [System.IO.FileStream]::new("$logPath.err", [System.IO.FileMode]::Create, [System.IO.FileAccess]::Write, [System.IO.FileShare]::ReadWrite)
    # stderr is drained from the start; stdout after its first line.
    $errCopy = $process.StandardError.BaseStream.CopyToAsync($errLog)

    # The banner should be the first line; lines before it (if any) are kept for the log and the error.
    $firstLine = $null
    $match = $null
    $early = [System.Collections.Generic.List[string]]::new()
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    $timedOut = $false
    while ($true) {
        $left = $deadline - [DateTime]::UtcNow
        if ($left -le [TimeSpan]::Zero) { $timedOut = $true; break }
        $read = $process.StandardOutput.ReadLineAsync()
        $ok = $false
        try { $ok = $read.Wait($left) } catch { $ok = $false }
        if (-not $ok) { $timedOut = $true; break }
        $line = $read.Result
        if ($null -eq $line) { break } # stdout closed: the process is gone
        $m = [regex]::Match($line, 'listening on (?<url>https?://\S+)(?:.*?site-id=(?<site>\S+))?(?:.*?api-key=(?<key>\S+))?')
        if ($m.Success) { $firstLine = $line; $match = $m; break }
        $early.Add($line)
        if ($early.Count -ge 50) { break }
    }

    if (-not $match -or -not $match.Success) {
        $exited = $process.HasExited
        try { if (-not $exited) { $process.Kill($true) } } catch { }
        $null = $process.WaitForExit(5000)
        try { $null = $errCopy.Wait(2000) } catch { }
        $log.Dispose(); $errLog.Dispose()
        $stderr = (Get-Content -LiteralPath "$logPath.err" -Raw -ErrorAction Ignore)
        $why = if ($exited) { "it exited with code $($process.ExitCode)" }
               elseif ($timedOut) { "no 'listening on http://...' line within $TimeoutSec s" }
               else { 'its output had no listening line' }
        throw "The emulator did not start ($why). Command: dotnet $($psi.ArgumentList -join ' ')`nstdout: $($early -join "`n")`nstderr: $stderr"
    }
    $bytes = [System.Text.Encoding]::UTF8.GetBytes((@($early) + $firstLine -join [Environment]::NewLine) + [Environment]::NewLine)
    $log.Write($bytes, 0, $bytes.Length); $log.Flush()
    $outCopy = $process.StandardOutput.BaseStream.CopyToAsync($log)

    $url = $match.Groups['url'].Value.TrimEnd('/')
    $site = if ($match.Groups['site'].Success) { $match.Groups['site'].Value } elseif ($SiteId) { $SiteId } else { 'emulator-site' }
    $key = if ($match.Groups['key'].Success) { $match.Groups['key'].Value } elseif ($ApiKey) { $ApiKey } else { 'emulator-key' }
    $secure = [System.Security.SecureString]::new()
    foreach ($ch in $key.ToCharArray()) { $secure.AppendChar($ch) }
    $secure.MakeReadOnly()

    [pscustomobject]@{
        PSTypeName   = 'CioTrack.TestEmulator'
        Url          = $url
        SiteId       = $site
        ApiKey       = $key
        ApiKeySecure = $secure
        Credential   = [pscredential]::new($site, $secure)
        Process      = $process
        LogPath      = $logPath
        Banner       = $firstLine
        Streams      = @($log, $errLog, $outCopy, $errCopy)
    }
}

function Stop-CioEmulator {
    <#
    .SYNOPSIS
    Stops an emulator started by Start-CioEmulator (its whole process tree). Safe to call twice or with $null.
    #>
    [CmdletBinding()]
    param([Parameter(Position = 0, ValueFromPipeline)] $Emulator)
    process {
        if ($null -eq $Emulator) { return }
        $p = $Emulator.Process
        try {
            if ($p -and -not $p.HasExited) {
                try { $p.StandardInput.Close() } catch { }
                $p.Kill($true)
            }
            if ($p) { $null = $p.WaitForExit(5000) }
        }
        catch { Write-Warning "Stopping the emulator: $($_.Exception.Message)" }
        foreach ($s in @($Emulator.Streams)) {
            if ($s -is [System.Threading.Tasks.Task]) { try { $null = $s.Wait(2000) } catch { } }
        }
        foreach ($s in @($Emulator.Streams)) {
            if ($s -is [System.IDisposable] -and $s -isnot [System.Threading.Tasks.Task]) { try { $s.Dispose() } catch { } }
        }
        $err = "$($Emulator.LogPath).err"
        if ((Test-Path -LiteralPath $err) -and (Get-Item -LiteralPath $err).Length -eq 0) { Remove-Item -LiteralPath $err -ErrorAction Ignore }
        $list = [AppDomain]::CurrentDomain.GetData($script:ProcessSlot)
        if ($list -and $p) { $null = $list.Remove($p) }
        if ($p) { $p.Dispose() }
    }
}

function Get-CioEmulatorBasicAuth {
    <#
    .SYNOPSIS
    The Authorization header value for the emulator's Site ID and key (or the given pair).
    #>
    param([Parameter(Mandatory, Position = 0)] $Emulator, [string] $SiteId, [string] $ApiKey)
    if (-not $SiteId) { $SiteId = $Emulator.SiteId }
    if (-not $ApiKey) { $ApiKey = $Emulator.ApiKey }
    'Basic ' + [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes("${SiteId}:${ApiKey}"))
}

function Invoke-CioEmulatorApi {
    <#
    .SYNOPSIS
    Calls the emulator's inspection API (/_emulator/...). Returns the parsed JSON body (an array stays one array).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0)] $Emulator,
        [Parameter(Mandatory, Position = 1)] [string] $Path,
        [string] $Method = 'GET',
        $Body
    )
    $params = @{ Uri = $Emulator.Url + $Path; Method = $Method; TimeoutSec = 30; SkipHttpErrorCheck = $true }
    if ($PSBoundParameters.ContainsKey('Body')) {
        $params.Body = if ($Body -is [string]) { $Body } else { $Body | ConvertTo-Json -Depth 20 -Compress }
        $params.ContentType = 'application/json'
    }
    $response = Invoke-WebRequest @params
    if ($response.StatusCode -ge 300) {
        throw "Emulator $Method $Path answered $($response.StatusCode): $($response.Content)"
    }
    if (-not $response.Content) { return }
    , (ConvertFrom-Json -InputObject $response.Content -Depth 100 -NoEnumerate)
}

function Reset-CioEmulator {
    <#
    .SYNOPSIS
    Forgets everything the emulator holds and recorded, faults included (POST /_emulator/reset).
    #>
    param([Parameter(Mandatory, Position = 0)] $Emulator)
    $null = Invoke-CioEmulatorApi $Emulator '/_emulator/reset' -Method POST
}

function Get-CioEmulatorState {
    <#
    .SYNOPSIS
    What the emulator holds now (GET /_emulator/state): people, objects, segments, suppressed, ...
    #>
    param([Parameter(Mandatory, Position = 0)] $Emulator)
    Invoke-CioEmulatorApi $Emulator '/_emulator/state'
}

function Get-CioEmulatorPerson {
    <#
    .SYNOPSIS
    One person as the emulator holds it (GET /_emulator/people/{id}); $null when unknown.
    #>
    param([Parameter(Mandatory, Position = 0)] $Emulator, [Parameter(Mandatory, Position = 1)] [string] $Identifier)
    $r = Invoke-WebRequest -Uri ($Emulator.Url + '/_emulator/people/' + [uri]::EscapeDataString($Identifier)) -SkipHttpErrorCheck -TimeoutSec 30
    if ($r.StatusCode -eq 404) { return $null }
    if ($r.StatusCode -ge 300) { throw "Emulator GET /_emulator/people answered $($r.StatusCode): $($r.Content)" }
    ConvertFrom-Json -InputObject $r.Content -Depth 100
}

function Get-CioEmulatorRequests {
    <#
    .SYNOPSIS
    The requests the emulator recorded, in arrival order, one per pipeline object
    (GET /_emulator/requests[?since=seq]): the one reader of the request log every test uses.
    Wrap a call in @() to count it; an empty log gives nothing.
    #>
    param([Parameter(Mandatory, Position = 0)] $Emulator, [long] $Since = 0)
    $path = '/_emulator/requests'
    if ($Since -gt 0) { $path += "?since=$Since" }
    $r = Invoke-CioEmulatorApi $Emulator $path
    foreach ($request in @($r)) { if ($null -ne $request) { $request } }
}

function Get-CioEmulatorStats {
    <#
    .SYNOPSIS
    Request counts the emulator keeps (GET /_emulator/stats).
    #>
    param([Parameter(Mandatory, Position = 0)] $Emulator)
    Invoke-CioEmulatorApi $Emulator '/_emulator/stats'
}

function Set-CioEmulatorConfig {
    <#
    .SYNOPSIS
    Changes a running emulator (POST /_emulator/config): latency, rate limit, and the workspace's
    identifier setting (EmailOrId, what new workspaces use, or IdOnly); returns the config.
    #>
    param(
        [Parameter(Mandatory, Position = 0)] $Emulator,
        [int] $LatencyMs = -1,
        [int] $RateLimit = -1,
        [ValidateSet('EmailOrId', 'IdOnly')] [string] $PeopleIdentifiedBy
    )
    $body = @{}
    if ($LatencyMs -ge 0) { $body.latency_ms = $LatencyMs }
    if ($RateLimit -ge 0) { $body.rate_limit = $RateLimit }
    if ($PeopleIdentifiedBy) { $body.people_identified_by = if ($PeopleIdentifiedBy -eq 'IdOnly') { 'id_only' } else { 'email_or_id' } }
    Invoke-CioEmulatorApi $Emulator '/_emulator/config' -Method POST -Body $body
}

function Add-CioEmulatorFault {
    <#
    .SYNOPSIS
    Arms a fault in the emulator (POST /_emulator/faults; the body is the hashtable as JSON); returns its id.
    #>
    param([Parameter(Mandatory, Position = 0)] $Emulator, [Parameter(Mandatory, Position = 1)] $Fault)
    Invoke-CioEmulatorApi $Emulator '/_emulator/faults' -Method POST -Body $Fault
}

function Connect-CioEmulator {
    <#
    .SYNOPSIS
    Connect-CioTrack against an emulator: -BaseUri, -SiteId and -ApiKey come from it; any further
    parameters (e.g. -PassThru, -SkipCheck, -RequestsPerSecond 50) and the -Extra hashtable are
    passed through to Connect-CioTrack.
    #>
    # Not an advanced function on purpose: unknown parameters land in $args and @args keeps their names.
    # No [Parameter()] attributes: one would make this an advanced function and lose $args.
    param($Emulator, [hashtable] $Extra = @{})
    if ($null -eq $Emulator) { throw 'Connect-CioEmulator: pass the emulator from Start-CioEmulator.' }
    $splat = @{ BaseUri = $Emulator.Url; SiteId = $Emulator.SiteId; ApiKey = $Emulator.ApiKeySecure }
    foreach ($k in $Extra.Keys) { $splat[$k] = $Extra[$k] }
    Connect-CioTrack @splat @args
}

Export-ModuleMember -Function Start-CioEmulator, Stop-CioEmulator, Get-CioEmulatorBasicAuth, Invoke-CioEmulatorApi, Reset-CioEmulator, Get-CioEmulatorState, Get-CioEmulatorPerson, Get-CioEmulatorRequests, Get-CioEmulatorStats, Set-CioEmulatorConfig, Add-CioEmulatorFault, Connect-CioEmulator
