using System.Reflection;

namespace HaVrrp.PowerShell.Tests;

/// <summary>What issue 11 asks of the cmdlets that talk to havrrpd, checked from their metadata.</summary>
public sealed class DaemonCmdletContractTests : IClassFixture<ModuleMetadata>
{
    private static readonly string[] DaemonCmdlets =
    [
        "Get-VrrpInstance", "Set-VrrpPriority", "Invoke-VrrpFailover", "Wait-VrrpInstance", "Watch-VrrpAdvert",
        "Watch-VrrpInstance", "Get-VrrpScript", "Update-VrrpConfiguration", "Get-VrrpDaemon",
    ];

    private readonly ModuleMetadata _module;

    public DaemonCmdletContractTests(ModuleMetadata module) => _module = module;

    [Fact]
    public void Module_HasEveryDaemonCmdlet()
    {
        var names = _module.Cmdlets.Select(ModuleMetadata.CommandName).ToHashSet();
        Assert.All(DaemonCmdlets, name => Assert.Contains(name, names));
    }

    [Fact]
    public void EveryDaemonCmdlet_TakesSocketPath()
    {
        foreach (var name in DaemonCmdlets)
        {
            Assert.True(ModuleMetadata.Parameters(Cmdlet(name)).Any(p => p.Name == "SocketPath" && p.PropertyType.FullName == "System.String"), $"{name} has no -SocketPath");
        }
    }

    [Theory]
    [InlineData("Get-VrrpInstance", "HaVrrp.VrrpInstance")]
    [InlineData("Set-VrrpPriority", "HaVrrp.VrrpInstance")]
    [InlineData("Invoke-VrrpFailover", "HaVrrp.VrrpInstance")]
    [InlineData("Wait-VrrpInstance", "HaVrrp.VrrpInstance")]
    [InlineData("Watch-VrrpAdvert", "HaVrrp.VrrpAdvert")]
    [InlineData("Watch-VrrpInstance", "HaVrrp.VrrpEvent")]
    [InlineData("Get-VrrpScript", "HaVrrp.VrrpScript")]
    [InlineData("Update-VrrpConfiguration", "HaVrrp.VrrpReloadResult")]
    [InlineData("Get-VrrpDaemon", "HaVrrp.VrrpDaemon")]
    [InlineData("Test-VrrpCluster", "HaVrrp.VrrpClusterFinding")]
    [InlineData("Test-VrrpCluster", "System.Boolean")]
    public void DaemonCmdlet_DeclaresItsOutputType(string name, string outputType)
    {
        var declared = Cmdlet(name).CustomAttributes
            .Where(a => a.AttributeType.Name == "OutputTypeAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(argument => argument.Value is IEnumerable<CustomAttributeTypedArgument> list ? list.Select(i => i.Value) : [argument.Value])
            .OfType<Type>()
            .Select(t => t.FullName);
        Assert.Contains(outputType, declared);
    }

    [Theory]
    [InlineData("Set-VrrpPriority", "Medium")]
    [InlineData("Invoke-VrrpFailover", "High")]
    [InlineData("Update-VrrpConfiguration", "Medium")]
    public void ChangingDaemonCmdlet_SupportsShouldProcess_WithItsImpact(string name, string impact)
    {
        var attribute = ModuleMetadata.CmdletAttribute(Cmdlet(name))!;
        Assert.True(ModuleMetadata.NamedArgument<bool>(attribute, "SupportsShouldProcess"), $"{name} does not support -WhatIf/-Confirm");
        var confirmImpact = attribute.NamedArguments.Single(a => a.MemberName == "ConfirmImpact").TypedValue.Value;
        Assert.Equal(impact, Enum.GetName(_module.Automation.GetType("System.Management.Automation.ConfirmImpact")!, confirmImpact!));
    }

    [Theory]
    [InlineData("Set-VrrpPriority")]
    [InlineData("Invoke-VrrpFailover")]
    [InlineData("Wait-VrrpInstance")]
    [InlineData("Get-VrrpInstance")]
    public void Name_BindsFromGetVrrpInstanceByPropertyName(string name)
    {
        var parameter = ModuleMetadata.Parameters(Cmdlet(name)).Single(p => p.Name == "Name");
        Assert.Equal(typeof(string[]).FullName, parameter.PropertyType.FullName);
        var binding = parameter.CustomAttributes.First(a => a.AttributeType.Name == "ParameterAttribute");
        Assert.True(ModuleMetadata.NamedArgument<bool>(binding, "ValueFromPipelineByPropertyName"), $"{name} -Name does not bind by property name");
        Assert.Equal(0, ModuleMetadata.NamedArgument<int>(binding, "Position"));
    }

    [Theory]
    [InlineData("Get-VrrpInstance", "InstanceNameCompleter")]
    [InlineData("Set-VrrpPriority", "InstanceNameCompleter")]
    [InlineData("Invoke-VrrpFailover", "InstanceNameCompleter")]
    [InlineData("Wait-VrrpInstance", "InstanceNameCompleter")]
    [InlineData("Watch-VrrpAdvert", "InstanceNameCompleter")]
    [InlineData("Watch-VrrpInstance", "InstanceNameCompleter")]
    [InlineData("Get-VrrpScript", "ScriptNameCompleter")]
    public void Name_CompletesFromTheDaemon_AndTakesWildcards(string name, string completer)
    {
        var parameter = ModuleMetadata.Parameters(Cmdlet(name)).Single(p => p.Name == "Name");
        var completion = parameter.CustomAttributes.Single(a => a.AttributeType.Name == "ArgumentCompleterAttribute");
        Assert.Equal(completer, ((Type)completion.ConstructorArguments[0].Value!).Name);
        Assert.Contains(parameter.CustomAttributes, a => a.AttributeType.Name == "SupportsWildcardsAttribute");
    }

    [Fact]
    public void SetVrrpPriority_HasAPrioritySetAndAResetSet()
    {
        var parameters = ModuleMetadata.Parameters(Cmdlet("Set-VrrpPriority")).ToDictionary(p => p.Name);
        Assert.Equal(["Priority"], SetsOf(parameters["Priority"]));
        Assert.Equal(["Priority"], SetsOf(parameters["Duration"]));
        Assert.Equal(["Reset"], SetsOf(parameters["Reset"]));
        Assert.Equal("System.TimeSpan", parameters["Duration"].PropertyType.FullName);
    }

    [Fact]
    public void InvokeVrrpFailover_TakeOverAndReleaseExcludeEachOther()
    {
        var parameters = ModuleMetadata.Parameters(Cmdlet("Invoke-VrrpFailover")).ToDictionary(p => p.Name);
        Assert.Equal(["TakeOver"], SetsOf(parameters["TakeOver"]));
        Assert.Equal(["Release"], SetsOf(parameters["Release"]));
        Assert.Equal("System.Int32", parameters["Wait"].PropertyType.FullName);
    }

    [Fact]
    public void TestVrrpCluster_TakesPipedInstancesOrSeveralSockets_AndQuiet()
    {
        var parameters = ModuleMetadata.Parameters(Cmdlet("Test-VrrpCluster")).ToDictionary(p => p.Name);
        Assert.Equal("System.Management.Automation.PSObject[]", parameters["InputObject"].PropertyType.FullName);
        var input = parameters["InputObject"].CustomAttributes.Single(a => a.AttributeType.Name == "ParameterAttribute");
        Assert.True(ModuleMetadata.NamedArgument<bool>(input, "ValueFromPipeline"), "Test-VrrpCluster -InputObject does not take the pipeline");
        Assert.Equal("System.String[]", parameters["SocketPath"].PropertyType.FullName);
        Assert.Equal(["InputObject"], SetsOf(parameters["InputObject"]));
        Assert.Equal(["SocketPath"], SetsOf(parameters["SocketPath"]));
        Assert.Equal("System.Management.Automation.SwitchParameter", parameters["Quiet"].PropertyType.FullName);
    }

    private Type Cmdlet(string name) => _module.Cmdlets.Single(c => ModuleMetadata.CommandName(c) == name);

    private static string[] SetsOf(PropertyInfo parameter) =>
        [.. parameter.CustomAttributes
            .Where(a => a.AttributeType.Name == "ParameterAttribute")
            .Select(a => ModuleMetadata.NamedArgument<string>(a, "ParameterSetName") ?? "__AllParameterSets")];
}
