<#
Shared by build/New-MamlHelp.ps1 (markdown -> MAML) and build/Update-MarkdownHelp.ps1 (cmdlets ->
markdown), and importable by tests that check the docs against the code:

  Get-CioHelpParameterSet  -Command $cmd     parameter sets, parameters in PowerShell's display order
  Get-CioHelpParameter     -Command $cmd     every documented parameter (common ones left out), merged over sets
  Get-CioSyntaxText        -Command $cmd     platyPS-style syntax line per parameter set
  Get-CioSyntaxMarkdown    -Command $cmd     the '## SYNTAX' section body (### set + fenced syntax)
  Get-CioParameterYaml     -Command $cmd -Name X   the ```yaml blocks of one parameter
  Read-CioMarkdownHelp     -Path file.md     a platyPS schema 2.0.0 file, prose as plain text
  ConvertTo-CioPlainText   -Block $markdigBlock   plain text of a Markdig block (markdown stripped)

Prose is read with pwsh's own ConvertFrom-Markdown (Markdig); syntax and parameter metadata come
from Get-Command, never from the markdown.
#>
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
# Loads Markdig (pwsh's markdown engine), whose types the functions below test for.
$null = ConvertFrom-Markdown -InputObject ' '

# Common parameters never appear in help parameters; WhatIf and Confirm do (as in platyPS).
$script:CommonParameters = [System.Collections.Generic.HashSet[string]]::new([StringComparer]::OrdinalIgnoreCase)
foreach ($n in @([System.Management.Automation.Cmdlet]::CommonParameters) + @(
        'Verbose', 'Debug', 'ErrorAction', 'WarningAction', 'InformationAction', 'ProgressAction', 'ErrorVariable',
        'WarningVariable', 'InformationVariable', 'OutVariable', 'OutBuffer', 'PipelineVariable', 'UseTransaction')) {
    $null = $script:CommonParameters.Add($n)
}

$script:StandardDescriptions = @{
    WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    Confirm = 'Prompts you for confirmation before running the cmdlet.'
}

$script:CommonParametersParagraph = 'This cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable, -InformationAction, -InformationVariable, -OutBuffer, -OutVariable, -PipelineVariable, -ProgressAction, -Verbose, -WarningAction, and -WarningVariable. For more information, see [about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).'

function Test-CioCommonParameter([string] $Name) { $script:CommonParameters.Contains($Name) }

function Get-CioStandardParameterDescription([string] $Name) { $script:StandardDescriptions[$Name] }

function Get-CioCommonParametersParagraph { $script:CommonParametersParagraph }

function Get-CioTypeDisplayName {
    <# 'String', 'String[]', 'SwitchParameter', 'Hashtable', 'DateTime' (for Nullable<DateTime>), 'List[String]'. #>
    param([Parameter(Mandatory)] [type] $Type)
    if ($Type.IsArray) { return (Get-CioTypeDisplayName $Type.GetElementType()) + '[]' }
    $under = [Nullable]::GetUnderlyingType($Type)
    if ($under) { return Get-CioTypeDisplayName $under }
    if ($Type.IsGenericType) {
        $base = $Type.Name -replace '`\d+$', ''
        return $base + '[' + ((@($Type.GetGenericArguments() | ForEach-Object { Get-CioTypeDisplayName $_ })) -join ',') + ']'
    }
    $Type.Name
}

function Get-CioTypeFullName {
    param([Parameter(Mandatory)] [type] $Type)
    if ($Type.IsArray) { return (Get-CioTypeFullName $Type.GetElementType()) + '[]' }
    $under = [Nullable]::GetUnderlyingType($Type)
    if ($under) { return Get-CioTypeFullName $under }
    if ($Type.IsGenericType) {
        $base = $Type.FullName
        if (-not $base) { $base = $Type.Name }
        $base = ($base -split '\[', 2)[0] -replace '`\d+$', ''
        return $base + '[' + ((@($Type.GetGenericArguments() | ForEach-Object { Get-CioTypeFullName $_ })) -join ',') + ']'
    }
    if ($Type.FullName) { $Type.FullName } else { $Type.Name }
}

function Get-CioAcceptedValues {
    <# ValidateSet values, or the names of an enum type (also for arrays and Nullable of enums). #>
    param([Parameter(Mandatory)] $Parameter)
    $set = @($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] })
    if ($set.Count -gt 0) { return @($set[0].ValidValues) }
    $t = $Parameter.ParameterType
    if ($t.IsArray) { $t = $t.GetElementType() }
    $u = [Nullable]::GetUnderlyingType($t)
    if ($u) { $t = $u }
    if ($t.IsEnum) { return @([Enum]::GetNames($t)) }
    @()
}

function Get-CioPipelineInputText([bool] $ByValue, [bool] $ByPropertyName) {
    if ($ByValue -and $ByPropertyName) { 'True (ByPropertyName, ByValue)' }
    elseif ($ByValue) { 'True (ByValue)' }
    elseif ($ByPropertyName) { 'True (ByPropertyName)' }
    else { 'False' }
}

function Get-CioHelpParameterSet {
    <#
    One object per parameter set: Name, IsDefault, IsOnlySet, Parameters (common ones left out) in
    PowerShell's display order (positional by position, then the others in metadata order).
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [System.Management.Automation.CommandInfo] $Command)
    $sets = @($Command.ParameterSets)
    $wildcard = [System.Management.Automation.SupportsWildcardsAttribute]
    $cache = @{} # per parameter: what does not depend on the set
    foreach ($set in $sets) {
        $positional = [System.Collections.Generic.List[object]]::new()
        $named = [System.Collections.Generic.List[object]]::new()
        foreach ($cp in $set.Parameters) {
            if ($script:CommonParameters.Contains($cp.Name)) { continue }
            if ($cp.Position -ne [int]::MinValue) { $positional.Add($cp) } else { $named.Add($cp) }
        }
        $ordered = [System.Collections.Generic.List[object]]::new()
        foreach ($cp in @($positional | Sort-Object Position) + $named.ToArray()) {
            if ($null -eq $cp) { continue }
            $fixed = $cache[$cp.Name]
            if (-not $fixed) {
                $globbing = $false
                foreach ($a in $Command.Parameters[$cp.Name].Attributes) { if ($a -is $wildcard) { $globbing = $true } }
                $fixed = @{
                    TypeName       = Get-CioTypeDisplayName $cp.ParameterType
                    TypeFullName   = Get-CioTypeFullName $cp.ParameterType
                    Globbing       = $globbing
                    AcceptedValues = @(Get-CioAcceptedValues $cp)
                }
                $cache[$cp.Name] = $fixed
            }
            $ordered.Add([pscustomobject]@{
                    Name                            = $cp.Name
                    Type                            = $cp.ParameterType
                    TypeName                        = $fixed.TypeName
                    TypeFullName                    = $fixed.TypeFullName
                    IsSwitch                        = $cp.ParameterType -eq [System.Management.Automation.SwitchParameter]
                    IsMandatory                     = $cp.IsMandatory
                    Position                        = $cp.Position
                    ValueFromPipeline               = $cp.ValueFromPipeline
                    ValueFromPipelineByPropertyName = $cp.ValueFromPipelineByPropertyName
                    ValueFromRemainingArguments     = $cp.ValueFromRemainingArguments
                    Aliases                         = @($cp.Aliases)
                    Globbing                        = $fixed.Globbing
                    AcceptedValues                  = $fixed.AcceptedValues
                })
        }
        [pscustomobject]@{
            Name       = $set.Name
            IsDefault  = $set.IsDefault
            IsOnlySet  = $sets.Count -eq 1
            Parameters = $ordered.ToArray()
        }
    }
}

function Get-CioHelpParameter {
    <#
    Every parameter of the command that help documents (common ones left out), merged over its
    parameter sets: Name, types, Aliases, AcceptedValues, Globbing, InAllSets, Required (in every
    set it is in), Position (the first set's that has one), ByValue/ByPropertyName (in any set), and
    Sets (one entry per set with Required/Position/pipeline input), in alphabetical order (as
    platyPS writes them). -ParameterSet reuses the output of Get-CioHelpParameterSet.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [System.Management.Automation.CommandInfo] $Command, [object[]] $ParameterSet)
    $sets = if ($ParameterSet) { $ParameterSet } else { @(Get-CioHelpParameterSet -Command $Command) }
    $first = @{}
    $setsOf = @{}
    foreach ($set in $sets) {
        foreach ($p in $set.Parameters) {
            if (-not $first.ContainsKey($p.Name)) {
                $first[$p.Name] = $p
                $setsOf[$p.Name] = [System.Collections.Generic.List[object]]::new()
            }
            $setsOf[$p.Name].Add([pscustomobject]@{
                    SetName        = $set.Name
                    IsAllSets      = $set.Name -eq '__AllParameterSets'
                    Required       = $p.IsMandatory
                    Position       = $p.Position
                    ByValue        = $p.ValueFromPipeline
                    ByPropertyName = $p.ValueFromPipelineByPropertyName
                })
        }
    }
    foreach ($name in [System.Linq.Enumerable]::OrderBy([string[]] @($first.Keys), [Func[string, string]] { param($k) $k }, [StringComparer]::OrdinalIgnoreCase)) {
        $p = $first[$name]
        $in = $setsOf[$name]
        $required = $true; $position = [int]::MinValue; $byValue = $false; $byName = $false
        foreach ($s in $in) {
            if (-not $s.Required) { $required = $false }
            if ($position -eq [int]::MinValue -and $s.Position -ne [int]::MinValue) { $position = $s.Position }
            if ($s.ByValue) { $byValue = $true }
            if ($s.ByPropertyName) { $byName = $true }
        }
        [pscustomobject]@{
            Name           = $p.Name
            Type           = $p.Type
            TypeName       = $p.TypeName
            TypeFullName   = $p.TypeFullName
            IsSwitch       = $p.IsSwitch
            Aliases        = $p.Aliases
            AcceptedValues = $p.AcceptedValues
            Globbing       = $p.Globbing
            Sets           = $in
            InAllSets      = $in.Count -eq @($sets).Count
            Required       = $required
            Position       = $position
            ByValue        = $byValue
            ByPropertyName = $byName
        }
    }
}

function Get-CioSyntaxText {
    <#
    One object per parameter set: SetName, Header (the markdown '### ' text: the set name, with
    ' (Default)' for the default of several sets) and Text, the platyPS-style syntax line, e.g.
    'Set-CioCustomer [-Id] <String> [-Email <String>] [-PassThru] [-WhatIf] [-Confirm] [<CommonParameters>]'.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [System.Management.Automation.CommandInfo] $Command)
    $sets = @(Get-CioHelpParameterSet -Command $Command)
    foreach ($set in $sets) {
        $parts = [System.Collections.Generic.List[string]]::new()
        $parts.Add($Command.Name)
        foreach ($p in $set.Parameters) {
            $name = if ($p.Position -ne [int]::MinValue) { "[-$($p.Name)]" } else { "-$($p.Name)" }
            $text = if ($p.IsSwitch) { $name } else { "$name <$($p.TypeName)>" }
            if (-not $p.IsMandatory) { $text = "[$text]" }
            $parts.Add($text)
        }
        $parts.Add('[<CommonParameters>]')
        $header = $set.Name
        if ($set.IsDefault -and -not $set.IsOnlySet) { $header = "$header (Default)" }
        [pscustomobject]@{ SetName = $set.Name; Header = $header; Text = ($parts -join ' ') }
    }
}

function Get-CioSyntaxMarkdown {
    <# The body of the '## SYNTAX' section: for each set '### Header', a blank line, a fenced syntax block. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [System.Management.Automation.CommandInfo] $Command)
    $lines = [System.Collections.Generic.List[string]]::new()
    foreach ($s in Get-CioSyntaxText -Command $Command) {
        $lines.Add("### $($s.Header)")
        $lines.Add('```')
        $lines.Add($s.Text)
        $lines.Add('```')
        $lines.Add('')
    }
    if ($lines.Count -and $lines[$lines.Count - 1] -eq '') { $lines.RemoveAt($lines.Count - 1) }
    , $lines.ToArray()
}

function Get-CioParameterYaml {
    <#
    The ```yaml blocks of one parameter, platyPS style: one block per distinct combination of
    Required/Position/pipeline input over the parameter sets. -DefaultValue keeps a default value
    that a writer put in the markdown (the metadata of a compiled cmdlet has none).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Parameter,
        [string] $DefaultValue
    )
    $p = $Parameter
    if (-not $DefaultValue) { $DefaultValue = if ($p.IsSwitch) { 'False' } else { 'None' } }
    $groups = [ordered]@{}
    foreach ($s in $p.Sets) {
        $key = '{0}|{1}|{2}|{3}' -f $s.Required, $s.Position, $s.ByValue, $s.ByPropertyName
        if (-not $groups.Contains($key)) { $groups[$key] = [System.Collections.Generic.List[object]]::new() }
        $groups[$key].Add($s)
    }
    $blocks = [System.Collections.Generic.List[object]]::new()
    foreach ($key in $groups.Keys) {
        $g = $groups[$key]
        $first = $g[0]
        $setNames = if ($p.InAllSets -and $groups.Count -eq 1) { '(All)' } else { ($g | ForEach-Object SetName) -join ', ' }
        $lines = [System.Collections.Generic.List[string]]::new()
        $lines.Add('```yaml')
        $lines.Add("Type: $($p.TypeName)")
        $lines.Add("Parameter Sets: $setNames")
        $lines.Add("Aliases: $(if ($p.Aliases.Count) { $p.Aliases -join ', ' })".TrimEnd())
        if ($p.AcceptedValues.Count) { $lines.Add("Accepted values: $($p.AcceptedValues -join ', ')") }
        $lines.Add('')
        $lines.Add("Required: $($first.Required)")
        $lines.Add("Position: $(if ($first.Position -eq [int]::MinValue) { 'Named' } else { $first.Position })")
        $lines.Add("Default value: $DefaultValue")
        $lines.Add("Accept pipeline input: $(Get-CioPipelineInputText $first.ByValue $first.ByPropertyName)")
        $lines.Add("Accept wildcard characters: $($p.Globbing)")
        $lines.Add('```')
        $blocks.Add($lines.ToArray())
    }
    $out = [System.Collections.Generic.List[string]]::new()
    foreach ($b in $blocks) {
        if ($out.Count) { $out.Add('') }
        $out.AddRange([string[]] $b)
    }
    , $out.ToArray()
}

# ---------------------------------------------------------------------------------------------
# Markdown (prose) reading
# ---------------------------------------------------------------------------------------------

function Split-CioFrontMatter {
    <# Returns @{ FrontMatter = [ordered] key/values; Body = text after the front matter }. #>
    param([Parameter(Mandatory)] [AllowEmptyString()] [string] $Text)
    $fm = [ordered]@{}
    $m = [regex]::Match($Text, '\A\uFEFF?---[ \t]*\r?\n(?<fm>.*?)\r?\n---[ \t]*(\r?\n|\z)', 'Singleline')
    if (-not $m.Success) { return @{ FrontMatter = $fm; Body = $Text } }
    foreach ($line in $m.Groups['fm'].Value -split '\r?\n') {
        $kv = [regex]::Match($line, '^\s*(?<k>[^:#][^:]*?)\s*:\s*(?<v>.*?)\s*$')
        if ($kv.Success) { $fm[$kv.Groups['k'].Value] = $kv.Groups['v'].Value }
    }
    @{ FrontMatter = $fm; Body = $Text.Substring($m.Length) }
}

function ConvertTo-CioInlineText {
    <# Plain text of Markdig inlines: emphasis and code marks dropped, links as 'text (url)'. #>
    param($Inline)
    if ($null -eq $Inline) { return '' }
    $sb = [System.Text.StringBuilder]::new()
    $isContainer = $Inline -is [Markdig.Syntax.Inlines.ContainerInline]
    $node = if ($isContainer) { $Inline.FirstChild } else { $Inline }
    while ($null -ne $node) {
        if ($node -is [Markdig.Syntax.Inlines.LiteralInline]) { $null = $sb.Append($node.Content.ToString()) }
        elseif ($node -is [Markdig.Syntax.Inlines.CodeInline]) { $null = $sb.Append($node.Content) }
        elseif ($node -is [Markdig.Syntax.Inlines.LineBreakInline]) { $null = $sb.Append($(if ($node.IsHard) { "`n" } else { ' ' })) }
        elseif ($node -is [Markdig.Syntax.Inlines.HtmlEntityInline]) { $null = $sb.Append($node.Transcoded.ToString()) }
        elseif ($node -is [Markdig.Syntax.Inlines.HtmlInline]) { }
        elseif ($node -is [Markdig.Syntax.Inlines.AutolinkInline]) { $null = $sb.Append($node.Url) }
        elseif ($node -is [Markdig.Syntax.Inlines.LinkInline]) {
            $label = ConvertTo-CioInlineText $node
            $url = $node.Url
            if (-not $node.IsImage -and $url -and $url -match '^(https?|mailto):' -and $url -ne $label) { $null = $sb.Append("$label ($url)") }
            else { $null = $sb.Append($label) }
        }
        elseif ($node -is [Markdig.Syntax.Inlines.ContainerInline]) { $null = $sb.Append((ConvertTo-CioInlineText $node)) }
        else { $null = $sb.Append($node.ToString()) }
        if (-not $isContainer) { break }
        $node = $node.NextSibling
    }
    $sb.ToString()
}

function ConvertTo-CioPlainText {
    <#
    Plain-text paragraphs of one Markdig block, one string each: paragraphs with their soft line
    breaks joined, list items as '- text' (or '1. text'), code blocks verbatim, tables as
    'cell | cell' lines, quotes as their paragraphs.
    #>
    param([Parameter(Mandatory)] $Block, [string] $Indent = '')
    if ($Block -is [Markdig.Syntax.HeadingBlock]) { return (ConvertTo-CioInlineText $Block.Inline).Trim() }
    if ($Block -is [Markdig.Syntax.ParagraphBlock]) {
        $t = (ConvertTo-CioInlineText $Block.Inline).Trim()
        if ($t) { return $t }
        return
    }
    if ($Block -is [Markdig.Syntax.CodeBlock]) {
        # StringLineGroup.Lines has spare capacity: only the first Count entries are lines.
        $group = $Block.Lines
        $lines = for ($i = 0; $i -lt $group.Count; $i++) { $group.Lines[$i].Slice.ToString() }
        return (@($lines) -join "`n").TrimEnd()
    }
    if ($Block -is [Markdig.Syntax.ListBlock]) {
        $n = 1
        if ($Block.IsOrdered -and $Block.OrderedStart) { $null = [int]::TryParse($Block.OrderedStart, [ref] $n) }
        foreach ($item in $Block) {
            $bullet = if ($Block.IsOrdered) { "$n$($Block.OrderedDelimiter) " } else { '- ' }
            $n++
            $first = $true
            foreach ($child in $item) {
                foreach ($para in @(ConvertTo-CioPlainText -Block $child -Indent ($Indent + '  '))) {
                    if ($first) { "$Indent$bullet$para"; $first = $false }
                    elseif ($child -is [Markdig.Syntax.ListBlock]) { $para }
                    else { "$Indent  $para" }
                }
            }
        }
        return
    }
    if ($Block -is [Markdig.Extensions.Tables.Table]) {
        $rows = foreach ($row in $Block) {
            $cells = foreach ($cell in $row) {
                (@(foreach ($b in $cell) { ConvertTo-CioPlainText -Block $b }) -join ' ').Trim()
            }
            @($cells) -join ' | '
        }
        return (@($rows) -join "`n")
    }
    if ($Block -is [Markdig.Syntax.ThematicBreakBlock] -or $Block -is [Markdig.Syntax.LinkReferenceDefinitionGroup] -or
        $Block -is [Markdig.Syntax.HtmlBlock]) { return }
    if ($Block -is [Markdig.Syntax.ContainerBlock]) {
        foreach ($child in $Block) { ConvertTo-CioPlainText -Block $child }
        return
    }
}

function Test-CioPlaceholder([string] $Text) {
    <# platyPS placeholders such as '{{ Fill in the Synopsis }}'. #>
    $Text -match '^\s*\{\{.*\}\}\s*$'
}

function Read-CioMarkdownHelp {
    <#
    Reads a platyPS schema 2.0.0 cmdlet file or an about_ topic into plain-text parts:
      FrontMatter, Name, Synopsis[], Description[], Examples (Title, Code[], Remarks[]),
      Parameters (ordered name -> paragraphs), Inputs/Outputs (Name, Description[]), Notes[],
      Links (Text, Uri), Sections (ordered H2 -> list of @{ Heading; Level; Paragraphs } for about topics),
      Placeholders (where '{{ ... }}' text was found and left out).
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Path)
    $raw = [IO.File]::ReadAllText((Resolve-Path -LiteralPath $Path).ProviderPath)
    $split = Split-CioFrontMatter $raw
    $doc = (ConvertFrom-Markdown -InputObject $split.Body).Tokens

    $help = [ordered]@{
        FrontMatter  = $split.FrontMatter
        Name         = $null
        Synopsis     = [System.Collections.Generic.List[string]]::new()
        Description  = [System.Collections.Generic.List[string]]::new()
        Examples     = [System.Collections.Generic.List[object]]::new()
        Parameters   = [ordered]@{}
        ParameterDefaults = @{}
        Inputs       = [System.Collections.Generic.List[object]]::new()
        Outputs      = [System.Collections.Generic.List[object]]::new()
        Notes        = [System.Collections.Generic.List[string]]::new()
        Links        = [System.Collections.Generic.List[object]]::new()
        Sections     = [ordered]@{}
        Placeholders = [System.Collections.Generic.List[string]]::new()
    }
    $h2 = $null
    $h3 = $null
    $currentParameter = $null
    $lastSection = $null
    $current = $null # the object that receives paragraphs under an H3 (example, parameter, input, output)
    foreach ($block in $doc) {
        if ($block -is [Markdig.Syntax.HeadingBlock]) {
            $title = (ConvertTo-CioInlineText $block.Inline).Trim()
            if ($block.Level -eq 1) { $help.Name = $title; $h2 = $null; continue }
            if ($block.Level -eq 2) {
                $h2 = $title.ToUpperInvariant(); $h3 = $null; $current = $null
                if (-not $help.Sections.Contains($title)) { $help.Sections[$title] = [System.Collections.Generic.List[object]]::new() }
                $lastSection = $help.Sections[$title]
                $lastSection.Add(@{ Heading = $null; Level = 2; Paragraphs = [System.Collections.Generic.List[string]]::new() })
                continue
            }
            $h3 = $title
            if ($h2) {
                $lastSection.Add(@{ Heading = $title; Level = $block.Level; Paragraphs = [System.Collections.Generic.List[string]]::new() })
            }
            switch ($h2) {
                'EXAMPLES' {
                    $current = [pscustomobject]@{ Title = $title; Code = [System.Collections.Generic.List[string]]::new(); Remarks = [System.Collections.Generic.List[string]]::new(); Introduction = [System.Collections.Generic.List[string]]::new() }
                    $help.Examples.Add($current)
                }
                'PARAMETERS' {
                    $pname = $title.TrimStart('-').Trim()
                    $currentParameter = $pname
                    $current = [System.Collections.Generic.List[string]]::new()
                    if ($pname -ne 'CommonParameters') { $help.Parameters[$pname] = $current }
                }
                'INPUTS' { $current = [pscustomobject]@{ Name = $title; Description = [System.Collections.Generic.List[string]]::new() }; $help.Inputs.Add($current) }
                'OUTPUTS' { $current = [pscustomobject]@{ Name = $title; Description = [System.Collections.Generic.List[string]]::new() }; $help.Outputs.Add($current) }
                default { $current = $null }
            }
            continue
        }
        if (-not $h2) { continue }

        # about topics and unknown sections: keep every paragraph in order, with code blocks marked.
        $sectionPart = $lastSection[$lastSection.Count - 1]
        $paras = @(ConvertTo-CioPlainText -Block $block)
        $isCode = $block -is [Markdig.Syntax.CodeBlock]
        $isList = $block -is [Markdig.Syntax.ListBlock]
        # Markers (6 characters) for about topics: code, first list item of a list, later list item.
        $firstItem = $true
        foreach ($p in $paras) {
            if ($isCode) { $sectionPart.Paragraphs.Add("`0CODE`0$p") }
            elseif ($isList) { $sectionPart.Paragraphs.Add($(if ($firstItem) { "`0LST1`0$p" } else { "`0LIST`0$p" })); $firstItem = $false }
            else { $sectionPart.Paragraphs.Add($p) }
        }

        $keep = [System.Collections.Generic.List[string]]::new()
        foreach ($p in $paras) {
            if ($p -match '^\s*\{\{.*\}\}\s*$') { $help.Placeholders.Add("$h2$(if ($h3) { " / $h3" })"); continue }
            if (-not $isCode) { $p = $p -replace '\{\{[^}]*\}\}', ''; if (-not $p.Trim()) { continue } }
            $keep.Add($p)
        }
        # A list stays one paragraph (its items on their own lines).
        if ($isList -and $keep.Count -gt 1) { $joined = $keep -join "`n"; $keep.Clear(); $keep.Add($joined) }
        switch ($h2) {
            'SYNOPSIS' { foreach ($p in $keep) { $help.Synopsis.Add($p) } }
            'DESCRIPTION' { foreach ($p in $keep) { $help.Description.Add($p) } }
            'EXAMPLES' {
                if ($null -eq $current) { break }
                # Code is the example's code blocks up to its first remark; output shown in ```text
                # (or ```output/```console) blocks, and code after a remark, belong to the remarks.
                $lang = if ($block -is [Markdig.Syntax.FencedCodeBlock]) { "$($block.Info)".Trim().ToLowerInvariant() } else { '' }
                $isOutput = $lang -in 'text', 'output', 'console', 'plaintext', 'txt'
                if ($isCode -and -not $isOutput -and $current.Remarks.Count -eq 0) { foreach ($p in $keep) { $current.Code.Add($p) } }
                elseif (-not $isCode -and $current.Code.Count -eq 0) { foreach ($p in $keep) { $current.Introduction.Add($p) } }
                else { foreach ($p in $keep) { $current.Remarks.Add($p) } }
            }
            'PARAMETERS' {
                if ($null -eq $current) { break }
                if ($block -is [Markdig.Syntax.FencedCodeBlock] -and "$($block.Info)" -eq 'yaml') {
                    # Only the default value is taken from the yaml: everything else comes from Get-Command.
                    $dm = [regex]::Match(($keep -join "`n"), '(?m)^Default value:[ \t]*(?<v>.*?)[ \t]*$')
                    if ($dm.Success -and $dm.Groups['v'].Value -and $dm.Groups['v'].Value -ne 'None' -and $currentParameter -and
                        -not $help.ParameterDefaults.ContainsKey($currentParameter)) {
                        $help.ParameterDefaults[$currentParameter] = $dm.Groups['v'].Value
                    }
                    break
                }
                foreach ($p in $keep) { $current.Add($p) }
            }
            { $_ -in 'INPUTS', 'OUTPUTS' } { if ($null -ne $current) { foreach ($p in $keep) { $current.Description.Add($p) } } }
            'NOTES' { foreach ($p in $keep) { $help.Notes.Add($p) } }
            'RELATED LINKS' {
                # Each list item (or paragraph) holds a link: [text](uri) or [text]() or a bare URL.
                foreach ($link in Get-CioLinks $block) { $help.Links.Add($link) }
            }
        }
    }
    [pscustomobject]$help
}

function Get-CioLinks {
    param($Block)
    $found = [System.Collections.Generic.List[object]]::new()
    $visit = $null
    $visit = {
        param($node)
        if ($null -eq $node) { return }
        if ($node -is [Markdig.Syntax.Inlines.LinkInline] -and -not $node.IsImage) {
            $found.Add([pscustomobject]@{ Text = (ConvertTo-CioInlineText $node).Trim(); Uri = "$($node.Url)" }); return
        }
        if ($node -is [Markdig.Syntax.Inlines.AutolinkInline]) { $found.Add([pscustomobject]@{ Text = $node.Url; Uri = $node.Url }); return }
        if ($node -is [Markdig.Syntax.LeafBlock]) {
            if ($node.Inline) {
                $before = $found.Count
                $child = $node.Inline.FirstChild
                while ($null -ne $child) { & $visit $child; $child = $child.NextSibling }
                if ($found.Count -eq $before) {
                    $t = (ConvertTo-CioInlineText $node.Inline).Trim()
                    if ($t -and -not (Test-CioPlaceholder $t)) { $found.Add([pscustomobject]@{ Text = $t; Uri = '' }) }
                }
            }
            return
        }
        if ($node -is [Markdig.Syntax.Inlines.ContainerInline]) {
            $child = $node.FirstChild
            while ($null -ne $child) { & $visit $child; $child = $child.NextSibling }
            return
        }
        if ($node -is [Markdig.Syntax.ContainerBlock]) { foreach ($c in $node) { & $visit $c } }
    }
    & $visit $Block
    $found.ToArray()
}

Export-ModuleMember -Function Test-CioCommonParameter, Get-CioStandardParameterDescription, Get-CioCommonParametersParagraph,
    Get-CioTypeDisplayName, Get-CioTypeFullName, Get-CioAcceptedValues, Get-CioPipelineInputText,
    Get-CioHelpParameterSet, Get-CioHelpParameter, Get-CioSyntaxText, Get-CioSyntaxMarkdown, Get-CioParameterYaml,
    Split-CioFrontMatter, ConvertTo-CioInlineText, ConvertTo-CioPlainText, Test-CioPlaceholder, Read-CioMarkdownHelp, Get-CioLinks
