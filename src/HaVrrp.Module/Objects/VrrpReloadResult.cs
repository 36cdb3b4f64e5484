using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Control;

namespace HaVrrp;

/// <summary>What a reload did, or with -WhatIf would do (Update-VrrpConfiguration).</summary>
public sealed class VrrpReloadResult
{
    public required bool Applied { get; init; }

    public required bool DryRun { get; init; }

    public required string ConfigPath { get; init; }

    /// <summary>The configuration generation running afterwards.</summary>
    public required long ConfigGeneration { get; init; }

    public required int ErrorCount { get; init; }

    public required int WarningCount { get; init; }

    public required string[] Unchanged { get; init; }

    public required string[] Changed { get; init; }

    public required string[] Added { get; init; }

    public required string[] Removed { get; init; }

    /// <summary>Every finding, with file, line and column.</summary>
    public required Diagnostic[] Diagnostics { get; init; }

    public required string ComputerName { get; init; }

    internal static VrrpReloadResult From(ReloadResult result, string computerName) => new()
    {
        Applied = result.Applied,
        DryRun = result.DryRun,
        ConfigPath = result.ConfigPath,
        ConfigGeneration = result.ConfigGeneration,
        ErrorCount = result.Errors,
        WarningCount = result.Warnings,
        Unchanged = [.. result.Plan?.Unchanged ?? []],
        Changed = [.. result.Plan?.Changed ?? []],
        Added = [.. result.Plan?.Added ?? []],
        Removed = [.. result.Plan?.Removed ?? []],
        Diagnostics = [.. result.Diagnostics.Select(d => new Diagnostic(d.Severity, d.Code, d.Message, new SourceLocation(d.File, d.Line, d.Column)))],
        ComputerName = computerName,
    };
}
