@{
    RootModule             = 'HaVrrp.Module.dll'
    ModuleVersion          = '0.1.0'
    GUID                   = '6f0c7b0e-2d7a-4c35-9a53-3f5f0e8b9a41'
    Author                 = 'HaVrrp contributors'
    CompanyName            = 'HaVrrp'
    Copyright              = '(c) HaVrrp contributors.'
    Description            = 'Administer HaVrrp, the VRRP high-availability service for Linux (keepalived compatible): instances, priorities, failover, adverts, configuration.'
    PowerShellVersion      = '7.6'
    CompatiblePSEditions   = @('Core')
    FormatsToProcess       = @('HaVrrp.Format.ps1xml')
    TypesToProcess         = @('HaVrrp.Types.ps1xml')
    CmdletsToExport        = @(
        'Test-VrrpConfiguration'
        'Convert-KeepalivedConfig'
        'Get-VrrpInstance'
        'Set-VrrpPriority'
        'Invoke-VrrpFailover'
        'Wait-VrrpInstance'
        'Watch-VrrpInstance'
        'Watch-VrrpAdvert'
        'Get-VrrpScript'
        'Update-VrrpConfiguration'
        'Get-VrrpDaemon'
        'Test-VrrpCluster'
    )
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()
    PrivateData            = @{
        PSData = @{
            Tags       = @('Linux', 'PSEdition_Core', 'VRRP', 'keepalived', 'HighAvailability')
            ProjectUri = 'https://github.com/havrrp/havrrp'
        }
    }
}
