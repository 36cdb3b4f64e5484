#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Get-Help as users read it, from the MAML and about_ text the build compiles from docs/help.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'HaVrrpModulePath.ps1')
    $cmdlets = (Import-PowerShellDataFile $HaVrrpModulePath).CmdletsToExport | ForEach-Object { @{ Name = $_ } }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'HaVrrpModulePath.ps1')
    Import-Module $HaVrrpModulePath -Force
    $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
}

Describe 'Get-Help <Name> -Full' -ForEach $cmdlets {
    BeforeAll {
        $help = Get-Help $Name -Full
        $command = Get-Command $Name
    }

    It 'has a synopsis of its own, not the generated syntax line' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match "^\s*$Name\s"
    }

    It 'has a description' {
        ($help.description.Text -join "`n") | Should -Not -BeNullOrEmpty
    }

    It 'describes every parameter' {
        $parameters = $command.Parameters.Keys | Where-Object { $_ -notin $common }
        foreach ($parameter in $parameters) {
            $entry = $help.parameters.parameter | Where-Object name -EQ $parameter
            $entry | Should -Not -BeNullOrEmpty -Because "-$parameter needs help"
            ($entry.description.Text -join '') | Should -Not -BeNullOrEmpty -Because "-$parameter needs a description"
        }
    }

    It 'has a syntax line for every parameter set' {
        @($help.syntax.syntaxItem).Count | Should -Be @($command.ParameterSets).Count
    }

    It 'has at least two examples with code' {
        $examples = @($help.examples.example | Where-Object code)
        $examples.Count | Should -BeGreaterOrEqual 2
    }

    It 'shows synopsis, parameters and examples in its -Full text' {
        $text = Get-Help $Name -Full | Out-String -Width 200
        $text | Should -Match 'SYNOPSIS'
        $text | Should -Match 'PARAMETERS'
        $text | Should -Match 'Example 2'
        $text | Should -Not -Match 'Get-Help cannot find the Help files'
    }
}

Describe 'Get-Help about_HaVrrp' {
    It 'shows the about topic' {
        $text = Get-Help about_HaVrrp | Out-String
        $text | Should -Match 'about_HaVrrp'
        $text | Should -Match 'havrrpd'
        $text | Should -Match 'Test-VrrpConfiguration'
    }
}
