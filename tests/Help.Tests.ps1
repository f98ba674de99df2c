# Help: the help of every exported cmdlet as Get-Help shows it in a
# fresh process, the markdown in docs/ against Get-Command, the conventions of the EXAMPLES, and every
# example that is code run against the emulator. Run by 'build.ps1 test' against the built module in out/.
#
# Examples run each in a fresh runspace with the module imported and, in place before each one:
#   - the current directory: a temporary copy of tests/data/examples/*.csv (see its README.md);
#   - the emulator reset, and cust-1..cust-5 of people.csv identified;
#   - a connection to the emulator (Connect-CioTrack has run), $PSDefaultParameterValues['Connect-CioTrack:BaseUri']
#     pointing at it, $env:CIO_SITE_ID / $env:CIO_TRACK_API_KEY set, and Read-Host / Get-Credential
#     replaced by functions that answer with the emulator's key / credentials;
#   - $ConfirmPreference = 'None', $ProgressPreference = 'SilentlyContinue'.
# An example passes when it ends without a terminating error, writes no error and leaves $Error empty.

BeforeDiscovery {
    $root = Split-Path -Parent $PSScriptRoot
    $docs = Join-Path $root 'docs'
    $manifest = Import-PowerShellDataFile -LiteralPath (Join-Path $root 'CustomerIo.Track.psd1')

    # The headings and fenced code blocks of a markdown file, in order (headings inside fences do not count).
    function Get-MarkdownPart([string] $Path) {
        $lines = [IO.File]::ReadAllLines($Path)
        $fence = $null
        $info = $null
        $start = 0
        $buffer = [System.Collections.Generic.List[string]]::new()
        for ($i = 0; $i -lt $lines.Count; $i++) {
            $line = $lines[$i]
            if ($fence) {
                if ($line -match '^\s{0,3}(`{3,}|~{3,})\s*$' -and $Matches[1].StartsWith($fence)) {
                    [pscustomobject]@{ Kind = 'Code'; Info = $info; Text = ($buffer -join "`n"); Line = $start }
                    $fence = $null
                    $buffer.Clear()
                }
                else { $buffer.Add($line) }
                continue
            }
            if ($line -match '^\s{0,3}(?<f>`{3,}|~{3,})\s*(?<info>[^`\s]*)') {
                $fence = $Matches.f
                $info = $Matches.info.ToLowerInvariant()
                $start = $i + 1
                continue
            }
            if ($line -match '^(?<h>#{1,6})\s+(?<t>.*?)\s*#*\s*$') {
                [pscustomobject]@{ Kind = 'Heading'; Level = $Matches.h.Length; Text = $Matches.t; Line = $i + 1 }
            }
        }
    }

    # Every exported cmdlet.
    $script:CmdletCases = @($manifest.CmdletsToExport | ForEach-Object { @{ Name = $_ } })

    # The examples of each cmdlet doc (H3 under '## EXAMPLES'), with their code blocks, and the code of the about topics.
    $script:DocCases = [System.Collections.Generic.List[hashtable]]::new()
    $script:ExampleCases = [System.Collections.Generic.List[hashtable]]::new()
    foreach ($file in @(Get-ChildItem -LiteralPath $docs -Filter '*.md' -File | Sort-Object Name)) {
        $parts = @(Get-MarkdownPart $file.FullName)
        $isAbout = $file.BaseName -like 'about_*'
        $isCmdlet = $file.BaseName -in $manifest.CmdletsToExport
        if (-not $isAbout -and -not $isCmdlet) { continue }

        $h2 = $null
        $h3 = $null
        $examples = [System.Collections.Generic.List[object]]::new()
        $blockInSection = 0
        foreach ($p in $parts) {
            if ($p.Kind -eq 'Heading') {
                if ($p.Level -le 2) { $h2 = $p.Text; $h3 = $null; $blockInSection = 0 }
                else { $h3 = $p.Text; $blockInSection = 0 }
                if ($isCmdlet -and $h2 -eq 'EXAMPLES' -and $p.Level -eq 3) {
                    $examples.Add([pscustomobject]@{ Title = $p.Text; Line = $p.Line; Blocks = [System.Collections.Generic.List[object]]::new() })
                }
                continue
            }
            if ($isCmdlet) {
                if ($h2 -eq 'EXAMPLES' -and $examples.Count) { $examples[$examples.Count - 1].Blocks.Add($p) }
                continue
            }
            # about topic: every powershell block is an example, except the Runbooks ones: tests/Runbooks.Tests.ps1
            # runs those, with stand-ins for Get-AutomationPSCredential, Key Vault and Get-Secret.
            if ($p.Info -in 'powershell', 'pwsh', 'ps1' -and $h3 -ne 'Runbooks') {
                $blockInSection++
                $where = (@($h2, $h3) | Where-Object { $_ }) -join ' / '
                $script:ExampleCases.Add(@{
                        Doc = $file.Name; Title = "$where (block $blockInSection, line $($p.Line))"; Code = $p.Text
                    })
            }
        }
        if ($isCmdlet) {
            foreach ($ex in $examples) {
                $code = @($ex.Blocks | Where-Object Info -EQ 'powershell')
                if ($code.Count -ge 1) {
                    $script:ExampleCases.Add(@{ Doc = $file.Name; Title = $ex.Title; Code = $code[0].Text })
                }
            }
            $script:DocCases.Add(@{
                    Doc      = $file.Name
                    Name     = $file.BaseName
                    Examples = @($examples | ForEach-Object {
                            [pscustomobject]@{
                                Title     = $_.Title
                                Line      = $_.Line
                                Infos     = @($_.Blocks | ForEach-Object Info)
                                Code      = (@($_.Blocks | Where-Object Info -EQ 'powershell' | ForEach-Object Text) -join "`n")
                            }
                        })
                })
        }
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot TestHelpers.psm1) -Force
    $script:Root = Get-CioRepoRoot
    $script:Docs = Join-Path $script:Root 'docs'
    $script:ModuleFolder = Join-Path $script:Root 'out/CustomerIo.Track'
    $script:ModuleManifestPath = Join-Path $script:ModuleFolder 'CustomerIo.Track.psd1'
    Import-CioModuleUnderTest

    # How to start a fresh pwsh like this one (as build.ps1's Get-PwshInvocation): pwsh, or 'dotnet pwsh.dll'.
    function script:Get-ChildPwsh {
        $p = [Environment]::ProcessPath
        if ($p -and [IO.Path]::GetFileNameWithoutExtension($p) -eq 'pwsh') { return @{ File = $p; Prefix = @() } }
        $dll = Join-Path $PSHOME 'pwsh.dll'
        if ($p -and [IO.Path]::GetFileNameWithoutExtension($p) -eq 'dotnet' -and (Test-Path -LiteralPath $dll)) { return @{ File = $p; Prefix = @($dll) } }
        $exe = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
        if (Test-Path -LiteralPath $exe) { return @{ File = $exe; Prefix = @() } }
        if (Test-Path -LiteralPath $dll) { return @{ File = (Get-Command dotnet -CommandType Application | Select-Object -First 1).Source; Prefix = @($dll) } }
        throw "Cannot find a pwsh to start (PSHOME=$PSHOME)."
    }
}

Describe 'Get-Help in a fresh process' -Tag 'Slow' {
    BeforeAll {
        # One child pwsh collects what Get-Help -Full shows for every exported cmdlet, as JSON.
        $collect = Join-Path $TestDrive 'collect-help.ps1'
        $outFile = Join-Path $TestDrive 'help.json'
        Set-Content -LiteralPath $collect -Encoding utf8 -Value @'
param([string] $ModuleFolder, [string] $OutFile)
$ErrorActionPreference = 'Stop'
$module = Import-Module -Name $ModuleFolder -PassThru
$common = [System.Collections.Generic.HashSet[string]]::new([StringComparer]::OrdinalIgnoreCase)
foreach ($n in @([System.Management.Automation.Cmdlet]::CommonParameters) + @([System.Management.Automation.Cmdlet]::OptionalCommonParameters)) {
    $null = $common.Add($n)
}
# WhatIf and Confirm are documented like any other parameter; the rest of the common ones are not.
$null = $common.Remove('WhatIf'); $null = $common.Remove('Confirm')
function Get-Text($Value) { (@($Value | ForEach-Object { if ($_.PSObject.Properties['Text']) { $_.Text } else { "$_" } }) -join "`n").Trim() }
$cmdlets = foreach ($name in @($module.ExportedCmdlets.Keys | Sort-Object)) {
    $h = Get-Help -Name $name -Full
    $examples = @(if ($h.PSObject.Properties['examples'] -and $h.examples -and $h.examples.PSObject.Properties['example']) { $h.examples.example })
    $helpParams = @(if ($h.PSObject.Properties['parameters'] -and $h.parameters -and $h.parameters.PSObject.Properties['parameter']) { $h.parameters.parameter })
    [pscustomobject]@{
        Name        = $name
        Synopsis    = "$($h.Synopsis)".Trim()
        Description = if ($h.PSObject.Properties['description']) { Get-Text $h.description } else { '' }
        Examples    = @($examples | ForEach-Object { [pscustomobject]@{ Title = "$($_.title)".Trim(' -'); Code = "$($_.code)".Trim() } })
        Parameters  = @($helpParams | ForEach-Object { [pscustomobject]@{ Name = "$($_.name)"; Description = Get-Text $_.description } })
        Expected    = @((Get-Command -Name $name).Parameters.Keys | Where-Object { -not $common.Contains($_) } | Sort-Object)
        Notes       = if ($h.PSObject.Properties['alertSet'] -and $h.alertSet) { Get-Text $h.alertSet.alert } else { '' }
    }
}
$about = Get-Help -Name about_CustomerIo_Track -ErrorAction SilentlyContinue
[pscustomobject]@{
    Cmdlets   = @($cmdlets)
    About     = if ($about) { ($about | Out-String) } else { '' }
    AboutKind = if ($about) { "$($about.Category)" } else { '' }
} | ConvertTo-Json -Depth 8 | Set-Content -LiteralPath $OutFile -Encoding utf8
'@
        $pw = Get-ChildPwsh
        $output = & $pw.File @($pw.Prefix) -NoProfile -NonInteractive -File $collect -ModuleFolder $script:ModuleFolder -OutFile $outFile 2>&1
        $script:ChildExit = $LASTEXITCODE
        $script:ChildOutput = ($output | Out-String)
        $script:Help = if (Test-Path -LiteralPath $outFile) { Get-Content -LiteralPath $outFile -Raw | ConvertFrom-Json } else { $null }
        $script:HelpByName = @{}
        if ($script:Help) { foreach ($c in @($script:Help.Cmdlets)) { $script:HelpByName[$c.Name] = $c } }
    }

    It 'collects the help of every exported cmdlet' {
        $script:ChildExit | Should -Be 0 -Because "the child pwsh said: $script:ChildOutput"
        $script:Help | Should -Not -BeNullOrEmpty
    }

    It '<Name> has a synopsis, a description, two examples and a description of every parameter' -ForEach $script:CmdletCases {
        $h = $script:HelpByName[$Name]
        $h | Should -Not -BeNullOrEmpty -Because "Get-Help $Name must answer in a fresh process (child output: $script:ChildOutput)"

        $h.Synopsis | Should -Not -BeNullOrEmpty -Because "docs/$Name.md needs a SYNOPSIS"
        $h.Synopsis | Should -Not -BeLike '*<CommonParameters>*' -Because "Get-Help $Name shows only the generated syntax: no help was found in docs/$Name.md"
        $h.Synopsis | Should -Not -Match "^$([regex]::Escape($Name))(\s+\[|\s*$)" -Because 'the synopsis must not be the generated syntax line'
        $h.Synopsis | Should -Not -BeLike '*{{*' -Because 'placeholders must be replaced'

        $h.Description | Should -Not -BeNullOrEmpty -Because "docs/$Name.md needs a DESCRIPTION"
        $h.Description | Should -Not -BeLike '*{{*'

        @($h.Examples).Count | Should -BeGreaterOrEqual 2 -Because "docs/$Name.md needs at least two examples"
        foreach ($ex in @($h.Examples)) {
            $ex.Code | Should -Not -BeNullOrEmpty -Because "example '$($ex.Title)' needs code"
            $ex.Code | Should -Not -BeLike '*{{*'
        }

        $described = @{}
        foreach ($p in @($h.Parameters)) { $described[$p.Name] = $p.Description }
        $missing = @($h.Expected | Where-Object { -not $described.ContainsKey($_) -or -not $described[$_] -or $described[$_] -like '*{{*' })
        $missing | Should -BeNullOrEmpty -Because "every parameter of $Name needs a description in docs/$Name.md"
    }

    It '<Name>: Get-Help states the contract rules it enforces for <Path>' -ForEach @(
        @{ Name = 'Set-CioCustomer'; Path = '/api/v1/customers/{identifier}' }
        @{ Name = 'Import-CioCustomer'; Path = '/api/v1/customers/{identifier}' }
        @{ Name = 'Remove-CioCustomer'; Path = '/api/v1/customers/{identifier}' }
        @{ Name = 'Add-CioSuppression'; Path = '/suppress' }
        @{ Name = 'Remove-CioSuppression'; Path = '/unsuppress' }
        @{ Name = 'Send-CioEvent'; Path = '/api/v1/events' }
        @{ Name = 'Import-CioEvent'; Path = '/api/v1/events' }
        @{ Name = 'Add-CioDevice'; Path = '/devices' }
        @{ Name = 'Remove-CioDevice'; Path = '/devices/{device_id}' }
        @{ Name = 'Merge-CioCustomer'; Path = '/api/v1/merge_customers' }
        @{ Name = 'Add-CioSegmentMember'; Path = '/add_customers' }
        @{ Name = 'Remove-CioSegmentMember'; Path = '/remove_customers' }
        @{ Name = 'Send-CioMetric'; Path = '/api/v1/metrics' }
        @{ Name = 'Send-CioPushMetric'; Path = '/api/v1/push/events' }
        @{ Name = 'Send-CioUnsubscribe'; Path = '/unsubscribe/{delivery_id}' }
        @{ Name = 'Submit-CioForm'; Path = '/api/v1/forms/{form_id}/submit' }
        @{ Name = 'Set-CioObject'; Path = '/api/v2/entity' }
        @{ Name = 'Remove-CioObject'; Path = '/api/v2/entity' }
        @{ Name = 'Add-CioRelationship'; Path = '/api/v2/entity' }
        @{ Name = 'Remove-CioRelationship'; Path = '/api/v2/entity' }
        @{ Name = 'Send-CioEntity'; Path = '/api/v2/entity' }
        @{ Name = 'Invoke-CioBatch'; Path = '/api/v2/batch' }
    ) {
        $notes = $script:HelpByName[$Name].Notes
        $notes | Should -Match 'Rules enforced' -Because "Get-Help $Name -Full must say which contract rules it checks before sending"
        $notes | Should -Match ([regex]::Escape($Path))
    }

    It 'has the about topic about_CustomerIo_Track' {
        $script:Help.AboutKind | Should -Be 'HelpFile' -Because 'docs/about_CustomerIo_Track.md is built into en-US/about_CustomerIo_Track.help.txt'
        $script:Help.About | Should -BeLike '*about_CustomerIo_Track*'
    }
}

Describe 'docs/*.md agree with Get-Command' {
    BeforeAll {
        Import-Module (Join-Path $script:Root 'build/HelpTools.psm1') -Force

        # The '### header' + fenced text pairs of the '## SYNTAX' section.
        function script:Get-DocSyntax([string[]] $Lines) {
            $in = $false
            $header = $null
            $fence = $false
            $text = [System.Collections.Generic.List[string]]::new()
            foreach ($line in $Lines) {
                if (-not $fence -and $line -match '^## ') { $in = $line -match '^## SYNTAX\s*$'; continue }
                if (-not $in) { continue }
                if ($line -match '^\s{0,3}```') {
                    if ($fence) { [pscustomobject]@{ Header = $header; Text = ($text -join ' ').Trim() }; $text.Clear() }
                    $fence = -not $fence
                    continue
                }
                if ($fence) { $text.Add($line.Trim()) }
                elseif ($line -match '^### (?<h>.+?)\s*$') { $header = $Matches.h }
            }
        }

        # '### -Name' sections of '## PARAMETERS' and the lines of each.
        function script:Get-DocParameterSection([string[]] $Lines) {
            $sections = [ordered]@{}
            $in = $false
            $fence = $false
            $current = $null
            foreach ($line in $Lines) {
                if ($line -match '^\s{0,3}```') { $fence = -not $fence }
                if (-not $fence -and $line -match '^## ') { $in = $line -match '^## PARAMETERS\s*$'; $current = $null; continue }
                if (-not $in) { continue }
                if (-not $fence -and $line -match '^### (?<h>.+?)\s*$') {
                    $current = $null
                    if ($Matches.h -match '^-(?<n>\S+)$') { $current = $Matches.n; $sections[$current] = [System.Collections.Generic.List[string]]::new() }
                    continue
                }
                if ($current) { $sections[$current].Add($line) }
            }
            $sections
        }
    }

    It '<Name>: the SYNTAX section is what Get-Command gives, every parameter has its section and yaml' -ForEach $script:CmdletCases {
        $path = Join-Path $script:Docs "$Name.md"
        $path | Should -Exist -Because "every exported cmdlet needs docs/$Name.md (build.ps1 docs writes a skeleton)"
        $lines = [IO.File]::ReadAllLines($path)
        $cmd = Get-Command -Name $Name -Module CustomerIo.Track

        $expected = @(Get-CioSyntaxText -Command $cmd | ForEach-Object { "### $($_.Header)`n$($_.Text)" })
        $actual = @(Get-DocSyntax $lines | ForEach-Object { "### $($_.Header)`n$($_.Text)" })
        ($actual -join "`n`n") | Should -BeExactly ($expected -join "`n`n") -Because "docs/$Name.md's SYNTAX must match the cmdlet (run 'dotnet pwsh ./build.ps1 docs')"

        $sections = Get-DocParameterSection $lines
        $params = @(Get-CioHelpParameter -Command $cmd)
        $names = @($params | ForEach-Object Name)
        $undocumented = @($names | Where-Object { -not $sections.Contains($_) })
        $undocumented | Should -BeNullOrEmpty -Because "docs/$Name.md needs a '### -Name' section for each parameter (run 'dotnet pwsh ./build.ps1 docs', then describe it)"
        $stale = @($sections.Keys | Where-Object { $_ -notin $names })
        $stale | Should -BeNullOrEmpty -Because "docs/$Name.md describes parameters $Name does not have"

        foreach ($p in $params) {
            $body = $sections[$p.Name] -join "`n"
            $yaml = @([regex]::Matches($body, '(?ms)^```yaml\s*\n.*?^```') | ForEach-Object Value)
            $default = @(foreach ($y in $yaml) { if ($y -match '(?m)^Default value:[ \t]*(?<v>.*?)[ \t]*$' -and $Matches.v -ne 'None') { $Matches.v } }) | Select-Object -First 1
            $want = (Get-CioParameterYaml -Parameter $p -DefaultValue $default) -join "`n"
            (($yaml -join "`n`n") -replace '\r') | Should -BeExactly $want -Because "the yaml of -$($p.Name) in docs/$Name.md must match the cmdlet (run 'dotnet pwsh ./build.ps1 docs')"
            $prose = (($body -replace '(?ms)^```yaml\s*\n.*?^```', '').Trim())
            $prose | Should -Not -BeNullOrEmpty -Because "-$($p.Name) needs a description in docs/$Name.md"
            $prose | Should -Not -BeLike '*{{*' -Because "-$($p.Name) in docs/$Name.md still has a placeholder"
        }
    }
}

Describe 'docs/*.md examples keep the convention' {
    It '<Doc>: examples are "### Example N: title" with exactly one powershell block, no prompt, no placeholder' -ForEach $script:DocCases {
        $Examples.Count | Should -BeGreaterOrEqual 2 -Because "$Doc needs at least two examples"
        $n = 0
        foreach ($ex in $Examples) {
            $n++
            $ex.Title | Should -Match "^Example $n`: \S" -Because "$Doc line $($ex.Line): examples are titled 'Example N: <title>', numbered from 1"
            @($ex.Infos | Where-Object { $_ -eq 'powershell' }).Count | Should -Be 1 -Because "$Doc '$($ex.Title)' has exactly one powershell block (output goes in a text block)"
            @($ex.Infos | Where-Object { $_ -notin 'powershell', 'text', 'output' }).Count | Should -Be 0 -Because "$Doc '$($ex.Title)': other blocks are text (output)"
            $ex.Code | Should -Not -Match '(?m)^\s*PS( [A-Za-z]:\\[^>]*)?>' -Because "$Doc '$($ex.Title)': code has no prompt"
            $ex.Code | Should -Not -BeLike '*{{*' -Because "$Doc '$($ex.Title)' still has a placeholder"
        }
        $text = Get-Content -Raw -LiteralPath (Join-Path $script:Docs $Doc)
        $text | Should -Not -BeLike '*{{*' -Because "$Doc still has '{{ ... }}' placeholders"
        # A cmdlet that takes pipeline input shows it piped (Import-Csv ... | Cmdlet, or objects piped in).
        $cmd = Get-Command -Name $Name -Module CustomerIo.Track -ErrorAction Ignore
        if ($cmd -and @($cmd.Parameters.Values | Where-Object { $_.Attributes | Where-Object { $_ -is [Parameter] -and ($_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName) } }).Count) {
            (@($Examples.Code) -join "`n") | Should -Match "\|\s*$([regex]::Escape($Name))\b" -Because "$Doc needs an example that pipes records into $Name"
        }
    }
}

Describe 'Every example in docs/ runs against the emulator' -Tag 'Slow' {
    BeforeAll {
        $script:SiteId = 'a1b2c3d4e5f6a7b8c9d0'
        $script:ApiKey = '0123456789abcdef0123'
        $script:Emu = Start-CioEmulator -SiteId $script:SiteId -ApiKey $script:ApiKey
        $script:Fixtures = Join-Path $PSScriptRoot 'data/examples'
        $script:Auth = @{ Authorization = Get-CioEmulatorBasicAuth $script:Emu }

        $script:SavedEnv = @{ CIO_SITE_ID = $env:CIO_SITE_ID; CIO_TRACK_API_KEY = $env:CIO_TRACK_API_KEY }
        $env:CIO_SITE_ID = $script:SiteId
        $env:CIO_TRACK_API_KEY = $script:ApiKey

        # One session state for all examples: the default commands and the module under test.
        $script:Iss = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault()
        $script:Iss.ImportPSModule([string[]] @($script:ModuleManifestPath))

        # What each example finds in place (run in the example's runspace before the example).
        $script:Setup = @'
param([string] $Folder, [string] $Url, [string] $SiteId, [string] $ApiKey)
Set-Location -LiteralPath $Folder
$global:ConfirmPreference = 'None'
$global:ProgressPreference = 'SilentlyContinue'
$global:PSDefaultParameterValues['Connect-CioTrack:BaseUri'] = $Url
$key = [System.Security.SecureString]::new()
foreach ($c in $ApiKey.ToCharArray()) { $key.AppendChar($c) }
$key.MakeReadOnly()
$global:__CioExampleSiteId = $SiteId
$global:__CioExampleKey = $key
# Read-Host answers with the API key (the Site ID when the prompt asks for it); Get-Credential with both.
function global:Read-Host {
    [CmdletBinding()]
    param([Parameter(Position = 0, ValueFromRemainingArguments)] [object] $Prompt, [switch] $AsSecureString, [switch] $MaskInput)
    if ("$Prompt" -match 'site') { return $global:__CioExampleSiteId }
    if ($AsSecureString) { return $global:__CioExampleKey.Copy() }
    [System.Net.NetworkCredential]::new('', $global:__CioExampleKey).Password
}
function global:Get-Credential {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [object] $Credential, [string] $Message, [string] $Title, [string] $UserName)
    [pscredential]::new($global:__CioExampleSiteId, $global:__CioExampleKey.Copy())
}
Connect-CioTrack -SiteId $SiteId -ApiKey $key | Out-Null
$global:Error.Clear()
'@

        # Resets the emulator and identifies cust-1..cust-5 from people.csv (one v2 batch, not through the module).
        function script:Initialize-EmulatorPeople {
            Reset-CioEmulator $script:Emu
            $items = foreach ($row in Import-Csv -LiteralPath (Join-Path $script:Fixtures 'people.csv')) {
                @{
                    type = 'person'; action = 'identify'; identifiers = @{ id = $row.id }
                    attributes = @{ email = $row.email; first_name = $row.first_name; plan = $row.plan; created_at = [long] $row.created_at }
                }
            }
            $body = @{ batch = @($items) } | ConvertTo-Json -Depth 10 -Compress
            $r = Invoke-WebRequest -Uri "$($script:Emu.Url)/api/v2/batch" -Method Post -Body $body -ContentType 'application/json' -Headers $script:Auth -SkipHttpErrorCheck
            if ($r.StatusCode -ne 200) { throw "Identifying the example people failed: $($r.StatusCode) $($r.Content)" }
        }

        # Runs one example in a fresh runspace; returns the problems (empty when it ran clean).
        function script:Invoke-DocExample([string] $Code, [int] $TimeoutSec = 120) {
            $folder = Join-Path ([IO.Path]::GetTempPath()) ("cio-example-" + [guid]::NewGuid().ToString('N').Substring(0, 10))
            $null = New-Item -ItemType Directory -Path $folder
            Copy-Item -Path (Join-Path $script:Fixtures '*.csv') -Destination $folder
            $problems = [System.Collections.Generic.List[string]]::new()
            $rs = [runspacefactory]::CreateRunspace($script:Iss)
            $ps = $null
            try {
                $rs.Open()
                $ps = [powershell]::Create()
                $ps.Runspace = $rs
                $null = $ps.AddScript($script:Setup).AddParameters(@{ Folder = $folder; Url = $script:Emu.Url; SiteId = $script:SiteId; ApiKey = $script:ApiKey })
                $null = $ps.Invoke()
                if ($ps.HadErrors -or $ps.Streams.Error.Count) { throw "The example setup failed: $($ps.Streams.Error -join '; ')" }
                $ps.Commands.Clear()
                $ps.Streams.ClearStreams()

                # The output is formatted as the console would (Out-String), so format data is exercised too.
                $null = $ps.AddScript($Code).AddCommand('Out-String')
                $async = $ps.BeginInvoke()
                if (-not $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds($TimeoutSec))) {
                    $ps.Stop()
                    $problems.Add("did not finish within $TimeoutSec s (waiting for input, or hung)")
                }
                else {
                    try { $null = $ps.EndInvoke($async) }
                    catch {
                        $e = $_.Exception
                        while ($e.InnerException -and $e -is [System.Management.Automation.MethodInvocationException]) { $e = $e.InnerException }
                        $where = if ($e -is [System.Management.Automation.IContainsErrorRecord] -and $e.ErrorRecord.InvocationInfo) { " (line $($e.ErrorRecord.InvocationInfo.ScriptLineNumber))" } else { '' }
                        $problems.Add("terminating error$where`: $($e.Message)")
                    }
                }
                foreach ($err in $ps.Streams.Error) {
                    $line = if ($err.InvocationInfo) { " (line $($err.InvocationInfo.ScriptLineNumber))" } else { '' }
                    $problems.Add("error$line`: $err")
                }
                # $Error also holds errors the example handled (try/catch, -ErrorAction SilentlyContinue): none allowed.
                foreach ($err in @($rs.SessionStateProxy.GetVariable('Error'))) {
                    if (-not ($problems | Where-Object { $_.EndsWith(": $err") })) { $problems.Add("`$Error: $err") }
                }
            }
            finally {
                if ($ps) { $ps.Dispose() }
                $rs.Dispose()
                Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction Ignore
            }
            , $problems.ToArray()
        }
    }

    AfterAll {
        Stop-CioEmulator $script:Emu
        $env:CIO_SITE_ID = $script:SavedEnv.CIO_SITE_ID
        $env:CIO_TRACK_API_KEY = $script:SavedEnv.CIO_TRACK_API_KEY
    }

    It '<Doc>: <Title>' -ForEach $script:ExampleCases {
        Initialize-EmulatorPeople
        $problems = Invoke-DocExample -Code $Code
        if ($problems.Count) {
            throw "docs/$Doc, '$Title' failed:`n  $($problems -join "`n  ")`n--- code ---`n$Code"
        }
    }
}
