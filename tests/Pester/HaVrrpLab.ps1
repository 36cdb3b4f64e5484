# Helpers of the lab Pester files: the two-node lab of tests/HaVrrp.PesterLab as a child process (its standard input
# keeps it alive: closing it, or this pwsh dying, tears the namespaces down), pwsh run as another, real user, and
# each node reachable over real PowerShell SSH remoting.

# Where the lab tool is: $env:HAVRRP_PESTER_LAB (set by Invoke-PesterSuite.ps1 -LabPath), else the Release build.
$HaVrrpLabPath = if ($env:HAVRRP_PESTER_LAB) { $env:HAVRRP_PESTER_LAB } else {
    Join-Path $PSScriptRoot '../HaVrrp.PesterLab/bin/Release/net10.0/havrrp-pester-lab.dll'
}
$HaVrrpLabTimeout = [TimeSpan]::FromMinutes(3)

function Read-HaVrrpLabLine {
    param($Lab)
    $line = $Lab.Process.StandardOutput.ReadLineAsync()
    if (-not $line.Wait($HaVrrpLabTimeout)) { throw "havrrp-pester-lab did not answer within $HaVrrpLabTimeout" }
    if ($null -eq $line.Result) {
        $Lab.Process.WaitForExit(10000) | Out-Null
        throw "havrrp-pester-lab ended: $($Lab.Process.StandardError.ReadToEnd())"
    }
    $line.Result | ConvertFrom-Json
}

# Builds the lab (two havrrpd nodes, node1 master of VI_1) and returns it once both control sockets answer.
# -MismatchedVips: node2's VI_1 carries one more VIP than node1's.
function Start-HaVrrpLab {
    param([switch] $MismatchedVips)
    if (-not (Test-Path $HaVrrpLabPath)) { throw "No lab tool at ${HaVrrpLabPath}: dotnet build tests/HaVrrp.PesterLab -c Release" }
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    $start.ArgumentList.Add((Resolve-Path $HaVrrpLabPath).Path)
    if ($MismatchedVips) { $start.ArgumentList.Add('--mismatched-vips') }
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $lab = [pscustomobject]@{ Process = [System.Diagnostics.Process]::Start($start); Info = $null }
    try { $lab.Info = Read-HaVrrpLabLine $lab }
    catch { Stop-HaVrrpLab $lab; throw }
    $lab
}

# One command of the lab tool (probe-start, probe-stop NODE), its JSON answer as an object.
function Invoke-HaVrrpLab {
    param($Lab, [string] $Command)
    $Lab.Process.StandardInput.WriteLine($Command)
    $Lab.Process.StandardInput.Flush()
    $answer = Read-HaVrrpLabLine $Lab
    if ($answer.PSObject.Properties['error']) { throw "havrrp-pester-lab ${Command}: $($answer.error)" }
    $answer
}

function Stop-HaVrrpLab {
    param($Lab)
    try { $Lab.Process.StandardInput.Close() } catch { }
    if (-not $Lab.Process.WaitForExit(120000)) { $Lab.Process.Kill($true) }
    $Lab.Process.Dispose()
}

# A real account outside any admin group, with a unique name; Remove-HaVrrpLabUser deletes it.
function New-HaVrrpLabUser {
    $name = 'hvo' + [Convert]::ToHexString([System.Security.Cryptography.RandomNumberGenerator]::GetBytes(3)).ToLowerInvariant()
    & useradd -M -N -s /usr/sbin/nologin $name
    if ($LASTEXITCODE -ne 0) { throw "useradd $name failed" }
    $work = Join-Path ([System.IO.Path]::GetTempPath()) "havrrp-pester-$name"
    New-Item -ItemType Directory -Path (Join-Path $work 'pwsh'), (Join-Path $work 'module'), (Join-Path $work 'home') | Out-Null
    & chmod 755 $work
    & chown $name (Join-Path $work 'home')
    [pscustomobject]@{ Name = $name; Work = $work }
}

function Remove-HaVrrpLabUser {
    param($User)
    & userdel $User.Name
    Remove-Item $User.Work -Recurse -Force -ErrorAction Ignore
}

# Runs $Command in a fresh pwsh as $User (uid, gid and groups: setpriv), with this module imported. pwsh and the
# module may live where the user cannot look (under /root): they are bind-mounted into a private mount namespace.
# Returns Output (lines written), ErrorId and Message of the first error.
function Invoke-PwshAs {
    param($User, [string] $Command)
    $pwshAt = Join-Path $User.Work 'pwsh'
    $moduleAt = Join-Path $User.Work 'module'
    $script = "`$ErrorActionPreference = 'Stop'; Import-Module '$moduleAt/HaVrrp.psd1'; try { $Command | ForEach-Object { 'OUT ' + `$_ } } " +
        "catch { 'ERRID ' + `$_.FullyQualifiedErrorId; 'MSG ' + (`$_.ToString() -replace '\s+', ' ') }"
    $group = (& id -g $User.Name)
    $lines = & unshare --mount --propagation private sh -c 'mount --bind "$1" "$2" && mount --bind "$3" "$4" && exec setpriv --reuid "$5" --regid "$6" --init-groups env HOME="$7" dotnet "$2/pwsh.dll" -NoProfile -NonInteractive -Command "$8"' `
        sh $PSHOME $pwshAt (Split-Path $HaVrrpModulePath) $moduleAt $User.Name $group (Join-Path $User.Work 'home') $script 2>&1
    [pscustomobject]@{
        Output  = @($lines | Where-Object { "$_" -like 'OUT *' } | ForEach-Object { "$_".Substring(4) })
        ErrorId = $lines | Where-Object { "$_" -like 'ERRID *' } | ForEach-Object { "$_".Substring(6) } | Select-Object -First 1
        Message = $lines | Where-Object { "$_" -like 'MSG *' } | ForEach-Object { "$_".Substring(4) } | Select-Object -First 1
        Raw     = $lines -join "`n"
    }
}

# One OpenSSH server per lab node, each a PowerShell remoting endpoint (the 'powershell' subsystem, as
# docs/powershell.md sets one up) whose sessions find that node's daemon through HAVRRP_SOCKET, just as a real
# host's sessions find /run/havrrp/havrrpd.sock. They listen on loopback only, on addresses and a port picked at
# random (127.X.Y.1, .2, ...), so runs side by side do not meet. Returns HostName (user@address:port, one per node,
# for Invoke-Command -HostName), KeyFilePath and SshOptions; Stop-HaVrrpSshHosts ends the servers and removes keys.
function Start-HaVrrpSshHosts {
    param($Lab)
    $sshd = '/usr/sbin/sshd'
    if (-not (Test-Path $sshd)) { throw "No ${sshd}: install openssh-server (bash .ci/run does) to test SSH remoting" }
    $work = Join-Path ([System.IO.Path]::GetTempPath()) ('havrrp-ssh-' + [Guid]::NewGuid().ToString('n').Substring(0, 8))
    New-Item -ItemType Directory -Path $work | Out-Null
    New-Item -ItemType Directory -Path '/run/sshd' -Force | Out-Null # sshd's privilege-separation directory
    & ssh-keygen -q -t ed25519 -N '' -f (Join-Path $work 'host_key')
    & ssh-keygen -q -t ed25519 -N '' -f (Join-Path $work 'client_key')
    Copy-Item (Join-Path $work 'client_key.pub') (Join-Path $work 'authorized_keys')

    # The remote end of a session is this very pwsh, started in server mode (-sshs).
    $pwsh = if ((Split-Path -Leaf ([Environment]::ProcessPath)) -like 'dotnet*') {
        "'$([Environment]::ProcessPath)' '$(Join-Path $PSHOME 'pwsh.dll')'"
    }
    else { "'$([Environment]::ProcessPath)'" }
    $subsystem = Join-Path $work 'pwsh-subsystem.sh'
    Set-Content $subsystem "#!/bin/sh`nexec $pwsh -sshs -NoLogo -NoProfile"
    & chmod 755 $subsystem

    $random = [System.Security.Cryptography.RandomNumberGenerator]
    $network = "127.$($random::GetInt32(16, 250)).$($random::GetInt32(1, 250))"
    $port = $random::GetInt32(20000, 60000)
    $hosts = [pscustomobject]@{ Work = $work; Servers = @(); HostName = @(); KeyFilePath = (Join-Path $work 'client_key')
        SshOptions = @{ StrictHostKeyChecking = 'no'; UserKnownHostsFile = '/dev/null'; LogLevel = 'ERROR' } }
    try {
        $index = 0
        foreach ($node in $Lab.Info.nodes) {
            $index++
            $config = Join-Path $work "sshd-$($node.name).conf"
            Set-Content $config @"
ListenAddress $network.${index}:$port
HostKey $work/host_key
PidFile none
AuthorizedKeysFile $work/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
SetEnv HAVRRP_SOCKET=$($node.socketPath)
Subsystem powershell $subsystem
"@
            $start = [System.Diagnostics.ProcessStartInfo]::new($sshd)
            foreach ($argument in '-D', '-e', '-f', $config) { $start.ArgumentList.Add($argument) }
            $start.RedirectStandardError = $true
            $start.UseShellExecute = $false
            $server = [System.Diagnostics.Process]::Start($start)
            $hosts.Servers += $server
            $listening = $server.StandardError.ReadLineAsync()
            if (-not $listening.Wait([TimeSpan]::FromSeconds(30)) -or "$($listening.Result)" -notlike 'Server listening*') {
                throw "sshd for $($node.name) did not start: $($listening.Result)"
            }
            $null = $server.StandardError.ReadToEndAsync() # sshd -e logs each login there: keep the pipe drained
            $hosts.HostName += "root@$network.${index}:$port"
        }
    }
    catch { Stop-HaVrrpSshHosts $hosts; throw }
    $hosts
}

function Stop-HaVrrpSshHosts {
    param($Hosts)
    foreach ($server in $Hosts.Servers) {
        try { $server.Kill($true); $server.WaitForExit(10000) | Out-Null } catch { }
        $server.Dispose()
    }
    Remove-Item $Hosts.Work -Recurse -Force -ErrorAction Ignore
}
