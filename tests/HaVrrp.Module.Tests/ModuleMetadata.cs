using System.Reflection;
using System.Runtime.InteropServices;

namespace HaVrrp.PowerShell.Tests;

/// <summary>
/// The module assembly loaded for inspection only, against PowerShell's reference assembly:
/// pwsh cannot run here, but every cmdlet's attributes can still be read and checked.
/// </summary>
public sealed class ModuleMetadata : IDisposable
{
    private readonly MetadataLoadContext _context;

    public ModuleMetadata()
    {
        var powerShell = Metadata("PowerShellReferenceAssembly");
        var testDirectory = AppContext.BaseDirectory;
        var paths = Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
            .Concat(Directory.GetFiles(testDirectory, "*.dll").Where(p => !Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal)))
            .Append(powerShell);
        _context = new MetadataLoadContext(new PathAssemblyResolver(paths));
        Automation = _context.LoadFromAssemblyPath(powerShell);
        Module = _context.LoadFromAssemblyPath(Path.Combine(testDirectory, "HaVrrp.Module.dll"));
        Cmdlets = Module.GetTypes().Where(t => CmdletAttribute(t) is not null).OrderBy(t => t.Name).ToList();
    }

    public static string RepositoryRoot => Metadata("RepositoryRoot");

    public Assembly Automation { get; }

    public Assembly Module { get; }

    public IReadOnlyList<Type> Cmdlets { get; }

    public static CustomAttributeData? CmdletAttribute(Type type) =>
        type.CustomAttributes.FirstOrDefault(a => a.AttributeType.FullName == "System.Management.Automation.CmdletAttribute");

    public static string CommandName(Type cmdlet)
    {
        var attribute = CmdletAttribute(cmdlet)!;
        return $"{attribute.ConstructorArguments[0].Value}-{attribute.ConstructorArguments[1].Value}";
    }

    public static T? NamedArgument<T>(CustomAttributeData attribute, string name)
    {
        // A default CustomAttributeNamedArgument throws on MemberName, so look for it rather than FirstOrDefault.
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.MemberName == name)
            {
                return (T?)argument.TypedValue.Value;
            }
        }
        return default;
    }

    /// <summary>The public parameters a user can type (properties carrying [Parameter]).</summary>
    public static IEnumerable<PropertyInfo> Parameters(Type cmdlet) =>
        cmdlet.GetProperties().Where(p => p.CustomAttributes.Any(a => a.AttributeType.FullName == "System.Management.Automation.ParameterAttribute"));

    /// <summary>Every approved verb, read from PowerShell's own Verbs* classes.</summary>
    public IReadOnlySet<string> ApprovedVerbs() =>
        Automation.GetTypes()
            .Where(t => t.Namespace == "System.Management.Automation" && t.Name.StartsWith("Verbs", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>A path the build wrote into this assembly (HaVrrp.Module.Tests.csproj).</summary>
    public static string Metadata(string key) =>
        typeof(ModuleMetadata).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    public void Dispose() => _context.Dispose();
}
