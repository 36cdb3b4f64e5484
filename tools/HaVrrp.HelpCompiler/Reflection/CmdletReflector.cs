using System.Reflection;
using System.Runtime.InteropServices;

namespace HaVrrp.HelpCompiler.Reflection;

/// <summary>
/// Reads every cmdlet of a compiled module for inspection only (MetadataLoadContext), against
/// PowerShell's reference assembly, so nothing of the module runs and no pwsh is needed.
/// </summary>
internal sealed class CmdletReflector : IDisposable
{
    private const string Automation = "System.Management.Automation.";
    private readonly MetadataLoadContext _context;
    private readonly Assembly _module;

    public CmdletReflector(string modulePath, string automationReferencePath)
    {
        var moduleDirectory = Path.GetDirectoryName(Path.GetFullPath(modulePath))!;
        var paths = Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
            .Concat(Directory.GetFiles(moduleDirectory, "*.dll").Where(p => !Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal)))
            .Append(automationReferencePath);
        _context = new MetadataLoadContext(new PathAssemblyResolver(paths));
        _context.LoadFromAssemblyPath(automationReferencePath);
        _module = _context.LoadFromAssemblyPath(modulePath);
    }

    public IReadOnlyList<CmdletShape> Cmdlets() =>
        _module.GetTypes()
            .Select(t => (Type: t, Attribute: Find(t.CustomAttributes, "CmdletAttribute")))
            .Where(pair => pair.Attribute is not null)
            .Select(pair => Shape(pair.Type, pair.Attribute!))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();

    public void Dispose() => _context.Dispose();

    private static CmdletShape Shape(Type type, CustomAttributeData cmdlet) =>
        new(
            (string)cmdlet.ConstructorArguments[0].Value!,
            (string)cmdlet.ConstructorArguments[1].Value!,
            Named<string>(cmdlet, "DefaultParameterSetName"),
            Named<bool>(cmdlet, "SupportsShouldProcess"),
            type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CustomAttributes.Any(a => a.AttributeType.FullName == Automation + "ParameterAttribute"))
                .Select(Parameter)
                .ToList());

    private static ParameterShape Parameter(PropertyInfo property)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var element = type.IsArray ? type.GetElementType()! : type;
        var sets = property.CustomAttributes
            .Where(a => a.AttributeType.FullName == Automation + "ParameterAttribute")
            .Select(a => new ParameterSetMembership(
                Named<string>(a, "ParameterSetName") ?? CmdletShape.AllParameterSets,
                Named<bool>(a, "Mandatory"),
                Named<int?>(a, "Position") is int position and >= 0 ? position : null,
                Named<bool>(a, "ValueFromPipeline"),
                Named<bool>(a, "ValueFromPipelineByPropertyName")))
            .ToList();
        var aliases = property.CustomAttributes
            .Where(a => a.AttributeType.FullName == Automation + "AliasAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(argument => argument.Value is IEnumerable<CustomAttributeTypedArgument> list ? list.Select(i => (string)i.Value!) : [(string)argument.Value!])
            .ToList();
        return new ParameterShape(
            property.Name,
            type.FullName!,
            type.Name,
            type.FullName == Automation + "SwitchParameter",
            aliases,
            Find(property.CustomAttributes, "SupportsWildcardsAttribute") is not null,
            element.IsEnum ? element.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.Name).ToList() : [],
            sets);
    }

    private static CustomAttributeData? Find(IEnumerable<CustomAttributeData> attributes, string name) =>
        attributes.FirstOrDefault(a => a.AttributeType.FullName == Automation + name);

    private static T? Named<T>(CustomAttributeData attribute, string name)
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
}
