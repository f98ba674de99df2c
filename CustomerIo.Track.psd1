#
# Source manifest of the CustomerIo.Track module.
# The one place for the module's version and release notes: build.ps1 reads ModuleVersion and
# ReleaseNotes from here (the dll is built with the same version, the package carries both).
#
@{
    RootModule             = 'CustomerIo.Track.dll'
    ModuleVersion          = '0.1.0'
    GUID                   = '52a217a7-2b4c-494b-bf8e-37e70c8269c2'
    Author                 = 'CustomerIo.Track contributors'
    CompanyName            = 'CustomerIo.Track contributors'
    Copyright              = '(c) 2026 CustomerIo.Track contributors. MIT License (see LICENSE).'
    Description            = 'Cmdlets for the Customer.io Track API: identify and delete people, send events, manage devices, suppressions, segments, objects and relationships, and stream any number of piped records (Import-Csv | Set-CioCustomer) within the service''s rate limits.'
    PowerShellVersion      = '5.1'
    CompatiblePSEditions   = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('CustomerIo.Track.Format.ps1xml')
    CmdletsToExport        = @(
        'Connect-CioTrack'
        'Disconnect-CioTrack'
        'Get-CioTrackConnection'
        'Set-CioCustomer'
        'Import-CioCustomer'
        'Remove-CioCustomer'
        'Add-CioSuppression'
        'Remove-CioSuppression'
        'Send-CioEvent'
        'Import-CioEvent'
        'Add-CioDevice'
        'Remove-CioDevice'
        'Merge-CioCustomer'
        'Add-CioSegmentMember'
        'Remove-CioSegmentMember'
        'Send-CioMetric'
        'Send-CioPushMetric'
        'Send-CioUnsubscribe'
        'Submit-CioForm'
        'Send-CioEntity'
        'Invoke-CioBatch'
        'Set-CioObject'
        'Remove-CioObject'
        'Add-CioRelationship'
        'Remove-CioRelationship'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('CustomerIo', 'Customer.io', 'Track', 'Marketing', 'API', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            # No ProjectUri/LicenseUri: the module has no public address yet. The MIT license ships
            # as the LICENSE file in the module folder (and so in the .nupkg and the zip).
            ReleaseNotes = @'
0.1.0
First release (see CHANGELOG.md):
- Connect-CioTrack (Site ID and API key, PSCredential or environment variables; US and EU regions),
  Get-CioTrackConnection, Disconnect-CioTrack; -Connection on every cmdlet.
- Every Track API operation as a pipeline cmdlet: people, events, devices, suppressions, merges,
  segments, metrics and forms (v1); Send-CioEntity, Invoke-CioBatch, objects and relationships (v2);
  -AsOperation to compose v2 batches.
- Pipeline binding from CSV or objects; streaming with automatic v2 batching, -ThrottleLimit, a
  per-connection rate limit that slows down on 429, per-person ordering, progress.
- Retries with backoff and Retry-After; one non-terminating error per failed record with the input row
  as TargetObject; what was not sent after Ctrl+C in (Get-CioTrackConnection).LastRun.
- The API key kept as a SecureString and never shown.
- Help for every cmdlet and about_CustomerIo_Track; format data; tab completion.
- A local emulator of the Track API for rehearsing runbooks (build.ps1 emulator).
'@
        }
    }
}
