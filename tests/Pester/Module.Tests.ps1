#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The module folder as users import it: complete, and exporting exactly what its manifest says.

BeforeAll {
    . (Join-Path $PSScriptRoot 'HaVrrpModulePath.ps1')
    $module = Import-Module $HaVrrpModulePath -Force -PassThru
    $folder = Split-Path $HaVrrpModulePath
    $manifest = Import-PowerShellDataFile $HaVrrpModulePath
}

Describe 'The HaVrrp module folder' {
    It 'holds the assemblies the engine loads at run time' {
        foreach ($assembly in 'HaVrrp.Module.dll', 'HaVrrp.Engine.dll', 'YamlDotNet.dll', 'Microsoft.Extensions.Logging.Abstractions.dll') {
            Join-Path $folder $assembly | Should -Exist
        }
    }

    It "does not carry PowerShell's own assemblies" {
        Get-ChildItem $folder -Filter 'System.Management.Automation*.dll' | Should -BeNullOrEmpty
        Get-ChildItem $folder -Filter 'Microsoft.PowerShell.*.dll' | Should -BeNullOrEmpty
    }

    It 'holds the format file and the compiled help' {
        Join-Path $folder 'HaVrrp.Format.ps1xml' | Should -Exist
        Join-Path $folder 'en-US/HaVrrp.Module.dll-Help.xml' | Should -Exist
        Join-Path $folder 'en-US/about_HaVrrp.help.txt' | Should -Exist
    }

    It "loads with the manifest's version" {
        $module.Version | Should -Be ([version] $manifest.ModuleVersion)
    }
}

Describe 'Get-Command -Module HaVrrp' {
    It "lists exactly the manifest's cmdlets" {
        $listed = Get-Command -Module HaVrrp | ForEach-Object Name | Sort-Object
        $listed | Should -Be ($manifest.CmdletsToExport | Sort-Object)
    }

    It 'lists only cmdlets' {
        Get-Command -Module HaVrrp | Where-Object CommandType -NE 'Cmdlet' | Should -BeNullOrEmpty
    }
}
