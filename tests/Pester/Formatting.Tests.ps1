#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# What an operator sees on screen: values in words, never a record's raw ToString or a type name.

BeforeAll {
    . (Join-Path $PSScriptRoot 'HaVrrpModulePath.ps1')
    Import-Module $HaVrrpModulePath -Force
    $examples = Join-Path $HaVrrpRepositoryRoot 'examples'
    # A record's generated ToString ("Name { A = 1 }") or a collection shown by its type name.
    $rawDump = 'HaVrrp\.Engine|\w+Config \{|HaVrrpConfiguration \{|\{\s*\}|System\.Collections'
}

Describe 'Test-VrrpConfiguration output on screen' {
    It 'shows a table row by default' {
        $text = Test-VrrpConfiguration (Join-Path $examples 'havrrp.yaml') | Out-String -Width 200
        $text | Should -Match 'IsValid\s+Format\s+Instances\s+Errors\s+Warnings\s+Path'
        $text | Should -Match 'True\s+Yaml\s+2\s+0'
        $text | Should -Not -Match $rawDump
    }

    It 'shows readable values with Format-List' {
        $text = Test-VrrpConfiguration (Join-Path $examples 'havrrp.yaml') | Format-List | Out-String -Width 200
        $text | Should -Match 'Instances\s*:\s*outside \(VRID 51 on eth0\), inside \(VRID 52 on eth1\)'
        $text | Should -Match 'Format\s*:\s*Yaml'
        $text | Should -Not -Match $rawDump
    }

    It 'lists diagnostics as compiler-style lines with Format-List' {
        $text = Test-VrrpConfiguration (Join-Path $examples 'keepalived/broken.conf') | Format-List | Out-String -Width 300
        $text | Should -Match 'broken\.conf:\d+:\d+: error HV\d{4}: '
        $text | Should -Not -Match $rawDump
        # An invalid file has no model: no instance line made of empty fields.
        $text | Should -Not -Match '\(VRID\s+on\s+\)'
    }

    It 'shows each diagnostic readably in a table and a list' {
        $diagnostics = (Test-VrrpConfiguration (Join-Path $examples 'keepalived/broken.conf')).Diagnostics
        $table = $diagnostics | Out-String -Width 200
        $table | Should -Match 'Severity\s+Code\s+Location\s+Message'
        $list = $diagnostics | Format-List | Out-String -Width 200
        $list | Should -Match 'Location\s*:\s*\S+broken\.conf:\d+:\d+'
        "$table$list" | Should -Not -Match $rawDump
    }
}
