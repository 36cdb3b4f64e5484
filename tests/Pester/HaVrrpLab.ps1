# Helpers of DaemonLab.Tests.ps1: the two-node lab of tests/HaVrrp.PesterLab as a child process (its standard input
# keeps it alive: closing it, or this pwsh dying, tears the namespaces down), and pwsh run as another, real user.

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
