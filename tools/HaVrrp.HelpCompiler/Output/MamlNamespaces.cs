using System.Xml.Linq;

namespace HaVrrp.HelpCompiler.Output;

/// <summary>The XML namespaces of PowerShell's MAML help, as Get-Help expects them.</summary>
internal static class MamlNamespaces
{
    public static readonly XNamespace Msh = "http://msh";
    public static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
}
