#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Run through Invoke-PesterSuite.ps1 (dotnet test, ./build.ps1, or by hand: docs/powershell.md).

BeforeAll {
    . (Join-Path $PSScriptRoot 'HaVrrpModulePath.ps1')
    Import-Module $HaVrrpModulePath -Force
    $examples = Join-Path $HaVrrpRepositoryRoot 'examples'
}

Describe 'Test-VrrpConfiguration' {
    It 'accepts the shipped keepalived example' {
        $result = Test-VrrpConfiguration (Join-Path $examples 'keepalived/lb-pair.conf')
        $result.IsValid | Should -BeTrue
        $result.ErrorCount | Should -Be 0
        $result.InstanceCount | Should -BeGreaterThan 0
        $result.Path | Should -Be (Join-Path $examples 'keepalived/lb-pair.conf')
    }

    It 'accepts the shipped YAML example' {
        $result = Test-VrrpConfiguration (Join-Path $examples 'havrrp.yaml')
        $result.Format | Should -Be 'Yaml'
        $result.ErrorCount | Should -Be 0
        $result.InstanceCount | Should -Be 2
        Test-VrrpConfiguration (Join-Path $examples 'havrrp.yaml') -Quiet | Should -BeTrue
    }

    It 'rejects the shipped broken keepalived example' {
        $result = Test-VrrpConfiguration (Join-Path $examples 'keepalived/broken.conf')
        $result.IsValid | Should -BeFalse
        $result.ErrorCount | Should -BeGreaterThan 0
    }

    It 'reports an out-of-range VRID with file, line and column' {
        $conf = Join-Path $TestDrive 'bad.conf'
        Set-Content $conf @'
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 300
    virtual_ipaddress {
        10.0.0.1
    }
}
'@
        $result = Test-VrrpConfiguration $conf
        $result.IsValid | Should -BeFalse
        $finding = $result.Diagnostics | Where-Object Code -EQ 'HV0103'
        $finding | Should -Not -BeNullOrEmpty
        $finding.Location.Line | Should -Be 3
        "$finding" | Should -Match '^.+bad\.conf:3:\d+: error HV0103: '
    }

    It 'takes paths from Get-ChildItem' {
        $results = Get-ChildItem (Join-Path $examples 'keepalived') -Filter 'lb-pair.conf' | Test-VrrpConfiguration
        @($results).Count | Should -Be 1
    }

    It 'returns $false with -Quiet for a missing file' {
        Test-VrrpConfiguration (Join-Path $TestDrive 'missing.conf') -Quiet | Should -BeFalse
    }
}

Describe 'Convert-KeepalivedConfig' {
    It 'converts keepalived.conf to YAML that checks clean' {
        $yaml = Join-Path $TestDrive 'converted.yaml'
        $file = Convert-KeepalivedConfig (Join-Path $examples 'keepalived/lb-pair.conf') -OutFile $yaml -WarningAction SilentlyContinue
        $file.FullName | Should -Be $yaml
        Test-VrrpConfiguration $yaml -Quiet | Should -BeTrue
    }

    It 'converts the YAML example back to keepalived.conf that checks clean' {
        $conf = Join-Path $TestDrive 'rendered.conf'
        Convert-KeepalivedConfig (Join-Path $examples 'havrrp.yaml') -To Keepalived -OutFile $conf -WarningAction SilentlyContinue | Out-Null
        Get-Content $conf -Raw | Should -Match 'vrrp_instance outside'
        $result = Test-VrrpConfiguration $conf
        $result.IsValid | Should -BeTrue
        $result.Format | Should -Be 'Keepalived'
        $result.InstanceCount | Should -Be 2
    }

    It 'writes YAML to the pipeline without -OutFile' {
        $yaml = Convert-KeepalivedConfig (Join-Path $examples 'keepalived/lb-pair.conf') -WarningAction SilentlyContinue
        $yaml | Should -BeOfType [string]
        $yaml | Should -Match 'instances:'
    }

    It 'does not write with -WhatIf' {
        $yaml = Join-Path $TestDrive 'whatif.yaml'
        Convert-KeepalivedConfig (Join-Path $examples 'keepalived/lb-pair.conf') -OutFile $yaml -WhatIf -WarningAction SilentlyContinue
        Test-Path $yaml | Should -BeFalse
    }

    It 'refuses to overwrite without -Force' {
        $yaml = Join-Path $TestDrive 'exists.yaml'
        Set-Content $yaml 'x'
        { Convert-KeepalivedConfig (Join-Path $examples 'keepalived/lb-pair.conf') -OutFile $yaml -ErrorAction Stop -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'OutFileExists,HaVrrp.PowerShell.Commands.ConvertKeepalivedConfigCommand'
    }

    It 'warns about what it cannot carry over' {
        $conf = Join-Path $TestDrive 'lvs.conf'
        Set-Content $conf @'
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    virtual_ipaddress {
        10.0.0.1
    }
}
virtual_server 10.0.0.1 80 {
    lb_algo rr
}
'@
        $null = Convert-KeepalivedConfig $conf -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings | Where-Object { "$_" -match 'HV0401' } | Should -Not -BeNullOrEmpty
    }

    It 'fails with ConfigurationUnreadable for a file with syntax errors' {
        $conf = Join-Path $TestDrive 'broken.conf'
        Set-Content $conf "vrrp_instance VI_1 {`n    interface eth0`n"
        { Convert-KeepalivedConfig $conf -ErrorAction Stop -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'ConfigurationUnreadable,HaVrrp.PowerShell.Commands.ConvertKeepalivedConfigCommand'
    }
}
