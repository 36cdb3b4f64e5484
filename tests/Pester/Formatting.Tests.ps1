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

Describe 'The parts of an instance on screen' {
    BeforeAll {
        $rejected = [System.Collections.Generic.Dictionary[string, long]]::new()
        $rejected['wrongPassword'] = 2
        $rejected['ttlNot255'] = 1
    }

    It 'shows peers as a table' {
        $peer = [HaVrrp.VrrpPeer]@{ Address = [ipaddress]'10.0.0.12'; Priority = 100; LastHeard = [DateTimeOffset]::UtcNow; Checksum = 'PseudoHeader'; Adverts = 42 }
        $text = $peer | Out-String -Width 200
        $text | Should -Match 'Address\s+Priority\s+Adverts\s+LastHeard\s+Checksum'
        $text | Should -Match '10\.0\.0\.12\s+100\s+42\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\s+PseudoHeader'
    }

    It 'shows tracked objects as a table, marking the primary interface and a reversed weight' {
        $tracked = @(
            [HaVrrp.VrrpTrackedObject]@{ Kind = 'Script'; Name = 'chk_haproxy'; State = 'GOOD'; Weight = -20; WeightReverse = $true; Effect = 'none'; IsPrimaryInterface = $false }
            [HaVrrp.VrrpTrackedObject]@{ Kind = 'Interface'; Name = 'eth0'; State = 'UP'; Weight = 0; WeightReverse = $false; Effect = 'none'; IsPrimaryInterface = $true })
        $text = $tracked | Out-String -Width 200
        $text | Should -Match 'Kind\s+Name\s+State\s+Weight\s+Effect'
        $text | Should -Match 'Script\s+chk_haproxy\s+GOOD\s+-20 reverse\s+none'
        $text | Should -Match 'Interface\s+eth0 \(primary\)\s+UP\s+0\s+none'
    }

    It 'shows a warning with its evidence in one line' {
        $warning = [HaVrrp.VrrpWarning]@{ Code = 'AnotherMaster'; SplitBrain = $true; Message = '10.0.0.12 keeps advertising as MASTER'; Since = [DateTimeOffset]::UtcNow; PeerAddress = [ipaddress]'10.0.0.12'; HardwareAddress = '02:00:00:00:00:0c'; Addresses = @('10.0.0.100') }
        $text = $warning | Out-String -Width 200
        $text | Should -Match 'Code\s*:\s*AnotherMaster'
        $text | Should -Match 'Evidence\s*:\s*MAC 02:00:00:00:00:0c; peer 10\.0\.0\.12; VIPs 10\.0\.0\.100'
    }

    It 'shows statistics with the rejected adverts by reason' {
        $statistics = [HaVrrp.VrrpStatistics]@{ AdvertsSent = 120; AdvertsReceived = 3; BecameMaster = 1; ReleasedMaster = 0; PriorityZeroSent = 0; PriorityZeroReceived = 0; AddressListMismatches = 0; Rejected = $rejected }
        $text = $statistics | Out-String -Width 200
        $text | Should -Match 'PriorityZero\s*:\s*sent 0, received 0, ignored 0'
        $text | Should -Match 'Rejected\s*:\s*3 \(wrongPassword 2, ttlNot255 1\)'
        $text | Should -Not -Match $rawDump
    }
}
