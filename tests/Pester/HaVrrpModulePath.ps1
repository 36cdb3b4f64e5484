# Where the Pester suite finds the module under test: the folder the build produces, so the tests
# see what users import. Invoke-PesterSuite.ps1 (and so build.ps1 and the xunit PesterSuiteTests)
# sets HAVRRP_MODULE_PATH; by hand it defaults to the Release build of src/HaVrrp.Module.
$HaVrrpModulePath = if ($env:HAVRRP_MODULE_PATH) {
    $env:HAVRRP_MODULE_PATH
}
else {
    Join-Path $PSScriptRoot '../../src/HaVrrp.Module/bin/Release/net10.0/HaVrrp.psd1'
}
$HaVrrpRepositoryRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
