<#
.SYNOPSIS
Writes the module's external help (MAML) and about topic from docs/*.md.

.DESCRIPTION
Run by 'build.ps1 build' in a child pwsh process: it imports the freshly built module, so the
syntax and parameter metadata in the help come from Get-Command, and only the prose (synopsis,
description, parameter descriptions, examples, inputs, outputs, notes, links) comes from the
platyPS-format markdown in docs/, read with ConvertFrom-Markdown.

Writes <OutputPath>/<Module>.dll-Help.xml and, from docs/about_*.md, <OutputPath>/about_*.help.txt.
A cmdlet without a doc file gets a warning and no help entry (Get-Help then shows its syntax only).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $DocsPath,
    [Parameter(Mandatory)] [string] $OutputPath
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
Import-Module (Join-Path $PSScriptRoot 'HelpTools.psm1') -Force

$module = Import-Module -Name (Resolve-Path -LiteralPath $ModulePath).ProviderPath -Force -PassThru -ErrorAction Stop
$cmdlets = @($module.ExportedCmdlets.Values | Sort-Object Name)
$null = New-Item -ItemType Directory -Force -Path $OutputPath

$ns = @{
    msh     = 'http://msh'
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
    MSHelp  = 'http://msdn.microsoft.com/mshelp'
}

$docFiles = @{}
if (Test-Path -LiteralPath $DocsPath) {
    foreach ($f in Get-ChildItem -LiteralPath $DocsPath -Filter '*.md' -File) { $docFiles[$f.BaseName] = $f.FullName }
}
else {
    Write-Warning "No docs folder ($DocsPath): the help has no cmdlet entries."
}

# Doc files that name no exported cmdlet (Verb-Noun names only; about_ topics and other pages are fine).
foreach ($name in $docFiles.Keys) {
    if ($name -match '^[A-Za-z]+-[A-Za-z0-9]+$' -and -not ($cmdlets | Where-Object Name -EQ $name)) {
        Write-Warning "docs/$name.md documents no exported cmdlet of $($module.Name)."
    }
}

function Write-Element([System.Xml.XmlWriter] $W, [string] $Prefix, [string] $Name, [string] $Text) {
    $W.WriteStartElement($Prefix, $Name, $ns[$Prefix])
    if ($null -ne $Text) { $W.WriteString($Text) }
    $W.WriteEndElement()
}

function Write-Paras([System.Xml.XmlWriter] $W, [string[]] $Paras) {
    $any = $false
    foreach ($p in @($Paras)) {
        if ($null -eq $p) { continue }
        Write-Element $W 'maml' 'para' $p
        $any = $true
    }
    if (-not $any) { Write-Element $W 'maml' 'para' '' }
}

function Write-Description([System.Xml.XmlWriter] $W, [string[]] $Paras) {
    $W.WriteStartElement('maml', 'description', $ns.maml)
    Write-Paras $W $Paras
    $W.WriteEndElement()
}

function Write-ParameterValue([System.Xml.XmlWriter] $W, $P, [bool] $Required) {
    if ($P.AcceptedValues.Count) {
        $W.WriteStartElement('command', 'parameterValueGroup', $ns.command)
        foreach ($v in $P.AcceptedValues) {
            $W.WriteStartElement('command', 'parameterValue', $ns.command)
            $W.WriteAttributeString('required', 'false')
            $W.WriteAttributeString('command', 'variableLength', $ns.command, 'false')
            $W.WriteString([string] $v)
            $W.WriteEndElement()
        }
        $W.WriteEndElement()
    }
    $W.WriteStartElement('command', 'parameterValue', $ns.command)
    $W.WriteAttributeString('required', $Required.ToString().ToLowerInvariant())
    $W.WriteAttributeString('variableLength', ([bool] $P.Type.IsArray).ToString().ToLowerInvariant())
    $W.WriteString($P.TypeName)
    $W.WriteEndElement()
}

function Write-Parameter([System.Xml.XmlWriter] $W, $P, [bool] $Required, [int] $Position, [string] $PipelineInput,
    [string[]] $Description, [string] $DefaultValue, [switch] $InSyntax) {
    $W.WriteStartElement('command', 'parameter', $ns.command)
    $W.WriteAttributeString('required', $Required.ToString().ToLowerInvariant())
    $W.WriteAttributeString('variableLength', 'true')
    $W.WriteAttributeString('globbing', $P.Globbing.ToString().ToLowerInvariant())
    $W.WriteAttributeString('pipelineInput', $PipelineInput)
    $W.WriteAttributeString('position', $(if ($Position -eq [int]::MinValue) { 'named' } else { [string] $Position }))
    $W.WriteAttributeString('aliases', $(if ($P.Aliases.Count) { $P.Aliases -join ', ' } else { 'none' }))
    Write-Element $W 'maml' 'name' $P.Name
    Write-Description $W $Description
    # A switch has no value in the syntax (Get-Help shows '[-PassThru]'); in the parameter list it does.
    if (-not ($InSyntax -and $P.IsSwitch)) { Write-ParameterValue $W $P $Required }
    $W.WriteStartElement('dev', 'type', $ns.dev)
    Write-Element $W 'maml' 'name' $P.TypeFullName
    Write-Element $W 'maml' 'uri' ''
    $W.WriteEndElement()
    Write-Element $W 'dev' 'defaultValue' $(if ($DefaultValue) { $DefaultValue } elseif ($P.IsSwitch) { 'False' } else { 'None' })
    $W.WriteEndElement()
}

$script:Undocumented = [System.Collections.Generic.List[string]]::new()
function Get-ParameterDescription($Help, [string] $Command, [string] $Name) {
    $d = $null
    if ($Help.Parameters.Contains($Name)) { $d = @($Help.Parameters[$Name]) }
    if (-not $d -or $d.Count -eq 0) {
        $std = Get-CioStandardParameterDescription $Name
        if ($std) { return , @($std) }
        if (-not $script:Undocumented.Contains($Name)) { $script:Undocumented.Add($Name) }
        return , @()
    }
    , $d
}

function Get-ExampleTitle([string] $Title) {
    "-------------------------- $Title --------------------------"
}

$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.IndentChars = '  '
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$settings.NewLineChars = "`n"

$mamlPath = Join-Path $OutputPath "$($module.Name).dll-Help.xml"
$tmp = "$mamlPath.tmp"
$written = @()
$w = [System.Xml.XmlWriter]::Create($tmp, $settings)
try {
    $w.WriteStartDocument()
    $w.WriteStartElement('helpItems', $ns.msh)
    $w.WriteAttributeString('schema', 'maml')
    foreach ($cmd in $cmdlets) {
        if (-not $docFiles.ContainsKey($cmd.Name)) {
            Write-Warning "$($cmd.Name) has no docs/$($cmd.Name).md: no help entry (run 'build.ps1 docs' for a skeleton)."
            continue
        }
        $help = Read-CioMarkdownHelp -Path $docFiles[$cmd.Name]
        if ($help.Name -and $help.Name -ne $cmd.Name) { Write-Warning "docs/$($cmd.Name).md is titled '$($help.Name)'." }
        $script:Undocumented.Clear()
        $issues = [System.Collections.Generic.List[string]]::new()
        $sets = @(Get-CioHelpParameterSet -Command $cmd)
        $params = @(Get-CioHelpParameter -Command $cmd -ParameterSet $sets)
        $paramByName = @{}
        foreach ($p in $params) { $paramByName[$p.Name] = $p }
        foreach ($documented in $help.Parameters.Keys) {
            if (-not $paramByName.ContainsKey($documented)) { Write-Warning "$($cmd.Name): docs describe -$documented, which the cmdlet does not have." }
        }

        $w.WriteStartElement('command', 'command', $ns.command)
        foreach ($prefix in 'maml', 'command', 'dev', 'MSHelp') { $w.WriteAttributeString('xmlns', $prefix, $null, $ns[$prefix]) }

        $w.WriteStartElement('command', 'details', $ns.command)
        Write-Element $w 'command' 'name' $cmd.Name
        Write-Element $w 'command' 'verb' $cmd.Verb
        Write-Element $w 'command' 'noun' $cmd.Noun
        if ($help.Synopsis.Count -eq 0) { $issues.Add('no synopsis') }
        Write-Description $w @($help.Synopsis)
        $w.WriteEndElement() # details

        if ($help.Description.Count -eq 0) { $issues.Add('no description') }
        Write-Description $w @($help.Description)

        $w.WriteStartElement('command', 'syntax', $ns.command)
        foreach ($set in $sets) {
            $w.WriteStartElement('command', 'syntaxItem', $ns.command)
            Write-Element $w 'maml' 'name' $cmd.Name
            foreach ($sp in $set.Parameters) {
                $p = $paramByName[$sp.Name]
                Write-Parameter $w $p $sp.IsMandatory $sp.Position (Get-CioPipelineInputText $sp.ValueFromPipeline $sp.ValueFromPipelineByPropertyName) `
                (Get-ParameterDescription $help $cmd.Name $sp.Name 3>$null) $help.ParameterDefaults[$sp.Name] -InSyntax
            }
            $w.WriteEndElement()
        }
        $w.WriteEndElement() # syntax

        $w.WriteStartElement('command', 'parameters', $ns.command)
        foreach ($p in $params) {
            Write-Parameter $w $p $p.Required $p.Position (Get-CioPipelineInputText $p.ByValue $p.ByPropertyName) `
            (Get-ParameterDescription $help $cmd.Name $p.Name) $help.ParameterDefaults[$p.Name]
        }
        $w.WriteEndElement() # parameters

        foreach ($kind in @(@{ Outer = 'inputTypes'; Inner = 'inputType'; Items = $help.Inputs }, @{ Outer = 'returnValues'; Inner = 'returnValue'; Items = $help.Outputs })) {
            $w.WriteStartElement('command', $kind.Outer, $ns.command)
            foreach ($item in $kind.Items) {
                $w.WriteStartElement('command', $kind.Inner, $ns.command)
                $w.WriteStartElement('dev', 'type', $ns.dev)
                Write-Element $w 'maml' 'name' $item.Name
                $w.WriteEndElement()
                Write-Description $w @($item.Description)
                $w.WriteEndElement()
            }
            $w.WriteEndElement()
        }

        $w.WriteStartElement('maml', 'alertSet', $ns.maml)
        $w.WriteStartElement('maml', 'alert', $ns.maml)
        Write-Paras $w @($help.Notes)
        $w.WriteEndElement()
        $w.WriteEndElement()

        $w.WriteStartElement('command', 'examples', $ns.command)
        if ($help.Examples.Count -eq 0) { $issues.Add('no examples') }
        foreach ($ex in $help.Examples) {
            $w.WriteStartElement('command', 'example', $ns.command)
            Write-Element $w 'maml' 'title' (Get-ExampleTitle $ex.Title)
            Write-Element $w 'dev' 'code' (@($ex.Code) -join "`n`n")
            $w.WriteStartElement('dev', 'remarks', $ns.dev)
            # The empty last paragraph keeps a blank line before the next example's title.
            Write-Paras $w (@($ex.Introduction) + @($ex.Remarks) + @(''))
            $w.WriteEndElement()
            $w.WriteEndElement()
        }
        $w.WriteEndElement() # examples

        $w.WriteStartElement('command', 'relatedLinks', $ns.command)
        $online = if ($help.FrontMatter.Contains('online version')) { $help.FrontMatter['online version'] } else { '' }
        if ($online) {
            $w.WriteStartElement('maml', 'navigationLink', $ns.maml)
            Write-Element $w 'maml' 'linkText' 'Online Version:'
            Write-Element $w 'maml' 'uri' $online
            $w.WriteEndElement()
        }
        # Only absolute links: a relative one (Connect-CioTrack.md) is kept as text without a uri.
        foreach ($link in $help.Links) {
            $w.WriteStartElement('maml', 'navigationLink', $ns.maml)
            Write-Element $w 'maml' 'linkText' $link.Text
            Write-Element $w 'maml' 'uri' $(if ($link.Uri -match '^[a-z][a-z0-9+.-]*://') { $link.Uri } else { '' })
            $w.WriteEndElement()
        }
        $w.WriteEndElement() # relatedLinks

        $w.WriteEndElement() # command
        $written += $cmd.Name
        if ($script:Undocumented.Count) { $issues.Add("no description of -$($script:Undocumented -join ', -')") }
        $placeholders = @($help.Placeholders | Select-Object -Unique)
        if ($placeholders.Count) { $issues.Add("$($placeholders.Count) placeholder(s) left out") }
        if ($issues.Count) { Write-Warning "docs/$($cmd.Name).md: $($issues -join '; ')." }
    }
    $w.WriteEndElement() # helpItems
    $w.WriteEndDocument()
}
finally {
    $w.Dispose()
}
[IO.File]::Move($tmp, $mamlPath, $true)

# ---------------------------------------------------------------------------------------------
# about topics: docs/about_*.md -> about_*.help.txt (TOPIC / SHORT DESCRIPTION / LONG DESCRIPTION ...)
# ---------------------------------------------------------------------------------------------

function Format-Wrapped([string] $Text, [int] $Indent, [int] $HangingIndent = $Indent, [int] $Width = 80) {
    $lines = [System.Collections.Generic.List[string]]::new()
    foreach ($hard in $Text -split "`n") {
        $pad = ' ' * $Indent
        $line = $pad
        $lineHasWord = $false
        foreach ($word in ($hard -split '\s+' | Where-Object { $_ })) {
            if ($lineHasWord -and ($line.Length + 1 + $word.Length) -gt $Width) {
                $lines.Add($line)
                $pad = ' ' * $HangingIndent
                $line = $pad + $word
            }
            else {
                $line = if ($lineHasWord) { "$line $word" } else { $line + $word }
            }
            $lineHasWord = $true
        }
        $lines.Add($line.TrimEnd())
        $Indent = $HangingIndent
    }
    $lines
}

$aboutWritten = @()
foreach ($name in @($docFiles.Keys | Where-Object { $_ -like 'about_*' } | Sort-Object)) {
    $help = Read-CioMarkdownHelp -Path $docFiles[$name]
    $topic = if ($help.Name) { $help.Name } else { $name }
    $out = [System.Collections.Generic.List[string]]::new()
    $out.Add('TOPIC')
    $out.Add("    $topic")
    foreach ($section in $help.Sections.Keys) {
        foreach ($part in $help.Sections[$section]) {
            $out.Add('')
            if ($part.Level -eq 2) { $out.Add($section.ToUpperInvariant()) }
            else { $out.Add("  $($part.Heading)"); }
            $first = $true
            $previousWasItem = $false
            foreach ($para in $part.Paragraphs) {
                # Paragraphs are separated by blank lines, the items of a list are not.
                $isItem = $para.StartsWith("`0LIST`0") -or $para.StartsWith("`0LST1`0")
                $continuesList = $para.StartsWith("`0LIST`0") -and $previousWasItem
                if (-not $first -and -not $continuesList) { $out.Add('') }
                $first = $false
                $previousWasItem = $isItem
                if ($para.StartsWith("`0CODE`0")) {
                    foreach ($l in ($para.Substring(6) -split "`n")) { $out.Add(("        $l").TrimEnd()) }
                }
                elseif ($isItem) {
                    $item = $para.Substring(6)
                    $m = [regex]::Match($item, '^(?<lead>\s*)(?<bullet>(?:[-*+]|\d+[.)])\s)?')
                    $lead = $m.Groups['lead'].Value.Length
                    $bullet = $m.Groups['bullet'].Value.Length
                    foreach ($l in (Format-Wrapped $item.TrimStart() (4 + $lead) (4 + $lead + $bullet))) { $out.Add($l) }
                }
                else {
                    foreach ($l in (Format-Wrapped $para 4)) { $out.Add($l) }
                }
            }
        }
    }
    $text = ($out -join "`n") + "`n"
    $target = Join-Path $OutputPath "$name.help.txt"
    [IO.File]::WriteAllText("$target.tmp", $text, [System.Text.UTF8Encoding]::new($false))
    [IO.File]::Move("$target.tmp", $target, $true)
    $aboutWritten += "$name.help.txt"
}
if (-not ($docFiles.Keys | Where-Object { $_ -like 'about_*' })) { Write-Warning 'No docs/about_*.md: no about topic.' }

# Help files of an earlier build that this one did not write (a topic that went away).
foreach ($f in Get-ChildItem -LiteralPath $OutputPath -File) {
    if ($f.Name -ne [IO.Path]::GetFileName($mamlPath) -and $aboutWritten -notcontains $f.Name) { Remove-Item -LiteralPath $f.FullName -Force }
}
Write-Host ("    help: {0} of {1} cmdlets documented, {2} about topic(s)" -f $written.Count, $cmdlets.Count, $aboutWritten.Count)
