# Set-CioObject, Remove-CioObject, Add-CioRelationship and Remove-CioRelationship: objects and
# person-object relationships from parameters and from CSV.
# Run by 'build.ps1 test' against the built module in out/.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot TestHelpers.psm1) -Force
    Import-CioModuleUnderTest
    . (Join-Path $PSScriptRoot V2.Common.ps1)
    $script:Emu = Start-CioEmulator
    Connect-CioEmulator $script:Emu -Extra @{ RequestsPerSecond = 0 }

    $script:ObjectsCsv = @'
object_type_id,object_id,name,plan,seats
1,acme,Acme Inc,enterprise,250
1,globex,Globex,pro,
2,north,North Region,,
'@
    $script:PairsCsv = @'
id,object_type_id,object_id,role
u-1,1,acme,admin
u-2,1,acme,member
u-2,1,globex,
u-3,2,north,lead
'@
}

AfterAll {
    Disconnect-CioTrack
    Stop-CioEmulator $script:Emu
}

Describe 'Objects and relationships' {
    BeforeEach { Reset-CioEmulator $script:Emu }

    Context 'Set-CioObject' {
        It 'creates objects from CSV rows; the other columns become attributes (empty cells left out)' {
            $errs = $null
            $script:ObjectsCsv | ConvertFrom-Csv | Set-CioObject -ErrorVariable errs
            @($errs).Count | Should -Be 0

            $acme = Get-EmulatorObject '1' 'acme'
            $acme | Should -Not -BeNullOrEmpty
            $acme.attributes.name | Should -BeExactly 'Acme Inc'
            $acme.attributes.plan | Should -BeExactly 'enterprise'
            $acme.attributes.seats | Should -BeExactly '250' -Because 'CSV cells stay strings'
            $globex = Get-EmulatorObject '1' 'globex'
            $globex.attributes.plan | Should -BeExactly 'pro'
            $globex.attributes.PSObject.Properties.Name | Should -Not -Contain 'seats'
            (Get-EmulatorObject '2' 'north').attributes.name | Should -BeExactly 'North Region'
            $state = Get-CioEmulatorState $script:Emu
            @($state.objects).Count | Should -Be 3
            @($state.objects | ForEach-Object { $_.attributes.PSObject.Properties.Name }) | Should -Not -Contain 'object_id'
        }

        It 'sends a single object as POST /api/v2/entity' {
            Set-CioObject -ObjectTypeId 1 -ObjectId acme -Attributes @{ name = 'Acme' }
            $r = @(Get-CioEmulatorRequests $script:Emu)
            $r.Count | Should -Be 1
            $r[0].method | Should -BeExactly 'POST'
            $r[0].path | Should -BeExactly '/api/v2/entity'
            $r[0].body | Should -BeExactly '{"type":"object","identifiers":{"object_type_id":"1","object_id":"acme"},"action":"identify","attributes":{"name":"Acme"}}'
        }

        It 'packs many objects into /api/v2/batch requests' {
            $rows = foreach ($i in 1..200) { [pscustomobject]@{ object_type_id = '1'; object_id = "co-$i"; name = "Company $i" } }
            $rows | Set-CioObject
            $r = @(Get-CioEmulatorRequests $script:Emu)
            $r.Count | Should -BeLessThan 20
            @($r | Where-Object path -EQ '/api/v2/batch').Count | Should -BeGreaterThan 0
            @((Get-CioEmulatorState $script:Emu).objects).Count | Should -Be 200
        }

        It 'relates people with -Relationship' {
            Set-CioObject 1 acme -Attributes @{ name = 'Acme' } -Relationship @{ identifiers = @{ id = 'r-1' }; relationship_attributes = @{ role = 'owner' } }, @{ id = 'r-2' }
            Get-RelatedObjectKey 'r-1' | Should -Be '1:acme'
            Get-RelatedObjectKey 'r-2' | Should -Be '1:acme'
            $rel = (Get-CioEmulatorPerson $script:Emu 'r-1').relationships[0]
            $rel.attributes.role | Should -BeExactly 'owner'
        }

        It 'reports a row without an object id (TargetObject = the row) and sends the others' {
            $rows = @'
object_type_id,object_id,name
1,ok-1,One
1,,Nameless
1,ok-3,Three
'@ | ConvertFrom-Csv
            $errs = $null
            $rows | Set-CioObject -ErrorVariable errs -ErrorAction SilentlyContinue
            @($errs).Count | Should -Be 1
            [object]::ReferenceEquals($errs[0].TargetObject, $rows[1]) | Should -BeTrue
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'IdentifierMissing,*'
            @((Get-CioEmulatorState $script:Emu).objects).Count | Should -Be 2
        }

        It 'emits v2 items with -AsOperation, which Invoke-CioBatch sends' {
            $ops = @($script:ObjectsCsv | ConvertFrom-Csv | Set-CioObject -AsOperation)
            $ops.Count | Should -Be 3
            $ops[0].PSObject.TypeNames[0] | Should -Be 'CustomerIo.Track.Operation'
            ($ops[0] | ConvertTo-Json -Compress -Depth 10) | Should -BeExactly '{"type":"object","identifiers":{"object_type_id":"1","object_id":"acme"},"action":"identify","attributes":{"name":"Acme Inc","plan":"enterprise","seats":"250"}}'
            @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 0

            $ops | Invoke-CioBatch
            @(Get-CioEmulatorRequests $script:Emu).Count | Should -Be 1
            @((Get-CioEmulatorState $script:Emu).objects).Count | Should -Be 3
        }
    }

    Context 'relationships from CSV' {
        It 'creates objects, relates people to them, unrelates and deletes them' {
            # Created
            $script:ObjectsCsv | ConvertFrom-Csv | Set-CioObject
            @((Get-CioEmulatorState $script:Emu).objects).Count | Should -Be 3

            # Related: the other columns (role) become relationship attributes; the people are created.
            $pairs = $script:PairsCsv | ConvertFrom-Csv
            $errs = $null
            $pairs | Add-CioRelationship -ErrorVariable errs
            @($errs).Count | Should -Be 0
            Get-RelatedObjectKey 'u-1' | Should -Be '1:acme'
            Get-RelatedObjectKey 'u-2' | Should -Be @('1:acme', '1:globex')
            Get-RelatedObjectKey 'u-3' | Should -Be '2:north'
            $u1 = Get-CioEmulatorPerson $script:Emu 'u-1'
            $u1.relationships[0].attributes.role | Should -BeExactly 'admin'
            $u2acme = (Get-CioEmulatorPerson $script:Emu 'u-2').relationships | Where-Object object_id -EQ 'acme'
            $u2acme.attributes.role | Should -BeExactly 'member'
            $bodies = @(Get-CioEmulatorRequests $script:Emu | Where-Object { $_.body -like '*add_relationships*' })
            $bodies.Count | Should -BeGreaterThan 0

            # Unrelated: the pairs of one object; people and objects stay.
            $pairs | Where-Object object_id -EQ 'acme' | Remove-CioRelationship -ErrorVariable errs
            @($errs).Count | Should -Be 0
            Get-RelatedObjectKey 'u-1' | Should -BeNullOrEmpty
            Get-RelatedObjectKey 'u-2' | Should -Be '1:globex'
            Get-CioEmulatorPerson $script:Emu 'u-1' | Should -Not -BeNullOrEmpty
            Get-EmulatorObject '1' 'acme' | Should -Not -BeNullOrEmpty

            # Deleted: the objects go, and with them the relationships left.
            $script:ObjectsCsv | ConvertFrom-Csv | Remove-CioObject -Confirm:$false -ErrorVariable errs
            @($errs).Count | Should -Be 0
            @((Get-CioEmulatorState $script:Emu).objects).Count | Should -Be 0
            Get-RelatedObjectKey 'u-2' | Should -BeNullOrEmpty
            Get-RelatedObjectKey 'u-3' | Should -BeNullOrEmpty
            Get-CioEmulatorPerson $script:Emu 'u-3' | Should -Not -BeNullOrEmpty -Because 'deleting an object keeps the people'
        }

        It 'sends the expected items for a relationship by email and by cio_id' {
            Add-CioRelationship -Email 'e@example.com' -ObjectTypeId 1 -ObjectId acme -RelationshipAttributes @{ role = 'viewer' } -AsOperation |
                ConvertTo-Json -Compress -Depth 10 |
                Should -BeExactly '{"type":"person","identifiers":{"email":"e@example.com"},"action":"add_relationships","cio_relationships":[{"identifiers":{"object_type_id":"1","object_id":"acme"},"relationship_attributes":{"role":"viewer"}}]}'
            Remove-CioRelationship -CioId 'abc123' -ObjectTypeId 1 -ObjectId acme -AsOperation |
                ConvertTo-Json -Compress -Depth 10 |
                Should -BeExactly '{"type":"person","identifiers":{"cio_id":"abc123"},"action":"delete_relationships","cio_relationships":[{"identifiers":{"object_type_id":"1","object_id":"acme"}}]}'
        }

        It 'relates piped hashtables of person-object pairs' {
            @{ person_id = 'h-1'; object_type_id = '1'; object_id = 'acme' }, @{ email = 'h2@example.com'; object_type_id = '1'; object_id = 'acme' } |
                Add-CioRelationship
            Get-RelatedObjectKey 'h-1' | Should -Be '1:acme'
            $state = Get-CioEmulatorState $script:Emu
            $h2 = @($state.people) | Where-Object email -EQ 'h2@example.com'
            @($h2.relationships).Count | Should -Be 1
        }

        It 'reports a pair without a person (TargetObject = the row) and relates the others' {
            $rows = @'
id,object_type_id,object_id
p-1,1,acme
,1,acme
p-3,1,acme
'@ | ConvertFrom-Csv
            $errs = $null
            $rows | Add-CioRelationship -ErrorVariable errs -ErrorAction SilentlyContinue
            @($errs).Count | Should -Be 1
            [object]::ReferenceEquals($errs[0].TargetObject, $rows[1]) | Should -BeTrue
            Get-RelatedObjectKey 'p-1' | Should -Be '1:acme'
            Get-RelatedObjectKey 'p-3' | Should -Be '1:acme'
        }

        It 'relates with a v1 identify first and v2 after (one store)' {
            Set-CioCustomer -Id 'mixed-1' -Email 'mixed-1@example.com' -NoBatch
            Add-CioRelationship -Id 'mixed-1' -ObjectTypeId 1 -ObjectId acme
            $p = Get-CioEmulatorPerson $script:Emu 'mixed-1'
            $p.email | Should -BeExactly 'mixed-1@example.com'
            Get-RelatedObjectKey 'mixed-1' | Should -Be '1:acme'
        }
    }
}
