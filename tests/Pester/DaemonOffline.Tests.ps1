#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The daemon cmdlets without a daemon: the errors an operator meets first, and parameter validation.

BeforeDiscovery {
    # Every cmdlet that talks to havrrpd, with arguments that pass validation.
    $daemonCmdlets = @(
        @{ Name = 'Get-VrrpInstance'; Arguments = @{} }
        @{ Name = 'Get-VrrpDaemon'; Arguments = @{} }
        @{ Name = 'Get-VrrpScript'; Arguments = @{} }
        @{ Name = 'Set-VrrpPriority'; Arguments = @{ Name = 'VI_1'; Priority = 50; Confirm = $false } }
        @{ Name = 'Invoke-VrrpFailover'; Arguments = @{ Name = 'VI_1'; Confirm = $false } }
        @{ Name = 'Wait-VrrpInstance'; Arguments = @{ Name = 'VI_1'; State = 'Master' } }
        @{ Name = 'Update-VrrpConfiguration'; Arguments = @{ Confirm = $false } }
        @{ Name = 'Watch-VrrpAdvert'; Arguments = @{ Count = 1 } }
        @{ Name = 'Watch-VrrpInstance'; Arguments = @{ Count = 1 } }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'HaVrrpModulePath.ps1')
    Import-Module $HaVrrpModulePath -Force
    $missing = Join-Path $TestDrive 'no-such-daemon.sock'
}

Describe '<Name> without a daemon' -ForEach $daemonCmdlets {
    It 'fails with DaemonUnavailable naming the socket and systemctl' {
        $caught = $null
        try { & $Name @Arguments -SocketPath $missing -ErrorAction Stop } catch { $caught = $_ }
        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -BeLike 'DaemonUnavailable,HaVrrp.PowerShell.Commands.*'
        $caught.CategoryInfo.Category | Should -Be 'ConnectionError'
        "$caught" | Should -Match ([regex]::Escape($missing))
        "$caught" | Should -Match 'systemctl status havrrpd'
        # An expected failure carries no stack trace in its message.
        "$caught" | Should -Not -Match '   at '
    }

    It 'uses $env:HAVRRP_SOCKET when -SocketPath is not given' {
        $env:HAVRRP_SOCKET = Join-Path $TestDrive 'from-environment.sock'
        try {
            $caught = $null
            try { & $Name @Arguments -ErrorAction Stop } catch { $caught = $_ }
            "$caught" | Should -Match 'from-environment\.sock'
        }
        finally { Remove-Item Env:HAVRRP_SOCKET }
    }
}

Describe 'Daemon cmdlets and a socket nobody listens on' {
    It 'reports DaemonUnavailable, not a crash' {
        # Bound but never listening: connecting is refused, as after a crash left the socket behind.
        $path = Join-Path $TestDrive 'stale.sock'
        $socket = [System.Net.Sockets.Socket]::new('Unix', 'Stream', 'Unspecified')
        try {
            $socket.Bind([System.Net.Sockets.UnixDomainSocketEndPoint]::new($path))
            { Get-VrrpInstance -SocketPath $path -ErrorAction Stop } | Should -Throw -ErrorId 'DaemonUnavailable,HaVrrp.PowerShell.Commands.GetVrrpInstanceCommand'
            try { Get-VrrpInstance -SocketPath $path -ErrorAction Stop } catch { "$_" | Should -Match 'nobody listens' }
        }
        finally { $socket.Dispose() }
    }
}

Describe 'Parameter validation of the daemon cmdlets' {
    It 'refuses a priority outside 1-254' {
        { Set-VrrpPriority VI_1 -Priority 255 -SocketPath $missing } | Should -Throw -ErrorId 'ParameterArgumentValidationError,HaVrrp.PowerShell.Commands.SetVrrpPriorityCommand'
        { Set-VrrpPriority VI_1 -Priority 0 -SocketPath $missing } | Should -Throw -ErrorId 'ParameterArgumentValidationError,HaVrrp.PowerShell.Commands.SetVrrpPriorityCommand'
    }

    It 'does not take -Priority and -Reset together' {
        { Set-VrrpPriority VI_1 -Priority 50 -Reset -SocketPath $missing } | Should -Throw -ErrorId 'AmbiguousParameterSet,HaVrrp.PowerShell.Commands.SetVrrpPriorityCommand'
    }

    It 'does not take -Duration with -Reset' {
        { Set-VrrpPriority VI_1 -Reset -Duration 00:01:00 -SocketPath $missing } | Should -Throw -ErrorId 'AmbiguousParameterSet,HaVrrp.PowerShell.Commands.SetVrrpPriorityCommand'
    }

    It 'refuses a duration that is not positive' {
        { Set-VrrpPriority VI_1 -Priority 50 -Duration 00:00:00 -SocketPath $missing -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidDuration,HaVrrp.PowerShell.Commands.SetVrrpPriorityCommand'
    }

    It 'does not take -TakeOver and -Release together' {
        { Invoke-VrrpFailover VI_1 -TakeOver -Release -SocketPath $missing } | Should -Throw -ErrorId 'AmbiguousParameterSet,HaVrrp.PowerShell.Commands.InvokeVrrpFailoverCommand'
    }

    It 'refuses a -Wait outside 0-3600 seconds' {
        { Invoke-VrrpFailover VI_1 -Wait -1 -SocketPath $missing } | Should -Throw -ErrorId 'ParameterArgumentValidationError,HaVrrp.PowerShell.Commands.InvokeVrrpFailoverCommand'
    }

    It 'refuses an unknown state' {
        { Wait-VrrpInstance VI_1 -State Primary -SocketPath $missing } | Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,HaVrrp.PowerShell.Commands.WaitVrrpInstanceCommand'
    }

    It 'refuses a VRID outside 1-255 and a count below 1' {
        { Watch-VrrpAdvert -VirtualRouterId 256 -SocketPath $missing } | Should -Throw -ErrorId 'ParameterArgumentValidationError,HaVrrp.PowerShell.Commands.WatchVrrpAdvertCommand'
        { Watch-VrrpInstance -Count 0 -SocketPath $missing } | Should -Throw -ErrorId 'ParameterArgumentValidationError,HaVrrp.PowerShell.Commands.WatchVrrpInstanceCommand'
    }

    It 'refuses a watch timeout that is not positive' {
        { Watch-VrrpAdvert -Timeout 00:00:00 -SocketPath $missing -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidTimeout,HaVrrp.PowerShell.Commands.WatchVrrpAdvertCommand'
    }

    It 'does not ask the daemon for -WhatIf of a priority change' {
        # ShouldProcess comes before any request: -WhatIf on literal names needs no daemon.
        { Set-VrrpPriority VI_1 -Priority 50 -SocketPath $missing -WhatIf } | Should -Not -Throw
    }
}

Describe 'Tab completion without a daemon' {
    It 'offers nothing and says nothing' {
        $line = "Get-VrrpInstance -SocketPath $missing -Name V"
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $completion.CompletionMatches | Should -BeNullOrEmpty
    }
}
