#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Test-VrrpCluster against two real havrrpd nodes in fresh network namespaces (tests/HaVrrp.PesterLab): a healthy
# pair, and a pair whose nodes carry different VIP sets. Needs root; under CI=true it fails rather than skips.

BeforeDiscovery {
    $isRoot = (& id -u) -eq '0'
    $labSkipReason = if (-not $isRoot -and $env:CI -ne 'true') { 'needs root (network namespaces): run the suite as root, e.g. sudo dotnet test' }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'HaVrrpModulePath.ps1')
    . (Join-Path $PSScriptRoot 'HaVrrpLab.ps1')
    Import-Module $HaVrrpModulePath -Force
}

Describe 'Test-VrrpCluster on a healthy two-node lab' -Tag 'Lab' -Skip:([bool]$labSkipReason) {
    BeforeAll {
        if ((& id -u) -ne '0') { throw 'The daemon lab needs root (network namespaces); CI=true makes this a failure, not a skip.' }
        $lab = Start-HaVrrpLab
        $sockets = $lab.Info.nodes.socketPath
    }

    AfterAll {
        if ($lab) { Stop-HaVrrpLab $lab }
    }

    It 'finds no error, from -SocketPath and from piped instances' {
        $findings = @(Test-VrrpCluster -SocketPath $sockets)
        $findings | Where-Object Severity -EQ Error | Should -HaveCount 0
        # node1 alone runs VI_2: reported, but only as a warning.
        ($findings | Where-Object VirtualRouterId -EQ $lab.Info.foreignVirtualRouterId).Code | Should -Be 'SingleNode'
        Test-VrrpCluster -SocketPath $sockets -Quiet | Should -BeTrue
        $sockets | ForEach-Object { Get-VrrpInstance -SocketPath $_ } | Test-VrrpCluster -Quiet | Should -BeTrue
    }

    It 'reads the daemons'' instances after a remoting round trip' {
        $remoted = $sockets | ForEach-Object { Get-VrrpInstance -SocketPath $_ } |
            ForEach-Object { [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($_)) }
        $remoted[0].PSObject.TypeNames | Should -Contain 'Deserialized.HaVrrp.VrrpInstance'
        $remoted | Test-VrrpCluster -Quiet | Should -BeTrue
    }

    It 'checks the pair read over real SSH remoting: Invoke-Command -HostName node1, node2 { Get-VrrpInstance }' {
        $sshHosts = Start-HaVrrpSshHosts $lab
        try {
            $remoted = @(Invoke-Command -HostName $sshHosts.HostName -KeyFilePath $sshHosts.KeyFilePath -Options $sshHosts.SshOptions `
                    -ScriptBlock { Import-Module $using:HaVrrpModulePath; Get-VrrpInstance } -ErrorAction Stop)
        }
        finally { Stop-HaVrrpSshHosts $sshHosts }

        $remoted[0].PSObject.TypeNames | Should -Contain 'Deserialized.HaVrrp.VrrpInstance'
        $fromNodes = $remoted | Where-Object Name -EQ $lab.Info.instance | Sort-Object PSComputerName
        $fromNodes | Should -HaveCount 2
        ($fromNodes.State -join ', ') | Should -Be 'Master, Backup'
        $fromNodes[1].MasterAddress | Should -Be $lab.Info.nodes[0].address
        $remoted | Test-VrrpCluster -Quiet | Should -BeTrue
        ($remoted | Test-VrrpCluster | Where-Object Severity -EQ Error) | Should -HaveCount 0
    }

    It 'lets Test-VrrpConfiguration check the fail-over against the priority node2 hears from node1' {
        $conf = Join-Path $TestDrive 'keepalived.conf'
        Set-Content $conf @'
vrrp_script chk_service {
    script "/bin/true"
    interval 1
    weight -5
}
vrrp_instance VI_1 {
    interface lo
    virtual_router_id 51
    priority 160
    virtual_ipaddress {
        10.0.0.100/24
    }
    track_script {
        chk_service
    }
}
'@
        $withDaemon = (Test-VrrpConfiguration $conf -SocketPath $sockets[1]).Diagnostics | Where-Object Message -Match 'heard from the peers'
        $withDaemon | Should -HaveCount 1
        $withDaemon.Code | Should -Be 'HV0301'
        $withDaemon.Message | Should -Match '155.*150'
        # Without a daemon the file is checked alone (the assumed backup at 100), quietly.
        $alone = Test-VrrpConfiguration $conf -SocketPath (Join-Path $TestDrive 'none.sock') -Verbose 4>&1
        ($alone | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Match 'checking the file alone'
        ($alone | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Diagnostics.Message | Should -Not -Match 'heard from the peers'
    }

    It 'sees two masters when both nodes are read as if one had taken over' {
        # Pretend node2 is a second master: the real node1 plus node2's instance with State changed after remoting.
        $instances = $sockets | ForEach-Object { Get-VrrpInstance $lab.Info.instance -SocketPath $_ } |
            ForEach-Object { [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($_)) }
        $instances[1].State = 'Master'
        ($instances | Test-VrrpCluster | Where-Object Code -EQ MultipleMasters) | Should -HaveCount 2
    }
}

Describe 'Test-VrrpCluster on a two-node lab with mismatched VIPs' -Tag 'Lab' -Skip:([bool]$labSkipReason) {
    BeforeAll {
        if ((& id -u) -ne '0') { throw 'The daemon lab needs root (network namespaces); CI=true makes this a failure, not a skip.' }
        $lab = Start-HaVrrpLab -MismatchedVips
        $sockets = $lab.Info.nodes.socketPath
    }

    AfterAll {
        if ($lab) { Stop-HaVrrpLab $lab }
    }

    It 'reports the VIP mismatch on node2 as an error' {
        $finding = Test-VrrpCluster -SocketPath $sockets | Where-Object Code -EQ VirtualAddressMismatch
        $finding | Should -HaveCount 1
        $finding.Severity | Should -Be Error
        $finding.VirtualRouterId | Should -Be $lab.Info.virtualRouterId
        $finding.ComputerName | Should -BeLike "*($($sockets[1]))"
        $finding.Message | Should -Match ([regex]::Escape($lab.Info.virtualAddress))
        Test-VrrpCluster -SocketPath $sockets -Quiet | Should -BeFalse
    }
}
