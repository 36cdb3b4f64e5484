#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The daemon cmdlets against two real havrrpd nodes in fresh network namespaces (tests/HaVrrp.PesterLab), the way
# an operator uses them: status on both nodes, a planned switchover measured by a client probing the VIP, a timed
# priority override, waits, watches, a refused reload, and a user outside the admin group. Needs root; under
# CI=true it fails rather than skips without it (docs/development.md).

BeforeDiscovery {
    $isRoot = (& id -u) -eq '0'
    $labSkipReason = if (-not $isRoot -and $env:CI -ne 'true') { 'needs root (network namespaces): run the suite as root, e.g. sudo dotnet test' }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'HaVrrpModulePath.ps1')
    . (Join-Path $PSScriptRoot 'HaVrrpLab.ps1')
    Import-Module $HaVrrpModulePath -Force
    $deadline = [TimeSpan]::FromSeconds(60)
}

Describe 'Daemon cmdlets on a two-node lab' -Tag 'Lab' -Skip:([bool]$labSkipReason) {
    BeforeAll {
        if ((& id -u) -ne '0') { throw 'The daemon lab needs root (network namespaces); CI=true makes this a failure, not a skip.' }
        $lab = Start-HaVrrpLab
        $node1 = $lab.Info.nodes[0]
        $node2 = $lab.Info.nodes[1]
        $n1 = $node1.socketPath
        $n2 = $node2.socketPath
        $instance = $lab.Info.instance
    }

    AfterAll {
        if ($lab) { Stop-HaVrrpLab $lab }
    }

    Context 'Status' {
        It 'shows node1 as master and node2 as its backup' {
            $first = Get-VrrpInstance $instance -SocketPath $n1
            $second = Get-VrrpInstance $instance -SocketPath $n2
            $first | Should -BeOfType HaVrrp.VrrpInstance
            $first.State | Should -Be Master
            $second.State | Should -Be Backup
            $second.MasterAddress | Should -Be ([ipaddress]$node1.address)
            $second.MasterPriority | Should -Be 150
            $first.VirtualIPs | Should -Be @([ipaddress]$lab.Info.virtualAddress)
            $first.VirtualRouterId | Should -Be $lab.Info.virtualRouterId
            $first.AdvertInterval | Should -Be ([TimeSpan]::FromMilliseconds(500))
            $first.LastTransition | Should -BeOfType [DateTimeOffset]
            $first.ComputerName | Should -Be ([Environment]::MachineName)
            $second.Peers | ForEach-Object Address | Should -Contain ([ipaddress]$node1.address)
        }

        It 'selects instances by wildcard and reports a missing literal name' {
            @(Get-VrrpInstance 'VI_*' -SocketPath $n1).Count | Should -Be 2
            @(Get-VrrpInstance 'XX*' -SocketPath $n1).Count | Should -Be 0
            { Get-VrrpInstance 'missing' -SocketPath $n1 -ErrorAction Stop } | Should -Throw -ErrorId 'InstanceNotFound,HaVrrp.PowerShell.Commands.GetVrrpInstanceCommand'
        }

        It 'matches literal names case-insensitively, and still returns the found ones beside a missing one' {
            (Get-VrrpInstance $instance.ToLowerInvariant() -SocketPath $n1).Name | Should -Be $instance
            $found = Get-VrrpInstance $instance, 'missing' -SocketPath $n1 -ErrorAction SilentlyContinue -ErrorVariable missing
            $found.Name | Should -Be $instance
            $missing.FullyQualifiedErrorId | Should -Be 'InstanceNotFound,HaVrrp.PowerShell.Commands.GetVrrpInstanceCommand'
            $missing.TargetObject | Should -Be 'missing'
        }

        It 'shows a table and a readable list' {
            $table = Get-VrrpInstance -SocketPath $n1 | Out-String -Width 200
            $table | Should -Match 'Name\s+State\s+Priority\s+VRID\s+Interface\s+VirtualIPs\s+MasterAddress'
            $list = Get-VrrpInstance $instance -SocketPath $n2 | Format-List | Out-String -Width 200
            $list | Should -Match 'Peers\s*:\s*\S+ priority 150, \d+ adverts'
            $list | Should -Match 'TrackedObjects\s*:\s*eth0 \(interface\) UP'
            $list | Should -Match 'Statistics\s*:\s*sent \d+, received \d+'
            $list | Should -Not -Match 'HaVrrp\.|System\.Collections|\{\s*\}'
        }

        It 'tells who the daemon is and that root may change things' {
            $daemon = Get-VrrpDaemon -SocketPath $n1
            $daemon.ProtocolVersion | Should -Be 1
            $daemon.ConfigPath | Should -Be $node1.configPath
            $daemon.SocketPath | Should -Be $n1
            $daemon.MayChange | Should -BeTrue
            $daemon.Uptime | Should -BeGreaterThan ([TimeSpan]::Zero)
        }

        It 'completes instance names from the running daemon' {
            $line = "Get-VrrpInstance -SocketPath $n1 -Name VI_"
            $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            $completion.CompletionMatches.CompletionText | Should -Be @('VI_1', 'VI_2')
        }
    }

    Context 'Maintenance switchover' {
        It 'hands the VIP to node2 without a lost probe, holds node1 backup, and -Release gives it back' {
            Invoke-HaVrrpLab $lab 'probe-start' | Out-Null
            $after = Invoke-VrrpFailover $instance -SocketPath $n1 -Confirm:$false
            $report = Invoke-HaVrrpLab $lab 'probe-stop 2'

            $after.State | Should -Be Backup
            $after.Hold | Should -Be SteppedDown
            $after.HoldsVirtualAddresses | Should -BeFalse
            (Get-VrrpInstance $instance -SocketPath $n2).State | Should -Be Master
            $report.responders | Should -Be @('node1', 'node2')
            $report.unanswered | Should -Be 0 -Because $report.report
            Write-Host "    Invoke-VrrpFailover: $($report.report)"

            $released = Invoke-VrrpFailover $instance -Release -SocketPath $n1 -Confirm:$false
            $released.Hold | Should -Be None
            # Released, node1's higher priority preempts node2 again.
            (Wait-VrrpInstance $instance -State Master -SocketPath $n1 -Timeout $deadline).State | Should -Be Master
            Wait-VrrpInstance $instance -State Backup -SocketPath $n2 -Timeout $deadline | Should -Not -BeNullOrEmpty
        }

        It 'returns at once with -Wait 0 while the daemon finishes the switchover' {
            $returned = Invoke-VrrpFailover $instance -Wait 0 -SocketPath $n1 -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue
            $returned.Name | Should -Be $instance
            # Either the answer came within the grace period, or the cmdlet said it is still under way.
            if ($returned.State -ne 'Backup') { "$warnings" | Should -Match 'still under way' }
            Wait-VrrpInstance $instance -State Master -SocketPath $n2 -Timeout $deadline | Should -Not -BeNullOrEmpty
            (Wait-VrrpInstance $instance -State Backup -SocketPath $n1 -Timeout $deadline).Hold | Should -Be SteppedDown
            Invoke-VrrpFailover $instance -Release -SocketPath $n1 -Confirm:$false | Out-Null
            Wait-VrrpInstance $instance -State Master -SocketPath $n1 -Timeout $deadline | Should -Not -BeNullOrEmpty
        }

        It 'takes mastership over on the backup and holds it until released' {
            $taken = Invoke-VrrpFailover $instance -TakeOver -SocketPath $n2 -Confirm:$false
            $taken.State | Should -Be Master
            $taken.Hold | Should -Be TakenOver
            Wait-VrrpInstance $instance -State Backup -SocketPath $n1 -Timeout $deadline | Should -Not -BeNullOrEmpty
            (Invoke-VrrpFailover $instance -Release -SocketPath $n2 -Confirm:$false).Hold | Should -Be None
            Wait-VrrpInstance $instance -State Master -SocketPath $n1 -Timeout $deadline | Should -Not -BeNullOrEmpty
        }

        It 'lowers a priority for a while, and it reverts by itself' {
            $set = Set-VrrpPriority $instance -Priority 50 -Duration 00:00:03 -SocketPath $n1 -PassThru -Confirm:$false
            $set.PriorityOverride | Should -Be 50
            $set.PriorityOverrideExpiresAt | Should -BeGreaterThan ([DateTimeOffset]::UtcNow)
            # node2 (100) preempts node1 (50), which steps back once it hears node2 ...
            Wait-VrrpInstance $instance -State Master -SocketPath $n2 -Timeout $deadline | Should -Not -BeNullOrEmpty
            Wait-VrrpInstance $instance -State Backup -SocketPath $n1 -Timeout $deadline | Should -Not -BeNullOrEmpty
            # ... until the override expires and node1 (150) preempts back.
            (Wait-VrrpInstance $instance -State Master -SocketPath $n1 -Timeout $deadline).Priority | Should -Be 150
            (Get-VrrpInstance $instance -SocketPath $n1).PriorityOverride | Should -BeNullOrEmpty
        }

        It 'binds names from Get-VrrpInstance and changes nothing with -WhatIf' {
            Get-VrrpInstance -SocketPath $n1 | Set-VrrpPriority -Priority 10 -WhatIf
            Get-VrrpInstance -SocketPath $n1 | Where-Object PriorityOverride | Should -BeNullOrEmpty
            $reset = Get-VrrpInstance -SocketPath $n1 | Set-VrrpPriority -Reset -PassThru -Confirm:$false
            @($reset).Count | Should -Be 2
        }

        It 'fails Wait-VrrpInstance with WaitTimeout' {
            { Wait-VrrpInstance $instance -State Fault -SocketPath $n1 -Timeout 00:00:01 } |
                Should -Throw -ErrorId 'WaitTimeout,HaVrrp.PowerShell.Commands.WaitVrrpInstanceCommand'
        }
    }

    Context 'Watch' {
        It 'shows the master''s adverts, and a foreign VRID with its problem' {
            $adverts = Watch-VrrpAdvert $instance -Count 2 -Timeout $deadline -SocketPath $n2
            $adverts.Count | Should -Be 2
            $adverts[0] | Should -BeOfType HaVrrp.VrrpAdvert
            $adverts.Source | Should -Be @([ipaddress]$node1.address, [ipaddress]$node1.address)
            $adverts.Problem | Should -Be @('', '')

            $foreign = Watch-VrrpAdvert -VirtualRouterId $lab.Info.foreignVirtualRouterId -Count 1 -Timeout $deadline -SocketPath $n2
            $foreign.Instance | Should -Be ''
            $foreign.Problem | Should -Be 'virtualRouterIdNotOurs'
            $table = $foreign | Out-String -Width 200
            $table | Should -Match 'Time\s+Interface\s+Source\s+Destination\s+Ver\s+VRID\s+Prio\s+Interval\s+Addresses\s+Instance\s+Problem'
            $table | Should -Match '\d\d:\d\d:\d\d\.\d{3}\s+eth0\s+\S+\s+224\.0\.0\.18\s+3\s+52\s+150\s+0\.5 s .*virtualRouterIdNotOurs'
        }

        It 'shows priority changes as they happen' {
            $watch = Start-ThreadJob -ArgumentList $HaVrrpModulePath, $n1 {
                param($module, $socket)
                Import-Module $module
                Watch-VrrpInstance VI_2 -Count 1 -Timeout 00:01:00 -SocketPath $socket
            }
            try {
                # The subscription starts some time after the job: change the priority until the watch reports it.
                $priority = 140
                $until = [DateTime]::UtcNow + $deadline
                while ($watch.State -notin 'Completed', 'Failed', 'Stopped' -and [DateTime]::UtcNow -lt $until) {
                    Set-VrrpPriority VI_2 -Priority $priority -SocketPath $n1 -Confirm:$false
                    $priority = 270 - $priority
                    $null = Wait-Job $watch -Timeout 1
                }
                $event = Receive-Job $watch -Wait -ErrorAction Stop
                $event | Should -BeOfType HaVrrp.VrrpEvent
                $event.Kind | Should -Be PriorityChanged
                $event.Instance | Should -Be VI_2
            }
            finally {
                Remove-Job $watch -Force
                Set-VrrpPriority VI_2 -Reset -SocketPath $n1 -Confirm:$false
            }
        }

        It 'stops a watch at once on Ctrl+C, and the daemon keeps serving' {
            $shell = [powershell]::Create()
            try {
                $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
                $null = $shell.AddScript("Import-Module '$HaVrrpModulePath'; Watch-VrrpAdvert -SocketPath '$n2'")
                $running = $shell.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
                $until = [DateTime]::UtcNow + $deadline
                while ($output.Count -eq 0 -and [DateTime]::UtcNow -lt $until) { Start-Sleep -Milliseconds 50 }
                $output.Count | Should -BeGreaterThan 0
                # What Ctrl+C does: StopProcessing, which cancels the subscription.
                $stopped = $shell.BeginStop($null, $null)
                $stopped.AsyncWaitHandle.WaitOne($deadline) | Should -BeTrue
                $running.IsCompleted | Should -BeTrue
                $shell.InvocationStateInfo.State | Should -Be Stopped
            }
            finally { $shell.Dispose() }
            (Get-VrrpInstance $instance -SocketPath $n2).State | Should -Be Backup
        }
    }

    Context 'Reload' {
        It 'shows the plan with -WhatIf without applying it' {
            $before = (Get-VrrpDaemon -SocketPath $n1).ConfigGeneration
            $plan = Update-VrrpConfiguration -SocketPath $n1 -WhatIf
            $plan | Should -BeOfType HaVrrp.VrrpReloadResult
            $plan.DryRun | Should -BeTrue
            $plan.Applied | Should -BeFalse
            $plan.Unchanged | Should -Be @('VI_1', 'VI_2')
            (Get-VrrpDaemon -SocketPath $n1).ConfigGeneration | Should -Be $before
        }

        It 'refuses a broken file with ReloadRejected and file:line:col, and keeps running' {
            $path = $node1.configPath
            $good = Get-Content $path -Raw
            $before = (Get-VrrpDaemon -SocketPath $n1).ConfigGeneration
            try {
                Set-Content $path ($good -replace 'virtual_router_id: 51', 'virtual_router_id: 300') -NoNewline
                $caught = $null
                try { Update-VrrpConfiguration -SocketPath $n1 -Confirm:$false -ErrorAction Stop } catch { $caught = $_ }
                $caught.FullyQualifiedErrorId | Should -Be 'ReloadRejected,HaVrrp.PowerShell.Commands.UpdateVrrpConfigurationCommand'
                $caught.CategoryInfo.Category | Should -Be 'InvalidData'
                "$caught" | Should -Match ([regex]::Escape($path) + ':\d+:\d+: error HV0103: ')
                $caught.TargetObject.Diagnostics.Code | Should -Contain 'HV0103'
                (Get-VrrpDaemon -SocketPath $n1).ConfigGeneration | Should -Be $before
                (Get-VrrpInstance $instance -SocketPath $n1).State | Should -Be Master
            }
            finally { Set-Content $path $good -NoNewline }
        }

        It 'applies a good file' {
            $before = (Get-VrrpDaemon -SocketPath $n1).ConfigGeneration
            $result = Update-VrrpConfiguration -SocketPath $n1 -Confirm:$false
            $result.Applied | Should -BeTrue
            $result.ConfigGeneration | Should -Be ($before + 1)
        }
    }

    Context 'A user outside the admin group' {
        BeforeAll {
            $outsider = New-HaVrrpLabUser
        }

        AfterAll {
            if ($outsider) { Remove-HaVrrpLabUser $outsider }
        }

        It 'may not even open the socket: AccessDenied naming the group' {
            $result = Invoke-PwshAs $outsider "Get-VrrpInstance -SocketPath '$n1'"
            $result.ErrorId | Should -BeLike 'AccessDenied,*'
            $result.Message | Should -Match 'permission denied'
            $result.Message | Should -Match 'group'
        }

        It 'may read from a socket opened to everyone, but not change things: AccessDenied' {
            $socketFolder = Split-Path $n1
            $mode = (Get-Item $socketFolder).UnixFileMode
            & chmod o+x $socketFolder
            & chmod o+rw $n1
            try {
                (Invoke-PwshAs $outsider "(Get-VrrpInstance VI_1 -SocketPath '$n1').State").Output | Should -Be 'Master'
                $result = Invoke-PwshAs $outsider "Set-VrrpPriority VI_1 -Priority 10 -SocketPath '$n1' -Confirm:`$false"
                $result.ErrorId | Should -BeLike 'AccessDenied,*'
                $result.Message | Should -Match 'root'
                (Get-VrrpInstance $instance -SocketPath $n1).PriorityOverride | Should -BeNullOrEmpty
            }
            finally {
                (Get-Item $socketFolder).UnixFileMode = $mode
                & chmod o-rw $n1
            }
        }
    }
}
