#Requires -Version 7.6
<#
.SYNOPSIS
    Runs the Pester suite in tests/Pester against a built HaVrrp module, in this (fresh) pwsh.
.DESCRIPTION
    Used by build.ps1 and by tests/HaVrrp.Module.Tests/PesterSuiteTests.cs; see docs/powershell.md.
    Exits with Pester's count of failures, so 0 means every test passed.
.EXAMPLE
    dotnet pwsh -NoProfile -File tests/Pester/Invoke-PesterSuite.ps1 -PesterPath ~/.nuget/packages/pester/5.7.1/tools/Pester.psd1
#>
[CmdletBinding()]
param(
    # Pester.psd1 to import; by default the newest Pester 5 installed as a module.
    [string] $PesterPath,

    # HaVrrp.psd1 of the module folder under test; by default the Release build's output.
    [string] $ModulePath,

    # Where to write the JUnit XML result; none when omitted.
    [string] $ResultPath,

    # havrrp-pester-lab.dll for the daemon lab tests; by default the Release build of tests/HaVrrp.PesterLab.
    [string] $LabPath
)

$ErrorActionPreference = 'Stop'
if ($ModulePath) { $env:HAVRRP_MODULE_PATH = (Resolve-Path $ModulePath).Path }
if ($LabPath) { $env:HAVRRP_PESTER_LAB = $LabPath }
if ($PesterPath) {
    Import-Module $PesterPath -Force
}
else {
    Import-Module Pester -MinimumVersion 5.0 -MaximumVersion 5.99
}

$configuration = New-PesterConfiguration
$configuration.Run.Path = $PSScriptRoot
$configuration.Run.Exit = $true
$configuration.Output.Verbosity = 'Detailed'
# Captured output (dotnet test, CI logs) reads better without colour escape sequences.
if ([Console]::IsOutputRedirected) { $configuration.Output.RenderMode = 'Plaintext' }
if ($ResultPath) {
    $configuration.TestResult.Enabled = $true
    $configuration.TestResult.OutputPath = $ResultPath
    $configuration.TestResult.OutputFormat = 'JUnitXml'
}
Invoke-Pester -Configuration $configuration
