using HaVrrp.HelpCompiler;

// Usage: HaVrrp.HelpCompiler --module <HaVrrp.Module.dll> --automation <System.Management.Automation reference dll>
//                            --help <docs/help> --output <module folder>/en-US
// Run by the module's build (src/HaVrrp.Module/HaVrrp.Module.csproj, target CompileHelp).
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i + 1 < args.Length; i += 2)
{
    options[args[i]] = args[i + 1];
}
string[] required = ["--module", "--automation", "--help", "--output"];
var missing = required.Where(r => !options.ContainsKey(r)).ToList();
if (missing.Count > 0 || args.Length % 2 != 0)
{
    Console.Error.WriteLine($"usage: HaVrrp.HelpCompiler {string.Join(' ', required.Select(r => $"{r} <path>"))}");
    return 2;
}

try
{
    var build = new HelpBuild(options["--module"], options["--automation"], options["--help"], options["--output"]);
    foreach (var gap in build.Run())
    {
        // Reported, not fatal: the module's tests fail on gaps, and a build should still ship what help exists.
        Console.WriteLine($"help gap: {gap}");
    }
    Console.WriteLine($"HaVrrp.HelpCompiler: wrote {build.MamlPath}");
    return 0;
}
catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException or BadImageFormatException)
{
    Console.Error.WriteLine($"error HVHELP: {e.Message}");
    return 1;
}
