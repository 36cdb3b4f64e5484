#Requires -Version 7.6
<#
.SYNOPSIS
    Builds HaVrrp, assembles the importable module folder out/HaVrrp, and runs the tests.
.DESCRIPTION
    Tasks:
      Build   - dotnet build of the solution, then out/HaVrrp: HaVrrp.psd1, the module and engine assemblies,
                HaVrrp.Format.ps1xml, and en-US MAML help generated from docs/help/*.md when platyPS is installed.
      Test    - xunit tests (dotnet test), then the Pester tests under tests/Pester in a fresh pwsh -NoProfile.
      Publish - a self-contained havrrpd under out/havrrpd.
    The default runs Build and Test.
.EXAMPLE
    ./build.ps1
.EXAMPLE
    ./build.ps1 -Task Build -Configuration Debug
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Publish')]
    [string[]] $Task = @('Build', 'Test'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$out = Join-Path $root 'out'
$moduleOut = Join-Path $out 'HaVrrp'

function Invoke-Native {
    param([string] $Command, [string[]] $Arguments)
    & $Command @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Command $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

function Invoke-BuildTask {
    Invoke-Native dotnet @('build', (Join-Path $root 'HaVrrp.sln'), '-c', $Configuration)
    $moduleBin = Join-Path $root "src/HaVrrp.Module/bin/$Configuration/net10.0"

    if (Test-Path $moduleOut) { Remove-Item $moduleOut -Recurse -Force }
    New-Item -ItemType Directory -Path $moduleOut | Out-Null
    # The module needs its own assembly, the engine and the engine's dependencies; pwsh supplies
    # System.Management.Automation, so it is never copied.
    Get-ChildItem $moduleBin -Filter '*.dll' |
        Where-Object Name -NotLike 'System.Management.Automation*' |
        Copy-Item -Destination $moduleOut
    Copy-Item (Join-Path $root 'HaVrrp.psd1') $moduleOut
    Copy-Item (Join-Path $root 'src/HaVrrp.Module/HaVrrp.Format.ps1xml') $moduleOut

    $helpSource = Join-Path $root 'docs/help'
    if (Get-Module -ListAvailable Microsoft.PowerShell.PlatyPS) {
        Import-Module Microsoft.PowerShell.PlatyPS
        $helpOut = Join-Path $moduleOut 'en-US'
        Measure-PlatyPSMarkdown -Path (Join-Path $helpSource '*.md') |
            Where-Object Filetype -Match 'CommandHelp' |
            Import-MarkdownCommandHelp -Path { $_.FilePath } |
            Export-MamlCommandHelp -OutputFolder $helpOut -Force | Out-Null
        # platyPS writes <module>/<module>-help.xml; binary modules look for <assembly>.dll-Help.xml.
        Get-ChildItem $helpOut -Recurse -Filter '*.xml' |
            Move-Item -Destination (Join-Path $helpOut 'HaVrrp.Module.dll-Help.xml') -Force
    }
    elseif (Get-Module -ListAvailable platyPS) {
        Import-Module platyPS
        New-ExternalHelp -Path $helpSource -OutputPath (Join-Path $moduleOut 'en-US') -Force | Out-Null
    }
    else {
        Write-Warning 'platyPS is not installed: the module is built without Get-Help content (Install-Module Microsoft.PowerShell.PlatyPS).'
    }
    Test-ModuleManifest (Join-Path $moduleOut 'HaVrrp.psd1') | Out-Null
    Write-Host "Module assembled in $moduleOut"
}

function Invoke-TestTask {
    Invoke-Native dotnet @('test', (Join-Path $root 'HaVrrp.sln'), '-c', $Configuration)
    if (-not (Get-Module -ListAvailable Pester | Where-Object Version -GE '5.0')) {
        throw 'Pester 5 is required for tests/Pester: Install-Module Pester -MinimumVersion 5.0'
    }
    # A fresh process: a loaded binary module cannot be unloaded, and would lock the next build.
    $script = "Import-Module Pester -MinimumVersion 5.0; `$c = New-PesterConfiguration; " +
        "`$c.Run.Path = '$root/tests/Pester'; `$c.Run.Exit = `$true; `$c.Output.Verbosity = 'Detailed'; " +
        "`$c.TestResult.Enabled = `$true; `$c.TestResult.OutputPath = '$out/pester.xml'; `$c.TestResult.OutputFormat = 'JUnitXml'; " +
        "Invoke-Pester -Configuration `$c"
    Invoke-Native pwsh @('-NoProfile', '-NonInteractive', '-Command', $script)
}

function Invoke-PublishTask {
    Invoke-Native dotnet @('publish', (Join-Path $root 'src/HaVrrp.Service'), '-c', $Configuration,
        '-r', 'linux-x64', '--self-contained', '-o', (Join-Path $out 'havrrpd'))
}

foreach ($name in $Task) {
    & "Invoke-$($name)Task"
}
