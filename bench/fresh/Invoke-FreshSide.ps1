# One side of the fresh-process benchmark, run as the only work of a new pwsh process
# (bench/5-FreshProcess.ps1, bench/fresh/Trace-FreshProcess.ps1). Prints one JSON line: checkpoints since
# the process started, the JIT's and the GC's counters at each, and the process's peak resident set.
#   plain          Import-Csv | Out-Null
#   customer       Import-Csv | Set-CioCustomer
#   event          Import-Csv | Send-CioEvent -Name signup
#   file-customer  Import-CioCustomer -Path   (the file path, when the module has it)
#   file-event     Import-CioEvent -Path -Name signup
#   connect        Import-Module and Connect-CioTrack only
#   first-request  connect, then one Set-CioCustomer (the first request's cost on its own)
# With -RestCsvPath the pipeline sides run twice, on -CsvPath (the first rows) and then on -RestCsvPath,
# with a checkpoint 'first' between them: the first rows' cost apart from the rest's.
param(
    [Parameter(Mandatory)][ValidateSet('plain', 'customer', 'event', 'file-customer', 'file-event', 'connect', 'first-request')]
    [string] $Side,
    [Parameter(Mandatory)][string] $CsvPath,
    [string] $RestCsvPath,
    [Parameter(Mandatory)][string] $ModulePath,
    [string] $Url, [string] $SiteId, [string] $ApiKey
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$started = [Diagnostics.Process]::GetCurrentProcess().StartTime
$marks = [System.Collections.Generic.List[object]]::new()
function Add-Mark([string] $Name) {
    $p = [Diagnostics.Process]::GetCurrentProcess()
    $marks.Add([ordered]@{
            name        = $Name
            ms          = [math]::Round(([datetime]::Now - $started).TotalMilliseconds, 1)
            cpu_ms      = [math]::Round($p.TotalProcessorTime.TotalMilliseconds)
            jit_methods = [System.Runtime.JitInfo]::GetCompiledMethodCount($false)
            jit_ms      = [math]::Round([System.Runtime.JitInfo]::GetCompilationTime($false).TotalMilliseconds, 1)
            gc0         = [GC]::CollectionCount(0)
            gc2         = [GC]::CollectionCount(2)
            gc_pause_ms = [math]::Round([GC]::GetTotalPauseDuration().TotalMilliseconds, 1)
        })
}
Add-Mark 'script'
if ($Side -ne 'plain') {
    Import-Module $ModulePath
    Add-Mark 'import'
    Connect-CioTrack -BaseUri $Url -SiteId $SiteId -ApiKey (ConvertTo-SecureString $ApiKey -AsPlainText -Force)
    Add-Mark 'connect'
}
function Invoke-Side([string] $Path) {
    switch ($Side) {
        'plain' { Import-Csv -LiteralPath $Path | Out-Null }
        'customer' { Import-Csv -LiteralPath $Path | Set-CioCustomer }
        'event' { Import-Csv -LiteralPath $Path | Send-CioEvent -Name signup }
        'file-customer' { Import-CioCustomer -LiteralPath $Path }
        'file-event' { Import-CioEvent -LiteralPath $Path -Name signup }
        'connect' { }
        'first-request' { Set-CioCustomer -Id 'first-request' -Email 'first@example.com' }
    }
}
Invoke-Side $CsvPath
if ($RestCsvPath) {
    Add-Mark 'first'
    Invoke-Side $RestCsvPath
}
Add-Mark 'done'
$peakKb = [long]((Get-Content /proc/self/status -ErrorAction Ignore | Where-Object { $_ -like 'VmHWM:*' }) -replace '\D', '')
$run = if ($Side -ne 'plain') { (Get-CioTrackConnection).LastRun }
[ordered]@{
    side     = $Side
    marks    = $marks
    peak_kb  = $peakKb
    requests = $(if ($run) { $run.Requests } else { 0 })
    failed   = $(if ($run) { $run.Failed } else { 0 })
} | ConvertTo-Json -Compress -Depth 4
