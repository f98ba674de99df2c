# Runbooks: every ```powershell block under the 'Runbooks' heading of README.md and of
# docs/about_CustomerIo_Track.md runs, unchanged, against the emulator, and the emulator must have
# received what the block sends, with the credentials the block got from its secret store.
#
# Each block runs in a fresh runspace with the module imported (as a runbook host would) and in place:
#   - the current directory: a temporary copy of tests/data/examples/*.csv, plus exports/part-1..4.csv
#     (25 people each, ids exp-<part>-<n>);
#   - the emulator reset, and cust-1..cust-5 of people.csv identified (not through the module);
#   - $PSDefaultParameterValues['Connect-CioTrack:BaseUri'] pointing at the emulator: the one thing a real
#     runbook would not have;
#   - stand-ins for Get-AutomationPSCredential, Connect-AzAccount, Get-AzKeyVaultSecret and Get-Secret that
#     answer with the emulator's Site ID and key (as PSCredential / SecureString, as the real ones do) and
#     write down how they were called.
# Not in place: a connection, CIO_SITE_ID / CIO_TRACK_API_KEY, and a $ConfirmPreference other than the
# default. So a record arrives with the emulator's credentials only when the block's own Connect-CioTrack
# took them from a stand-in, and a ConfirmImpact High cmdlet without -Confirm:$false fails as it would in
# a runbook (nobody to answer).

BeforeDiscovery {
    $root = Split-Path -Parent $PSScriptRoot

    # The ```powershell blocks below the heading 'Runbooks', up to the next heading of its level or higher.
    function Get-RunbookBlock([string] $Path) {
        $lines = [IO.File]::ReadAllLines($Path)
        $level = 0
        $inFence = $false
        $isPowerShell = $false
        $start = 0
        $buffer = [System.Collections.Generic.List[string]]::new()
        for ($i = 0; $i -lt $lines.Count; $i++) {
            $line = $lines[$i]
            if ($inFence) {
                if ($line -match '^\s{0,3}```\s*$') {
                    if ($level -and $isPowerShell) { [pscustomobject]@{ Line = $start; Code = $buffer -join "`n" } }
                    $inFence = $false
                    $buffer.Clear()
                }
                else { $buffer.Add($line) }
                continue
            }
            if ($line -match '^\s{0,3}```\s*(?<info>\S*)') {
                $inFence = $true
                $isPowerShell = $Matches.info -eq 'powershell'
                $start = $i + 1
                continue
            }
            if ($line -match '^(?<h>#{1,6})\s+(?<t>.*?)\s*$') {
                if ($Matches.t -eq 'Runbooks') { $level = $Matches.h.Length }
                elseif ($level -and $Matches.h.Length -le $level) { $level = 0 }
            }
        }
    }

    $script:Docs = @('README.md', 'docs/about_CustomerIo_Track.md')
    $script:RunbookCases = @(foreach ($doc in $script:Docs) {
            $n = 0
            foreach ($b in @(Get-RunbookBlock (Join-Path $root $doc))) {
                $n++
                @{ Doc = $doc; Title = "block $n (line $($b.Line))"; Code = $b.Code }
            }
        })
    # Discovery's variables are gone when the tests run: what the tests need travels in their cases.
    $script:DocCases = @(foreach ($doc in $script:Docs) {
            @{ Doc = $doc; Code = @($script:RunbookCases | Where-Object { $_.Doc -eq $doc } | ForEach-Object { $_.Code }) -join "`n" }
        })
    $script:ConfirmCases = @($script:RunbookCases | Where-Object { $_.Doc -like 'docs/*' -and $_.Code -match 'Merge-CioCustomer' } |
            Select-Object -First 1)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot TestHelpers.psm1) -Force
    $script:Root = Get-CioRepoRoot
    $script:ModuleManifestPath = Join-Path $script:Root 'out/CustomerIo.Track/CustomerIo.Track.psd1'
    if (-not (Test-Path -LiteralPath $script:ModuleManifestPath)) { throw "The built module is missing: $script:ModuleManifestPath. Run 'dotnet pwsh ./build.ps1 build' first." }
    $script:Fixtures = Join-Path $PSScriptRoot 'data/examples'

    # The Site ID the examples name; a key only the stand-ins know.
    $script:Emu = Start-CioEmulator -SiteId 'a1b2c3d4e5f6a7b8c9d0' -ApiKey 'runbook-key-from-the-vault'
    $script:ExpectedAuth = Get-CioEmulatorBasicAuth $script:Emu

    # No credentials in the environment: the blocks must get theirs from the stand-ins.
    $script:SavedEnv = @{ CIO_SITE_ID = $env:CIO_SITE_ID; CIO_TRACK_API_KEY = $env:CIO_TRACK_API_KEY; PSModulePath = $env:PSModulePath }
    $env:CIO_SITE_ID = $null
    $env:CIO_TRACK_API_KEY = $null
    # The built module on the module path, as Automation's imported modules are: -Parallel and thread-job
    # runspaces load it from there by themselves.
    $env:PSModulePath = (Join-Path $script:Root 'out') + [IO.Path]::PathSeparator + $env:PSModulePath

    $script:Iss = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault()
    $script:Iss.ImportPSModule([string[]] @($script:ModuleManifestPath))

    $script:Setup = @'
param([string] $Folder, [string] $Url, [string] $SiteId, [string] $ApiKey)
Set-Location -LiteralPath $Folder
$global:ProgressPreference = 'SilentlyContinue'
$global:PSDefaultParameterValues['Connect-CioTrack:BaseUri'] = $Url
$key = [System.Security.SecureString]::new()
foreach ($c in $ApiKey.ToCharArray()) { $key.AppendChar($c) }
$key.MakeReadOnly()
$global:__CioSiteId = $SiteId
$global:__CioKey = $key
$global:__CioStubCalls = [System.Collections.Generic.List[string]]::new()
$global:__CioAzConnected = $false
# Azure Automation: a credential asset, as a PSCredential.
function global:Get-AutomationPSCredential {
    param([Parameter(Mandatory)] [string] $Name)
    $global:__CioStubCalls.Add("Get-AutomationPSCredential -Name $Name")
    [pscredential]::new($global:__CioSiteId, $global:__CioKey.Copy())
}
# Az.Accounts: sign-in with the managed identity.
function global:Connect-AzAccount {
    param([switch] $Identity)
    $global:__CioStubCalls.Add("Connect-AzAccount -Identity:$Identity")
    $global:__CioAzConnected = $true
    [pscustomobject]@{ Context = [pscustomobject]@{ Account = 'managed-identity' } }
}
# Az.KeyVault: a secret whose SecretValue is a SecureString; only after Connect-AzAccount.
function global:Get-AzKeyVaultSecret {
    param([Parameter(Mandatory)] [string] $VaultName, [Parameter(Mandatory)] [string] $Name)
    if (-not $global:__CioAzConnected) { throw 'Run Connect-AzAccount to login.' }
    $global:__CioStubCalls.Add("Get-AzKeyVaultSecret -VaultName $VaultName -Name $Name")
    [pscustomobject]@{ VaultName = $VaultName; Name = $Name; SecretValue = $global:__CioKey.Copy() }
}
# Microsoft.PowerShell.SecretManagement: a SecureString secret comes back as a SecureString.
function global:Get-Secret {
    param([Parameter(Mandatory, Position = 0)] [string] $Name, [string] $Vault)
    $global:__CioStubCalls.Add("Get-Secret -Name $Name")
    $global:__CioKey.Copy()
}
$global:Error.Clear()
'@

    # Resets the emulator and identifies cust-1..cust-5 from people.csv (one v2 batch, not through the module);
    # returns the seq of the last request so far: what the block sends comes after it.
    function script:Initialize-Emulator {
        Reset-CioEmulator $script:Emu
        $items = foreach ($row in Import-Csv -LiteralPath (Join-Path $script:Fixtures 'people.csv')) {
            @{ type = 'person'; action = 'identify'; identifiers = @{ id = $row.id }; attributes = @{ email = $row.email; plan = $row.plan } }
        }
        $body = @{ batch = @($items) } | ConvertTo-Json -Depth 10 -Compress
        $r = Invoke-WebRequest -Uri "$($script:Emu.Url)/api/v2/batch" -Method Post -Body $body -ContentType 'application/json' -Headers @{ Authorization = $script:ExpectedAuth } -SkipHttpErrorCheck
        if ($r.StatusCode -ne 200) { throw "Identifying the example people failed: $($r.StatusCode) $($r.Content)" }
        ((Get-CioEmulatorRequests $script:Emu) | Select-Object -Last 1).seq
    }

    # The folder a block runs in: the example CSVs and exports/part-1..4.csv.
    function script:New-RunbookFolder {
        $folder = Join-Path ([IO.Path]::GetTempPath()) ("cio-runbook-" + [guid]::NewGuid().ToString('N').Substring(0, 10))
        $null = New-Item -ItemType Directory -Path (Join-Path $folder 'exports')
        Copy-Item -Path (Join-Path $script:Fixtures '*.csv') -Destination $folder
        foreach ($part in 1..4) {
            @(foreach ($n in 1..25) { [pscustomobject]@{ id = "exp-$part-$n"; email = "exp-$part-$n@example.com"; plan = 'basic' } }) |
                Export-Csv -LiteralPath (Join-Path $folder "exports/part-$part.csv") -NoTypeInformation
        }
        $folder
    }
    $script:ExportIds = @(foreach ($part in 1..4) { foreach ($n in 1..25) { "exp-$part-$n" } })

    # Runs a block in a fresh runspace; returns its problems (errors, $Error) and the stand-ins' calls.
    function script:Invoke-Runbook([string] $Code, [int] $TimeoutSec = 120) {
        $folder = New-RunbookFolder
        $problems = [System.Collections.Generic.List[string]]::new()
        $calls = @()
        $rs = [runspacefactory]::CreateRunspace($script:Iss)
        $ps = $null
        try {
            $rs.Open()
            $ps = [powershell]::Create()
            $ps.Runspace = $rs
            $null = $ps.AddScript($script:Setup).AddParameters(@{ Folder = $folder; Url = $script:Emu.Url; SiteId = $script:Emu.SiteId; ApiKey = $script:Emu.ApiKey })
            $null = $ps.Invoke()
            if ($ps.HadErrors -or $ps.Streams.Error.Count) { throw "The runbook setup failed: $($ps.Streams.Error -join '; ')" }
            $ps.Commands.Clear()
            $ps.Streams.ClearStreams()

            $null = $ps.AddScript($Code).AddCommand('Out-String')
            $async = $ps.BeginInvoke()
            if (-not $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds($TimeoutSec))) {
                $ps.Stop()
                $problems.Add("did not finish within $TimeoutSec s (waiting for input, or hung)")
            }
            else {
                try { $null = $ps.EndInvoke($async) }
                catch { $problems.Add("terminating error: $($_.Exception.InnerException.Message ?? $_.Exception.Message)") }
            }
            foreach ($err in $ps.Streams.Error) { $problems.Add("error: $err") }
            foreach ($err in @($rs.SessionStateProxy.GetVariable('Error'))) {
                if (-not ($problems | Where-Object { $_.EndsWith(": $err") })) { $problems.Add("`$Error: $err") }
            }
            $calls = @($rs.SessionStateProxy.GetVariable('__CioStubCalls'))
        }
        finally {
            if ($ps) { $ps.Dispose() }
            $rs.Dispose()
            Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction Ignore
        }
        [pscustomobject]@{ Problems = $problems.ToArray(); Calls = $calls }
    }

    # What the emulator received after seq $Since: its API requests, and one entry per record (a v1 path
    # or an item of a v2 batch) with the action and the Authorization header it came with.
    function script:Get-Received([long] $Since) {
        $requests = @((Get-CioEmulatorRequests $script:Emu -Since $Since) | Where-Object { $_.path -like '/api/*' })
        $records = @(foreach ($r in $requests) {
                if ($r.path -like '/api/v1/customers/*') {
                    [pscustomobject]@{ Id = [uri]::UnescapeDataString($r.path.Split('/')[4]); Action = "$($r.method) v1"; Auth = $r.headers.authorization }
                }
                elseif ($r.path -eq '/api/v1/merge_customers') {
                    $m = $r.body | ConvertFrom-Json
                    [pscustomobject]@{ Id = "$($m.primary.id)<-$($m.secondary.email)"; Action = 'merge'; Auth = $r.headers.authorization }
                }
                elseif ($r.path -eq '/api/v2/batch') {
                    foreach ($item in ($r.body | ConvertFrom-Json).batch) {
                        $id = if ($item.action -eq 'merge') { "$($item.primary.id)<-$($item.secondary.email)" } else { $item.identifiers.id }
                        [pscustomobject]@{ Id = $id; Action = $item.action; Auth = $r.headers.authorization }
                    }
                }
            })
        [pscustomobject]@{ Requests = $requests; Records = $records }
    }

    # The ids a block identified (v1 PUT or v2 identify).
    function script:Get-IdentifiedIds($Received) {
        @($Received.Records | Where-Object { $_.Action -in 'PUT v1', 'identify' } | ForEach-Object Id | Sort-Object)
    }
}

AfterAll {
    Stop-CioEmulator $script:Emu
    $env:CIO_SITE_ID = $script:SavedEnv.CIO_SITE_ID
    $env:CIO_TRACK_API_KEY = $script:SavedEnv.CIO_TRACK_API_KEY
    $env:PSModulePath = $script:SavedEnv.PSModulePath
}

Describe 'The Runbooks sections' {
    It '<Doc> has a Runbooks section with runbooks for Azure Automation, Key Vault, SecretManagement, confirmations and parallel runspaces' -ForEach $script:DocCases {
        $code = $Code
        $code | Should -Not -BeNullOrEmpty -Because "$Doc needs a '## Runbooks' (or '### Runbooks') section with powershell blocks"
        foreach ($needed in 'Get-AutomationPSCredential', 'Connect-AzAccount -Identity', 'Get-AzKeyVaultSecret', 'Get-Secret ', '-Confirm:$false', 'ForEach-Object -ThrottleLimit 4 -Parallel', '$using:c', '-PassThru') {
            $code | Should -BeLike "*$needed*" -Because "$Doc's runbooks show $needed"
        }
    }

    It 'docs/about_CustomerIo_Track.md also shows Start-ThreadJob with the connection as an argument, and progress switched off' -ForEach @($script:DocCases | Where-Object { $_.Doc -like 'docs/*' }) {
        $code = $Code
        $code | Should -Match 'Start-ThreadJob .*-ArgumentList [^\n]*\$c\b'
        $code | Should -BeLike "*`$ProgressPreference = 'SilentlyContinue'*"
    }
}

Describe 'Every runbook runs against the emulator' {
    It '<Doc> <Title>' -ForEach $script:RunbookCases {
        $since = Initialize-Emulator
        $run = Invoke-Runbook $Code
        $run.Problems | Should -BeNullOrEmpty -Because "the runbook must run clean:`n$Code"
        $received = Get-Received $since
        $checked = 0

        # Whatever it sends, it sends with the credentials it got from the secret store's stand-in.
        $received.Records | Should -Not -BeNullOrEmpty -Because 'a runbook sends records'
        foreach ($r in $received.Requests) {
            $r.headers.authorization | Should -Be $script:ExpectedAuth -Because "$($r.method) $($r.path) carries the Site ID and key from the secret store"
        }
        if ($Code -match 'Get-AutomationPSCredential') { $run.Calls | Should -Contain 'Get-AutomationPSCredential -Name CustomerIo' }
        if ($Code -match 'Connect-AzAccount') { $run.Calls | Should -Contain 'Connect-AzAccount -Identity:True' }
        if ($Code -match 'Get-AzKeyVaultSecret') { $run.Calls | Should -Contain 'Get-AzKeyVaultSecret -VaultName cio-vault -Name cio-track-api-key' }
        if ($Code -match 'Get-Secret ') { $run.Calls | Should -Contain 'Get-Secret -Name CioTrackApiKey' }
        @($run.Calls).Count | Should -BeGreaterThan 0 -Because 'every runbook takes its credentials from a secret store'

        # What it sends.
        if ($Code -match 'Import-Csv people\.csv \| Set-CioCustomer') {
            Get-IdentifiedIds $received | Should -Be @('cust-1', 'cust-2', 'cust-3', 'cust-4', 'cust-5')
            (Get-CioEmulatorPerson $script:Emu 'cust-1').attributes.first_name | Should -Be 'Ada' -Because 'the CSV''s columns became attributes'
            $checked++
        }
        if ($Code -match 'exports') {
            Get-IdentifiedIds $received | Should -Be @($script:ExportIds | Sort-Object) -Because 'every row of every file in exports/ arrived exactly once'
            $checked++
        }
        if ($Code -match 'Merge-CioCustomer') {
            @($received.Records | Where-Object Action -EQ 'merge' | ForEach-Object Id | Sort-Object) | Should -Be @('cust-1<-cust-4@example.com', 'cust-2<-cust-5@example.com')
            Get-CioEmulatorPerson $script:Emu 'cust-4' | Should -BeNullOrEmpty -Because 'the merged secondary person is gone'
            $checked++
        }
        if ($Code -match "'cust-3' \| Remove-CioCustomer") {
            Get-CioEmulatorPerson $script:Emu 'cust-3' | Should -BeNullOrEmpty -Because 'Remove-CioCustomer deleted cust-3'
            Get-CioEmulatorPerson $script:Emu 'cust-1' | Should -Not -BeNullOrEmpty
            $checked++
        }
        $checked | Should -BeGreaterThan 0 -Because 'tests/Runbooks.Tests.ps1 must know what this runbook sends: add a check for it'
    }
}

Describe 'ConfirmImpact High in a runbook' {
    It 'without -Confirm:$false, the about topic''s confirmation runbook fails and deletes nothing: nobody can answer' -ForEach $script:ConfirmCases {
        $Code | Should -BeLike '*-Confirm:$false*'
        $since = Initialize-Emulator
        $run = Invoke-Runbook ($Code.Replace(' -Confirm:$false', ''))
        $run.Problems | Should -Not -BeNullOrEmpty -Because 'a High-impact cmdlet asks, and a runbook host cannot answer'
        ($run.Problems -join "`n") | Should -BeLike '*prompts the user failed because the host*does not support user interaction*'
        foreach ($id in 'cust-3', 'cust-4', 'cust-5') { Get-CioEmulatorPerson $script:Emu $id | Should -Not -BeNullOrEmpty -Because "$id was not deleted" }
        (Get-Received $since).Records | Should -BeNullOrEmpty -Because 'no record was sent'
    }
}
