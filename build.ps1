#Requires -Version 7.6
<#
.SYNOPSIS
    Builds HaVrrp, assembles the importable module folder out/HaVrrp, and runs the tests.
.DESCRIPTION
    Tasks (docs/powershell.md):
      Build   - dotnet build of the solution, then out/HaVrrp: the Module project's output (manifest,
                module and engine assemblies with their dependencies, HaVrrp.Format.ps1xml, en-US help
                compiled from docs/help) without build-only files. With -PlatyPS and platyPS installed,
                the help is made by platyPS instead of tools/HaVrrp.HelpCompiler.
      Test    - dotnet test of the solution (xunit, and the Pester suite against the build output),
                then the Pester task.
      Pester  - the Pester suite in tests/Pester against out/HaVrrp, in a fresh pwsh -NoProfile. Pester
                5.7.1 comes from the NuGet package the tests restore when no Pester 5 is installed.
      Publish - the Native AOT havrrpd (one self-contained executable) under out/havrrpd.
    The default runs Build and Test.
.EXAMPLE
    ./build.ps1
.EXAMPLE
    ./build.ps1 -Task Build, Pester -Configuration Debug
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Pester', 'Publish')]
    [string[]] $Task = @('Build', 'Test'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Compile help with platyPS (Microsoft.PowerShell.PlatyPS or platyPS 0.14) when it is installed.
    [switch] $PlatyPS
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$out = Join-Path $root 'out'
$moduleOut = Join-Path $out 'HaVrrp'
$pesterVersion = '5.7.1'

function Invoke-Native {
    param([string] $Command, [string[]] $Arguments)
    & $Command @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Command $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

function Invoke-BuildTask {
    Invoke-Native dotnet @('build', (Join-Path $root 'HaVrrp.sln'), '-c', $Configuration)
    $moduleBin = Join-Path $root "src/HaVrrp.Module/bin/$Configuration/net10.0"

    if (Test-Path $moduleOut) { Remove-Item $moduleOut -Recurse -Force }
    # The build output already is a complete module (the Module project copies the engine's
    # dependencies and compiles help); only files for debugging and building stay behind.
    Copy-Item $moduleBin $moduleOut -Recurse
    Get-ChildItem $moduleOut -File | Where-Object { $_.Extension -in '.pdb', '.json' -or $_.Name -like 'HaVrrp.*.xml' } |
        Remove-Item

    if ($PlatyPS) { Invoke-PlatyPSHelp }
    Test-ModuleManifest (Join-Path $moduleOut 'HaVrrp.psd1') | Out-Null
    Write-Host "Module assembled in $moduleOut"
}

function Invoke-PlatyPSHelp {
    $helpSource = Join-Path $root 'docs/help'
    $helpOut = Join-Path $moduleOut 'en-US'
    $commandPages = Get-ChildItem $helpSource -Filter '*.md' | Where-Object Name -NotLike 'about_*'
    if (Get-Module -ListAvailable Microsoft.PowerShell.PlatyPS) {
        Import-Module Microsoft.PowerShell.PlatyPS
        $commandPages | ForEach-Object { Import-MarkdownCommandHelp -Path $_.FullName } |
            Export-MamlCommandHelp -OutputFolder $helpOut -Force | Out-Null
        # platyPS writes <module>/<module>-help.xml; binary modules look for <assembly>.dll-Help.xml.
        Get-ChildItem $helpOut -Recurse -Filter '*-help.xml' | Where-Object Name -NE 'HaVrrp.Module.dll-Help.xml' |
            Move-Item -Destination (Join-Path $helpOut 'HaVrrp.Module.dll-Help.xml') -Force
    }
    elseif (Get-Module -ListAvailable platyPS) {
        Import-Module platyPS
        New-ExternalHelp -Path $commandPages.FullName -OutputPath $helpOut -Force | Out-Null
    }
    else {
        Write-Warning 'platyPS is not installed: keeping the help compiled by tools/HaVrrp.HelpCompiler.'
    }
}

function Invoke-TestTask {
    Invoke-Native dotnet @('test', (Join-Path $root 'HaVrrp.sln'), '-c', $Configuration)
    Invoke-PesterTask
}

# Pester.psd1 of an installed Pester 5, else of the NuGet package HaVrrp.Module.Tests restores.
function Get-PesterPath {
    $installed = Get-Module -ListAvailable Pester | Where-Object { $_.Version.Major -eq 5 } |
        Sort-Object Version -Descending | Select-Object -First 1
    if ($installed) { return $installed.Path }
    Invoke-Native dotnet @('restore', (Join-Path $root 'tests/HaVrrp.Module.Tests')) | Out-Host
    $packages = (& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
    Join-Path $packages.Trim() "pester/$pesterVersion/tools/Pester.psd1"
}

function Invoke-PesterTask {
    if (-not (Test-Path (Join-Path $moduleOut 'HaVrrp.psd1'))) { throw "No module in ${moduleOut}: run ./build.ps1 -Task Build first." }
    # A fresh process: a loaded binary module cannot be unloaded, and would lock the next build.
    $pwsh = Get-Command pwsh -CommandType Application -ErrorAction Ignore | Select-Object -First 1
    $suite = @('-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'tests/Pester/Invoke-PesterSuite.ps1'),
        '-PesterPath', (Get-PesterPath), '-ModulePath', (Join-Path $moduleOut 'HaVrrp.psd1'),
        '-ResultPath', (Join-Path $out 'pester.xml'),
        '-LabPath', (Join-Path $root "tests/HaVrrp.PesterLab/bin/$Configuration/net10.0/havrrp-pester-lab.dll"))
    if ($pwsh) {
        Invoke-Native $pwsh.Source $suite
    }
    else {
        Push-Location $root
        try {
            Invoke-Native dotnet @('tool', 'restore')
            Invoke-Native dotnet (@('pwsh') + $suite)
        }
        finally { Pop-Location }
    }
}

function Invoke-PublishTask {
    Invoke-Native dotnet @('publish', (Join-Path $root 'src/HaVrrp.Service'), '-c', $Configuration,
        '-r', 'linux-x64', '-o', (Join-Path $out 'havrrpd'))
}

foreach ($name in $Task) {
    & "Invoke-$($name)Task"
}
