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

Describe 'Daemon cmdlets and a daemon of another release' {
    BeforeAll {
        # A stand-in daemon on a real Unix socket, served from a thread job: it answers each method from $Answers
        # (a JSON object without jsonrpc and id) and every other method as an older daemon would, MethodNotFound.
        function Start-StandInDaemon {
            param([hashtable] $Answers)
            $path = Join-Path $TestDrive ("stand-in-{0}.sock" -f [Guid]::NewGuid().ToString('n').Substring(0, 8))
            $listener = [System.Net.Sockets.Socket]::new('Unix', 'Stream', 'Unspecified')
            $listener.Bind([System.Net.Sockets.UnixDomainSocketEndPoint]::new($path))
            $listener.Listen(8)
            $job = Start-ThreadJob -ArgumentList $listener, $Answers -ScriptBlock {
                param($listener, $answers)
                while ($true) {
                    try { $connection = $listener.Accept() } catch { return } # disposed: the test is over
                    $stream = [System.Net.Sockets.NetworkStream]::new($connection, $true)
                    $reader = [System.IO.StreamReader]::new($stream)
                    $writer = [System.IO.StreamWriter]::new($stream)
                    $writer.AutoFlush = $true
                    try {
                        while ($null -ne ($line = $reader.ReadLine())) {
                            $request = $line | ConvertFrom-Json
                            $answer = $answers[$request.method]
                            if (-not $answer) {
                                $answer = '{"error":{"code":-32601,"message":"unknown method ' + $request.method + '","data":{"name":"MethodNotFound"}}}'
                            }
                            $writer.WriteLine('{"jsonrpc":"2.0","id":' + $request.id + ',' + $answer.TrimStart().Substring(1))
                        }
                    }
                    catch { }
                    finally { $stream.Dispose() }
                }
            }
            [pscustomobject]@{ Path = $path; Listener = $listener; Job = $job }
        }

        function Stop-StandInDaemon {
            param($Daemon)
            $Daemon.Listener.Dispose()
            $Daemon.Job | Wait-Job -Timeout 30 | Out-Null
            $Daemon.Job | Remove-Job -Force
        }

        function Get-Hello {
            param([int] $ProtocolVersion, [string] $DaemonVersion)
            '{"result":{"daemonVersion":"' + $DaemonVersion + '","protocolVersion":' + $ProtocolVersion + ',"pid":4242,' +
            '"startedAt":"2026-12-06T10:00:00.000Z","configPath":"/etc/havrrp/havrrp.yaml","configFormat":"yaml",' +
            '"configLoadedAt":"2026-12-06T10:00:00.000Z","configGeneration":1,"socketPath":"/run/havrrp/havrrpd.sock",' +
            '"caller":{"uid":0,"gid":0,"pid":4243,"userName":"root","mayChange":true}}}'
        }
    }

    It 'refuses a daemon that speaks control protocol 2, naming both versions' {
        $daemon = Start-StandInDaemon @{ hello = (Get-Hello -ProtocolVersion 2 -DaemonVersion '2.0.0') }
        try {
            $caught = $null
            try { Get-VrrpInstance -SocketPath $daemon.Path -ErrorAction Stop } catch { $caught = $_ }
            $caught.FullyQualifiedErrorId | Should -Be 'ProtocolMismatch,HaVrrp.PowerShell.Commands.GetVrrpInstanceCommand'
            $caught.CategoryInfo.Category | Should -Be 'ProtocolError'
            "$caught" | Should -Match 'havrrpd 2\.0\.0 .* speaks control protocol 2; this module speaks 1'
            $caught.ErrorDetails.RecommendedAction | Should -Match 'same release'
            "$caught" | Should -Not -Match '   at '
        }
        finally { Stop-StandInDaemon $daemon }
    }

    It 'calls an older daemon that lacks a method a ProtocolMismatch, not a crash' {
        $daemon = Start-StandInDaemon @{ hello = (Get-Hello -ProtocolVersion 1 -DaemonVersion '0.0.9') }
        try {
            { Get-VrrpScript -SocketPath $daemon.Path -ErrorAction Stop } |
                Should -Throw -ErrorId 'ProtocolMismatch,HaVrrp.PowerShell.Commands.GetVrrpScriptCommand'
            try { Get-VrrpScript -SocketPath $daemon.Path -ErrorAction Stop } catch { "$_" | Should -Match 'older than this module' }
        }
        finally { Stop-StandInDaemon $daemon }
    }

    It 'calls an answer of another shape a ProtocolMismatch' {
        $daemon = Start-StandInDaemon @{
            hello           = (Get-Hello -ProtocolVersion 1 -DaemonVersion '0.0.9')
            'instance.list' = '{"result":{"instances":"all of them"}}'
        }
        try {
            { Get-VrrpInstance -SocketPath $daemon.Path -ErrorAction Stop } |
                Should -Throw -ErrorId 'ProtocolMismatch,HaVrrp.PowerShell.Commands.GetVrrpInstanceCommand'
            Get-VrrpDaemon -SocketPath $daemon.Path | Select-Object -ExpandProperty Version | Should -Be '0.0.9'
        }
        finally { Stop-StandInDaemon $daemon }
    }
}
