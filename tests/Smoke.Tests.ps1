# Smoke tests of the build output: the module folder imports and exports what the manifest says,
# and the emulator starts and checks Basic auth. Run by 'build.ps1 test' against out/.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot TestHelpers.psm1) -Force
    $script:Root = Get-CioRepoRoot
    $script:SourceManifest = Import-PowerShellDataFile (Join-Path $script:Root 'CustomerIo.Track.psd1')
    $script:Module = Import-CioModuleUnderTest -PassThru
}

Describe 'The built module' {
    It 'has a valid manifest with the source manifest''s version' {
        $m = Test-ModuleManifest -Path (Join-Path $script:Root 'out/CustomerIo.Track/CustomerIo.Track.psd1') -ErrorAction Stop
        $m.Version | Should -Be ([version] $script:SourceManifest.ModuleVersion)
        $m.Guid | Should -Be ([guid] $script:SourceManifest.GUID)
    }

    It 'lists its cmdlets explicitly (no wildcards) and exports no functions, variables or aliases' {
        $script:SourceManifest.CmdletsToExport | Should -Not -BeNullOrEmpty
        $script:SourceManifest.CmdletsToExport | Where-Object { $_ -match '[*?]' } | Should -BeNullOrEmpty
        @($script:SourceManifest.FunctionsToExport).Count | Should -Be 0
        @($script:SourceManifest.VariablesToExport).Count | Should -Be 0
        @($script:SourceManifest.AliasesToExport).Count | Should -Be 0
    }

    It 'imports as a binary module with the dll version of the manifest' {
        $script:Module.Name | Should -Be 'CustomerIo.Track'
        $script:Module.Version | Should -Be ([version] $script:SourceManifest.ModuleVersion)
        $asm = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'CustomerIo.Track' } | Select-Object -First 1
        $asm | Should -Not -BeNullOrEmpty
        $asm.GetName().Version.ToString(3) | Should -Be $script:SourceManifest.ModuleVersion
    }

    It 'exports exactly the manifest''s cmdlets that the dll implements' {
        $asm = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'CustomerIo.Track' } | Select-Object -First 1
        $implemented = @($asm.GetExportedTypes() | ForEach-Object {
                $attr = [Attribute]::GetCustomAttribute($_, [System.Management.Automation.CmdletAttribute])
                if ($attr -and -not $_.IsAbstract) { "$($attr.VerbName)-$($attr.NounName)" }
            } | Sort-Object -Unique)
        $exported = @($script:Module.ExportedCmdlets.Keys | Sort-Object)
        $listed = @($script:SourceManifest.CmdletsToExport)

        # Every cmdlet the dll implements is listed in the manifest (else it would silently not export).
        $implemented | Where-Object { $_ -notin $listed } | Should -BeNullOrEmpty -Because 'a cmdlet class must be added to CmdletsToExport'
        # And exported is exactly listed-and-implemented.
        $expected = @($listed | Where-Object { $_ -in $implemented } | Sort-Object)
        $exported | Should -Be $expected
    }

    It 'exports no functions and no aliases' {
        @($script:Module.ExportedFunctions.Keys).Count | Should -Be 0
        @($script:Module.ExportedAliases.Keys).Count | Should -Be 0
    }

    It 'ships the dll, its views and its help at the root, its dependencies in Dependencies/' {
        $dir = Join-Path $script:Root 'out/CustomerIo.Track'
        Join-Path $dir 'CustomerIo.Track.dll' | Should -Exist
        Join-Path $dir 'CustomerIo.Track.Format.ps1xml' | Should -Exist
        $script:Module.ExportedFormatFiles | Split-Path -Leaf | Should -Be 'CustomerIo.Track.Format.ps1xml'
        Join-Path $dir 'Dependencies/System.Text.Json.dll' | Should -Exist
        Join-Path $dir 'System.Text.Json.dll' | Should -Not -Exist
        Join-Path $dir 'System.Management.Automation.dll' | Should -Not -Exist
        Join-Path $dir 'Dependencies/System.Management.Automation.dll' | Should -Not -Exist
        Join-Path $dir 'en-US/CustomerIo.Track.dll-Help.xml' | Should -Exist
    }

    It 'has well-formed MAML help' {
        $xml = [xml](Get-Content -Raw (Join-Path $script:Root 'out/CustomerIo.Track/en-US/CustomerIo.Track.dll-Help.xml'))
        $xml.DocumentElement.LocalName | Should -Be 'helpItems'
        $xml.DocumentElement.NamespaceURI | Should -Be 'http://msh'
    }

    It 'imports in a fresh pwsh process by folder path' {
        $pwshDll = Join-Path $PSHOME 'pwsh.dll'
        $folder = Join-Path $script:Root 'out/CustomerIo.Track'
        $cmd = "Import-Module '$folder' -ErrorAction Stop; (Get-Module CustomerIo.Track).ExportedCmdlets.Count"
        $exe = [Environment]::ProcessPath
        $output = if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { & $exe $pwshDll -NoProfile -NonInteractive -Command $cmd }
                  else { & $exe -NoProfile -NonInteractive -Command $cmd }
        $LASTEXITCODE | Should -Be 0
        [int]($output | Select-Object -Last 1) | Should -Be $script:Module.ExportedCmdlets.Count
    }
}

Describe 'The emulator' {
    BeforeAll { $script:Emu = Start-CioEmulator }
    AfterAll { Stop-CioEmulator $script:Emu }

    It 'prints its loopback URL and credentials on its first line' {
        $script:Emu.Url | Should -Match '^http://127\.0\.0\.1:\d+$'
        $script:Emu.SiteId | Should -Be 'emulator-site'
        $script:Emu.ApiKey | Should -Be 'emulator-key'
    }

    It 'answers /api/v1/accounts/region with Basic auth' {
        $r = Invoke-RestMethod -Uri "$($script:Emu.Url)/api/v1/accounts/region" -Headers @{ Authorization = Get-CioEmulatorBasicAuth $script:Emu }
        $r.region | Should -Be 'us'
    }

    It 'answers 401 without credentials and with a wrong key' {
        $r = Invoke-WebRequest -Uri "$($script:Emu.Url)/api/v1/accounts/region" -SkipHttpErrorCheck
        $r.StatusCode | Should -Be 401
        $r = Invoke-WebRequest -Uri "$($script:Emu.Url)/api/v1/accounts/region" -SkipHttpErrorCheck -Headers @{ Authorization = Get-CioEmulatorBasicAuth $script:Emu -ApiKey 'wrong' }
        $r.StatusCode | Should -Be 401
    }

    It 'shows an empty state after a reset' {
        Reset-CioEmulator $script:Emu
        $state = Get-CioEmulatorState $script:Emu
        @($state.people).Count | Should -Be 0
    }

    It 'starts with the given Site ID, key and options' {
        $other = Start-CioEmulator -SiteId 'site-2' -ApiKey 'key-2' -LatencyMs 1 -RateLimit 1000
        $otherPid = $other.Process.Id
        try {
            $other.SiteId | Should -Be 'site-2'
            $other.ApiKey | Should -Be 'key-2'
            $other.Url | Should -Not -Be $script:Emu.Url
            $r = Invoke-WebRequest -Uri "$($other.Url)/api/v1/accounts/region" -SkipHttpErrorCheck -Headers @{ Authorization = Get-CioEmulatorBasicAuth $other }
            $r.StatusCode | Should -Be 200
        }
        finally { Stop-CioEmulator $other }
        Get-Process -Id $otherPid -ErrorAction Ignore | Should -BeNullOrEmpty
    }

    It 'fails clearly when it cannot start' {
        { Start-CioEmulator -ArgumentList '--no-such-option', 'x' -TimeoutSec 10 } | Should -Throw '*emulator did not start*'
    }
}

Describe 'Connecting to the emulator' {
    BeforeAll { $script:Emu = Start-CioEmulator }
    AfterAll {
        if (Get-Command Disconnect-CioTrack -ErrorAction Ignore) { Disconnect-CioTrack -ErrorAction Ignore }
        Stop-CioEmulator $script:Emu
    }

    It 'connects with Connect-CioEmulator and sends one person' {
        if (-not (Get-Command Set-CioCustomer -ErrorAction Ignore)) { Set-ItResult -Skipped -Because 'Set-CioCustomer is not implemented yet'; return }
        Connect-CioEmulator $script:Emu
        Set-CioCustomer -Id 'smoke-1' -Email 'smoke-1@example.com'
        $person = Get-CioEmulatorPerson $script:Emu 'smoke-1'
        $person | Should -Not -BeNullOrEmpty
        $person.email | Should -Be 'smoke-1@example.com'
    }
}

# The help tooling of build/ (docs update and MAML generation) on a scratch copy of the module,
# in a child process: a second copy of the module imported here would replace the module under test in
# this session. docs/ itself is tested by the help tests.
Describe 'Help tooling (build/Update-MarkdownHelp.ps1, build/New-MamlHelp.ps1)' {
    BeforeAll {
        Import-Module (Join-Path $script:Root 'build/HelpTools.psm1') -Force
        $script:Cmd = Get-Command Set-CioCustomer -ErrorAction Ignore
        $script:Scratch = Join-Path ([IO.Path]::GetTempPath()) "cio-help-$([guid]::NewGuid().ToString('N'))"
        $null = New-Item -ItemType Directory -Force -Path (Join-Path $script:Scratch 'docs')
        $script:Params = @(if ($script:Cmd) { Get-CioHelpParameter -Command $script:Cmd | ForEach-Object Name })
        if ($script:Cmd) {
            $moduleCopy = Join-Path $script:Scratch 'CustomerIo.Track'
            Copy-Item -Recurse -LiteralPath (Join-Path $script:Root 'out/CustomerIo.Track') -Destination $moduleCopy
            Remove-Item -Recurse -Force -LiteralPath (Join-Path $moduleCopy 'en-US') -ErrorAction Ignore
            $first = $script:Params[0]
            $second = $script:Params[1]
            $child = @'
param($Root, $Scratch, $First, $Second)
$ErrorActionPreference = 'Stop'
$docs = Join-Path $Scratch 'docs'
$doc = Join-Path $docs 'Set-CioCustomer.md'
$module = Join-Path $Scratch 'CustomerIo.Track'
$update = { $null = & (Join-Path $Root 'build/Update-MarkdownHelp.ps1') -ModulePath $module -DocsPath $docs -Name Set-CioCustomer 3>$null 6>$null }
& $update
Copy-Item $doc (Join-Path $Scratch 'skeleton.md')
$text = Get-Content -Raw -LiteralPath $doc
$text = $text.Replace('{{ Fill in the Synopsis }}', 'Adds or updates people.')
$text = $text.Replace('{{ Fill in the Description }}', "Sends **each** record; see [the reference](https://example.com/ref).`n`n- one`n- two")
$text = $text.Replace("{{ Fill $First Description }}", 'The first parameter, described by hand.')
# Drift: a parameter that is gone, another whose section went missing.
$text = [regex]::Replace($text, "(?m)^### -$First\r?\n", "### -RemovedLongAgo`nGone.`n`n" + '```yaml' + "`nType: String`n" + '```' + "`n`n### -$First`n")
$text = [regex]::Replace($text, "(?ms)^### -$Second\r?\n.*?(?=^### )", '')
Set-Content -LiteralPath $doc -Value $text -NoNewline
& $update
Copy-Item $doc (Join-Path $Scratch 'updated.md')
& $update
Copy-Item $doc (Join-Path $Scratch 'updated-twice.md')
$null = & (Join-Path $Root 'build/New-MamlHelp.ps1') -ModulePath $module -DocsPath $docs -OutputPath (Join-Path $module 'en-US') 3>$null 6>$null
$h = Get-Help Set-CioCustomer -Full
@{ Synopsis = "$($h.Synopsis)"; Description = ($h.description | Out-String).Trim() } | ConvertTo-Json | Set-Content (Join-Path $Scratch 'help.json')
'@
            Set-Content -LiteralPath (Join-Path $script:Scratch 'run.ps1') -Value $child
            $exe = [Environment]::ProcessPath
            $pwshArgs = @(if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
            $script:ChildOutput = & $exe @pwshArgs -NoProfile -NonInteractive -File (Join-Path $script:Scratch 'run.ps1') $script:Root $script:Scratch $first $second 2>&1
            $script:ChildExit = $LASTEXITCODE
        }
    }
    AfterAll { Remove-Item -Recurse -Force -LiteralPath $script:Scratch -ErrorAction Ignore }

    It 'runs the docs update and the MAML generation' {
        if (-not $script:Cmd) { Set-ItResult -Skipped -Because 'Set-CioCustomer is not implemented yet'; return }
        $script:ChildExit | Should -Be 0 -Because ($script:ChildOutput -join "`n")
    }

    It 'writes a platyPS skeleton whose syntax is Get-Command''s' {
        if (-not $script:Cmd) { Set-ItResult -Skipped -Because 'Set-CioCustomer is not implemented yet'; return }
        $text = Get-Content -Raw -LiteralPath (Join-Path $script:Scratch 'skeleton.md')
        $text | Should -Match '(?m)^schema: 2\.0\.0$'
        $text | Should -Match '(?m)^## SYNOPSIS$'
        $text | Should -Match '\{\{ Fill in the Synopsis \}\}'
        foreach ($s in Get-CioSyntaxText -Command $script:Cmd) { $text.Contains($s.Text) | Should -BeTrue -Because $s.Text }
        foreach ($p in $script:Params) { $text | Should -Match "(?m)^### -$p$" }
        $text | Should -Not -Match '(?m)^### -(Verbose|ErrorAction|ProgressAction)$'
    }

    It 'keeps the prose on update, adds missing parameters and drops removed ones' {
        if (-not $script:Cmd) { Set-ItResult -Skipped -Because 'Set-CioCustomer is not implemented yet'; return }
        $after = Get-Content -Raw -LiteralPath (Join-Path $script:Scratch 'updated.md')
        $after | Should -BeLike '*Adds or updates people.*'
        $after | Should -BeLike '*- one*- two*'
        $after | Should -BeLike "*### -$($script:Params[0])*The first parameter, described by hand.*"
        $after | Should -Not -BeLike '*RemovedLongAgo*'
        $after | Should -Match "(?m)^### -$($script:Params[1])$"
        # A second update changes nothing.
        Get-Content -Raw -LiteralPath (Join-Path $script:Scratch 'updated-twice.md') | Should -BeExactly $after
    }

    It 'turns the markdown into MAML with Get-Command''s parameters and sets, read by Get-Help' {
        if (-not $script:Cmd) { Set-ItResult -Skipped -Because 'Set-CioCustomer is not implemented yet'; return }
        [xml] $maml = Get-Content -Raw -LiteralPath (Join-Path $script:Scratch 'CustomerIo.Track/en-US/CustomerIo.Track.dll-Help.xml')
        $ns = @{ command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'; maml = 'http://schemas.microsoft.com/maml/2004/10' }
        $cmdXPath = '//command:command[command:details/command:name="Set-CioCustomer"]'
        $names = @(Select-Xml -Xml $maml -Namespace $ns -XPath "$cmdXPath/command:parameters/command:parameter/maml:name" | ForEach-Object { $_.Node.InnerText })
        $names | Sort-Object | Should -Be @($script:Params | Sort-Object)
        $names | Should -Not -Contain 'Verbose'
        $items = @(Select-Xml -Xml $maml -Namespace $ns -XPath "$cmdXPath/command:syntax/command:syntaxItem")
        $items.Count | Should -Be @($script:Cmd.ParameterSets).Count
        $help = Get-Content -Raw -LiteralPath (Join-Path $script:Scratch 'help.json') | ConvertFrom-Json
        $help.Synopsis | Should -Be 'Adds or updates people.'
        $help.Description | Should -BeLike '*Sends each record; see the reference (https://example.com/ref).*'
    }
}
