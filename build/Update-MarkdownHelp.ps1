<#
.SYNOPSIS
Creates or updates docs/<Cmdlet>.md (platyPS schema 2.0.0) from the built module's cmdlets.

.DESCRIPTION
Run by 'build.ps1 docs' in a child pwsh that imports the freshly built module. For each exported
cmdlet:
- no doc file yet: writes a platyPS skeleton with '{{ ... }}' placeholders for the prose;
- a doc file: regenerates the SYNTAX section and the yaml blocks of PARAMETERS from Get-Command.
  New parameters appear with a placeholder description, removed ones go; every prose section and
  every existing parameter description stays as written (a 'Default value' in a yaml block too,
  as the metadata of a compiled cmdlet has none).
Files are only rewritten when something changed.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $DocsPath,
    # Only these cmdlets (default: every exported cmdlet).
    [string[]] $Name
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
Import-Module (Join-Path $PSScriptRoot 'HelpTools.psm1') -Force

$module = Import-Module -Name (Resolve-Path -LiteralPath $ModulePath).ProviderPath -Force -PassThru -ErrorAction Stop
$cmdlets = @($module.ExportedCmdlets.Values | Sort-Object Name)
if ($Name) { $cmdlets = @($cmdlets | Where-Object { $_.Name -in $Name }) }
$null = New-Item -ItemType Directory -Force -Path $DocsPath

$fence = '```'

function Test-FenceLine([string] $Line) { $Line -match '^\s{0,3}(```|~~~)' }

function Split-Sections {
    <# Splits markdown lines into a preamble and '## ' sections (headings inside code fences do not count). #>
    param([string[]] $Lines, [string] $Prefix = '## ')
    $sections = [System.Collections.Generic.List[object]]::new()
    $current = [pscustomobject]@{ Title = $null; Lines = [System.Collections.Generic.List[string]]::new() }
    $sections.Add($current)
    $inFence = $false
    foreach ($line in $Lines) {
        if (Test-FenceLine $line) { $inFence = -not $inFence }
        if (-not $inFence -and $line.StartsWith($Prefix)) {
            $current = [pscustomobject]@{ Title = $line.Substring($Prefix.Length).Trim(); Lines = [System.Collections.Generic.List[string]]::new() }
            $sections.Add($current)
            continue
        }
        $current.Lines.Add($line)
    }
    , $sections
}

function Get-TrimmedLines([string[]] $Lines) {
    <# Drops blank lines at both ends. #>
    $list = [System.Collections.Generic.List[string]]::new()
    foreach ($l in $Lines) { $list.Add($l) }
    while ($list.Count -and -not $list[0].Trim()) { $list.RemoveAt(0) }
    while ($list.Count -and -not $list[$list.Count - 1].Trim()) { $list.RemoveAt($list.Count - 1) }
    , $list.ToArray()
}

function Remove-YamlBlocks([string[]] $Lines) {
    <# The prose of a parameter: its lines without the ```yaml blocks; also returns the default value found. #>
    $prose = [System.Collections.Generic.List[string]]::new()
    $default = $null
    $inYaml = $false
    $inOther = $false
    foreach ($l in $Lines) {
        if (-not $inOther -and -not $inYaml -and $l -match '^\s{0,3}```\s*yaml\s*$') { $inYaml = $true; continue }
        if ($inYaml) {
            if (Test-FenceLine $l) { $inYaml = $false; continue }
            if (-not $default -and $l -match '^Default value:\s*(?<v>.*?)\s*$' -and $Matches.v -and $Matches.v -ne 'None') { $default = $Matches.v }
            continue
        }
        if (Test-FenceLine $l) { $inOther = -not $inOther }
        $prose.Add($l)
    }
    @{ Prose = (Get-TrimmedLines $prose.ToArray()); Default = $default }
}

function Get-ParametersSection($Command, [string[]] $ExistingLines) {
    <# The lines of a new '## PARAMETERS' section, keeping the prose of $ExistingLines (the old section body). #>
    $existing = @{}
    $commonProse = $null
    if ($ExistingLines) {
        foreach ($sub in (Split-Sections $ExistingLines '### ')) {
            if (-not $sub.Title) { continue }
            $pname = $sub.Title.TrimStart('-').Trim()
            $parsed = Remove-YamlBlocks $sub.Lines.ToArray()
            if ($pname -eq 'CommonParameters') { $commonProse = $parsed.Prose } else { $existing[$pname] = $parsed }
        }
    }
    $out = [System.Collections.Generic.List[string]]::new()
    $out.Add('## PARAMETERS')
    $out.Add('')
    $changes = [System.Collections.Generic.List[string]]::new()
    $params = @(Get-CioHelpParameter -Command $Command)
    foreach ($p in $params) {
        $out.Add("### -$($p.Name)")
        $old = $existing[$p.Name]
        if ($old -and $old.Prose.Count) { foreach ($l in $old.Prose) { $out.Add($l) } }
        else {
            $std = Get-CioStandardParameterDescription $p.Name
            $out.Add($(if ($std) { $std } else { "{{ Fill $($p.Name) Description }}" }))
            if (-not $old) { $changes.Add("+ -$($p.Name)") }
        }
        $out.Add('')
        $default = if ($old) { $old.Default } else { $null }
        foreach ($l in (Get-CioParameterYaml -Parameter $p -DefaultValue $default)) { $out.Add($l) }
        $out.Add('')
    }
    foreach ($gone in @($existing.Keys | Where-Object { $_ -notin $params.Name } | Sort-Object)) { $changes.Add("- -$gone") }
    $out.Add('### CommonParameters')
    if ($commonProse) { foreach ($l in $commonProse) { $out.Add($l) } } else { $out.Add((Get-CioCommonParametersParagraph)) }
    $out.Add('')
    @{ Lines = $out.ToArray(); Changes = $changes.ToArray() }
}

function Get-SyntaxSection($Command) {
    $out = [System.Collections.Generic.List[string]]::new()
    $out.Add('## SYNTAX')
    $out.Add('')
    foreach ($l in (Get-CioSyntaxMarkdown -Command $Command)) { $out.Add($l) }
    $out.Add('')
    , $out.ToArray()
}

function Get-TypeSection([string] $Title, [string[]] $TypeNames) {
    $out = [System.Collections.Generic.List[string]]::new()
    $out.Add("## $Title")
    $out.Add('')
    if (-not $TypeNames) { $TypeNames = @(if ($Title -eq 'INPUTS') { 'None' } else { 'System.Object' }) }
    foreach ($t in $TypeNames) {
        $out.Add("### $t")
        $out.Add('')
        $out.Add('{{ Fill in the description of ' + $t + ' }}')
        $out.Add('')
    }
    , $out.ToArray()
}

function New-Skeleton($Command) {
    $pipelineTypes = @(Get-CioHelpParameter -Command $Command | Where-Object ByValue | ForEach-Object TypeFullName | Select-Object -Unique)
    $outputTypes = @($Command.OutputType | ForEach-Object { $_.Name } | Select-Object -Unique)
    $lines = [System.Collections.Generic.List[string]]::new()
    $lines.AddRange([string[]] @(
            '---'
            "external help file: $($module.Name).dll-Help.xml"
            "Module Name: $($module.Name)"
            'online version:'
            'schema: 2.0.0'
            '---'
            ''
            "# $($Command.Name)"
            ''
            '## SYNOPSIS'
            '{{ Fill in the Synopsis }}'
            ''))
    $lines.AddRange([string[]] (Get-SyntaxSection $Command))
    $lines.AddRange([string[]] @(
            '## DESCRIPTION'
            '{{ Fill in the Description }}'
            ''
            '## EXAMPLES'
            ''
            '### Example 1'
            "$($fence)powershell"
            'PS C:\> {{ Add example code here }}'
            $fence
            ''
            '{{ Add example description here }}'
            ''))
    $lines.AddRange([string[]] (Get-ParametersSection $Command @()).Lines)
    $lines.AddRange([string[]] (Get-TypeSection 'INPUTS' $pipelineTypes))
    $lines.AddRange([string[]] (Get-TypeSection 'OUTPUTS' $outputTypes))
    $lines.AddRange([string[]] @('## NOTES', '', '## RELATED LINKS', ''))
    $lines.ToArray()
}

function Update-Doc($Command, [string] $Text) {
    <# Returns @{ Text; Changes } with SYNTAX and the PARAMETERS yaml regenerated, prose kept. #>
    $fm = [regex]::Match($Text, '\A\uFEFF?---[ \t]*\r?\n.*?\r?\n---[ \t]*(\r?\n|\z)', 'Singleline')
    $head = if ($fm.Success) { $fm.Value.TrimEnd("`r", "`n") } else { $null }
    $body = if ($fm.Success) { $Text.Substring($fm.Length) } else { $Text }
    $lines = @($body -split '\r?\n')
    $sections = Split-Sections $lines '## '

    $result = [System.Collections.Generic.List[string]]::new()
    if ($head) { foreach ($l in ($head -split '\r?\n')) { $result.Add($l) } }
    $hasSyntax = @($sections | Where-Object { $_.Title -eq 'SYNTAX' }).Count -gt 0
    $hasParameters = @($sections | Where-Object { $_.Title -eq 'PARAMETERS' }).Count -gt 0
    $changes = @()
    $syntaxLines = Get-SyntaxSection $Command
    foreach ($s in $sections) {
        if ($null -eq $s.Title) { foreach ($l in $s.Lines) { $result.Add($l) }; continue }
        switch ($s.Title) {
            'SYNTAX' { $result.AddRange([string[]] $syntaxLines); continue }
            'PARAMETERS' {
                $p = Get-ParametersSection $Command $s.Lines.ToArray()
                $result.AddRange([string[]] $p.Lines); $changes += $p.Changes
                continue
            }
            default {
                # Sections the update adds where a file lacks them.
                if (-not $hasParameters -and $s.Title -in 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS') {
                    $p = Get-ParametersSection $Command @()
                    $result.AddRange([string[]] $p.Lines); $changes += $p.Changes
                    $hasParameters = $true
                }
                $result.Add("## $($s.Title)")
                foreach ($l in $s.Lines) { $result.Add($l) }
                if (-not $hasSyntax -and $s.Title -eq 'SYNOPSIS') {
                    if ($result[$result.Count - 1].Trim()) { $result.Add('') }
                    $result.AddRange([string[]] $syntaxLines); $hasSyntax = $true
                }
            }
        }
    }
    if (-not $hasParameters) {
        if ($result.Count -and $result[$result.Count - 1].Trim()) { $result.Add('') }
        $p = Get-ParametersSection $Command @(); $result.AddRange([string[]] $p.Lines); $changes += $p.Changes
    }
    # One blank line at the end of the file, never a run of them.
    $textOut = ($result -join "`n").TrimEnd() + "`n"
    @{ Text = $textOut; Changes = $changes }
}

$created = 0; $updated = 0; $unchanged = 0
foreach ($cmd in $cmdlets) {
    $path = Join-Path $DocsPath "$($cmd.Name).md"
    $rel = "docs/$($cmd.Name).md"
    if (-not (Test-Path -LiteralPath $path)) {
        $text = ((New-Skeleton $cmd) -join "`n").TrimEnd() + "`n"
        [IO.File]::WriteAllText($path, $text, [System.Text.UTF8Encoding]::new($false))
        Write-Host "  created $rel (fill in the {{ ... }} placeholders)"
        $created++
        continue
    }
    $old = [IO.File]::ReadAllText($path)
    $crlf = $old.Contains("`r`n")
    $new = Update-Doc $cmd $old
    $text = if ($crlf) { $new.Text -replace "`n", "`r`n" } else { $new.Text }
    if ($text -ceq $old) { $unchanged++; continue }
    [IO.File]::WriteAllText($path, $text, [System.Text.UTF8Encoding]::new($false))
    $what = if ($new.Changes) { " (parameters: $($new.Changes -join ', '))" } else { ' (syntax/metadata)' }
    Write-Host "  updated $rel$what"
    $updated++
}
foreach ($f in Get-ChildItem -LiteralPath $DocsPath -Filter '*.md' -File) {
    if ($f.BaseName -match '^[A-Za-z]+-[A-Za-z0-9]+$' -and -not ($module.ExportedCmdlets.ContainsKey($f.BaseName))) {
        Write-Warning "docs/$($f.Name) documents no exported cmdlet (renamed or removed?)."
    }
}
if (-not (Get-ChildItem -LiteralPath $DocsPath -Filter 'about_*.md' -File)) { Write-Warning 'No docs/about_*.md topic.' }
Write-Host "  docs: $created created, $updated updated, $unchanged unchanged"
