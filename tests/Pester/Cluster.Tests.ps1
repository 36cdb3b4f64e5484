#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Test-VrrpCluster without a daemon: instances made up as real HaVrrp.VrrpInstance objects, and the same objects
# after the round trip PowerShell remoting gives them (Invoke-Command -HostName lb1,lb2 { Get-VrrpInstance }).

BeforeAll {
    . (Join-Path $PSScriptRoot 'HaVrrpModulePath.ps1')
    Import-Module $HaVrrpModulePath -Force

    # One node's VI_1 (VRID 51) as Get-VrrpInstance would return it.
    function New-TestInstance {
        param(
            [string] $ComputerName,
            [string] $State,
            [int] $Priority,
            [string[]] $VirtualIPs = @('10.0.0.100'),
            [string] $MasterAddress = '10.0.0.11',
            [HaVrrp.VrrpTrackedObject[]] $TrackedObjects = @()
        )
        [HaVrrp.VrrpInstance]@{
            Name = 'VI_1'; State = $State; Priority = $Priority; BasePriority = $Priority; Hold = 'None'
            VirtualRouterId = 51; Interface = 'eth1'; Version = 3
            AdvertInterval = [TimeSpan]::FromSeconds(1); MasterAdvertInterval = [TimeSpan]::FromSeconds(1)
            VirtualIPs = [ipaddress[]]$VirtualIPs; VirtualAddresses = [string[]]($VirtualIPs | ForEach-Object { "$_/24" })
            ExcludedVirtualAddresses = [string[]]@(); MasterAddress = [ipaddress]$MasterAddress; MasterPriority = 150
            IsAddressOwner = $false; Preempt = $true; PreemptDelay = [TimeSpan]::Zero
            LastTransition = [DateTimeOffset]::Now; LastTransitionReason = 'Startup'; TransitionCount = 1
            HoldsVirtualAddresses = $State -eq 'Master'; IsHandingOver = $false; IsWaitingForTracking = $false
            TrackedObjects = $TrackedObjects
            Peers = [HaVrrp.VrrpPeer[]]@(
                if ($State -eq 'Backup') { [HaVrrp.VrrpPeer]@{ Address = [ipaddress]$MasterAddress; Priority = 150; LastHeard = [DateTimeOffset]::Now; Checksum = 'PseudoHeader'; Adverts = 10 } })
            Warnings = [HaVrrp.VrrpWarning[]]@()
            Statistics = [HaVrrp.VrrpStatistics]@{
                AdvertsSent = 0; AdvertsReceived = 0; BecameMaster = 0; ReleasedMaster = 0; PriorityZeroSent = 0
                PriorityZeroReceived = 0; AddressListMismatches = 0
                Rejected = [System.Collections.Generic.Dictionary[string, long]]::new()
            }
            ComputerName = $ComputerName; SocketPath = '/run/havrrp/havrrpd.sock'
        }
    }

    # What remoting does to an object: CliXml out on the remote host, back in here.
    function ConvertTo-Remoted {
        param([Parameter(ValueFromPipeline)] $InputObject)
        process {
            [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($InputObject))
        }
    }

    $trackedScript = [HaVrrp.VrrpTrackedObject]@{
        Kind = 'Script'; Name = 'chk_haproxy'; State = 'GOOD'; Weight = -50; WeightReverse = $false; Effect = 'none'; IsPrimaryInterface = $false
    }
}

Describe 'Test-VrrpCluster on made-up instances' {
    It 'finds nothing on a healthy pair, and -Quiet says $true' {
        $pair = (New-TestInstance lb1 Master 150), (New-TestInstance lb2 Backup 100)
        @($pair | Test-VrrpCluster) | Should -HaveCount 0
        $pair | Test-VrrpCluster -Quiet | Should -BeTrue
    }

    It 'reports VIP sets that differ, on the node that differs, and -Quiet says $false' {
        $pair = (New-TestInstance lb1 Master 150), (New-TestInstance lb2 Backup 100 -VirtualIPs 10.0.0.100, 10.0.0.101)
        $finding = $pair | Test-VrrpCluster
        $finding | Should -BeOfType HaVrrp.VrrpClusterFinding
        $finding.Code | Should -Be 'VirtualAddressMismatch'
        $finding.Severity | Should -Be Error
        $finding.ComputerName | Should -Be lb2
        $finding.VirtualRouterId | Should -Be 51
        $finding.Message | Should -Match '10\.0\.0\.101'
        $pair | Test-VrrpCluster -Quiet | Should -BeFalse
    }

    It 'reports two masters' {
        $findings = (New-TestInstance lb1 Master 150), (New-TestInstance lb2 Master 100 -MasterAddress 10.0.0.12) | Test-VrrpCluster
        $findings.Code | Should -Be @('MultipleMasters', 'MultipleMasters')
    }

    It 'shows findings as a table and a readable list' {
        $findings = (New-TestInstance lb1 Master 150), (New-TestInstance lb2 Backup 100 -VirtualIPs 10.0.0.101) | Test-VrrpCluster
        $findings | Out-String -Width 200 | Should -Match 'Severity\s+Code\s+VRID\s+ComputerName\s+Message'
        $findings | Format-List | Out-String -Width 200 | Should -Match 'Instance\s*:\s*VI_1'
    }

    It 'refuses objects that are not instances, and checks the rest' {
        $findings = @((New-TestInstance lb1 Master 150), 'not an instance', (New-TestInstance lb2 Backup 100) | Test-VrrpCluster -ErrorVariable problems -ErrorAction SilentlyContinue)
        $findings | Should -HaveCount 0
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'NotAnInstance,*'
    }
}

Describe 'Test-VrrpCluster on instances deserialized as remoting returns them' {
    It 'keeps the type name remoting gives and the nested objects' {
        $remoted = New-TestInstance lb1 Master 160 -TrackedObjects $trackedScript | ConvertTo-Remoted
        $remoted | Should -Not -BeOfType HaVrrp.VrrpInstance
        $remoted.PSObject.TypeNames | Should -Contain 'Deserialized.HaVrrp.VrrpInstance'
        # HaVrrp.Types.ps1xml serializes an instance three levels deep: tracked objects stay objects.
        $remoted.TrackedObjects[0].Weight | Should -Be -50
    }

    It 'finds nothing on a healthy remoted pair' {
        (New-TestInstance lb1 Master 150), (New-TestInstance lb2 Backup 100) | ConvertTo-Remoted | Test-VrrpCluster -Quiet | Should -BeTrue
    }

    It 'reports mismatched VIPs from remoted instances' {
        $finding = (New-TestInstance lb1 Master 150), (New-TestInstance lb2 Backup 100 -VirtualIPs 10.0.0.100, 10.0.0.101) | ConvertTo-Remoted | Test-VrrpCluster
        $finding.Code | Should -Be 'VirtualAddressMismatch'
        $finding.ComputerName | Should -Be lb2
    }

    It 'computes the priority trap with the remoted weights (160 - 50 = 110, still above 99)' {
        $finding = (New-TestInstance lb1 Master 160 -TrackedObjects $trackedScript), (New-TestInstance lb2 Backup 99) | ConvertTo-Remoted | Test-VrrpCluster
        $finding.Code | Should -Be 'FailoverImpossible'
        $finding.ComputerName | Should -Be lb1
        $finding.Message | Should -Match '110.*99'
    }

    It 'mixes remoted and live instances' {
        $findings = (New-TestInstance lb1 Master 150 | ConvertTo-Remoted), (New-TestInstance lb2 Master 100 -MasterAddress 10.0.0.12) | Test-VrrpCluster
        $findings.Code | Should -Be @('MultipleMasters', 'MultipleMasters')
    }
}

Describe 'Test-VrrpCluster -SocketPath without a daemon' {
    It 'writes DaemonUnavailable for the socket and -Quiet says $false' {
        $missing = Join-Path $TestDrive 'no-such-daemon.sock'
        Test-VrrpCluster -SocketPath $missing -Quiet -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeFalse
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'DaemonUnavailable,*'
        "$($problems[0])" | Should -Match ([regex]::Escape($missing))
    }
}
