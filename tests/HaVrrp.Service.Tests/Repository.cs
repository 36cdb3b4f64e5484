using System.Reflection;

namespace HaVrrp.Service.Tests;

internal static class Repository
{
    public static string Root { get; } = typeof(Repository).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    public static string Example(string relativePath) => Path.Combine(Root, "examples", relativePath);
}
