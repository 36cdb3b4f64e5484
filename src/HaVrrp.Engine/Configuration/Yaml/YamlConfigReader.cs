using System.Text;

namespace HaVrrp.Engine.Configuration.Yaml;

/// <summary>
/// Reads HaVrrp's own YAML format (keepalived's keywords in a YAML shape; see docs/configuration.md).
/// Never throws for bad input: every problem becomes a diagnostic with file, line and column, and
/// whatever could be read is returned so the validator can report more in the same run.
/// </summary>
public static class YamlConfigReader
{
    /// <summary>Reads the file at <paramref name="path"/> within <paramref name="limits"/> (the defaults when null).</summary>
    public static HaVrrpConfiguration Read(string path, DiagnosticBag diagnostics, ConfigLoadLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var budget = new ConfigLoadBudget(limits ?? ConfigLoadLimits.Default, diagnostics);
        return ConfigFileReader.ReadBytes(path, new SourceLocation(path, 0, 0), budget, diagnostics) is { } bytes &&
               DecodeText(bytes, path, diagnostics) is { } text
            ? Read(text, path, budget, diagnostics)
            : new HaVrrpConfiguration();
    }

    public static HaVrrpConfiguration ReadText(string text, string fileName, DiagnosticBag diagnostics, ConfigLoadLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(diagnostics);
        return Read(text, fileName, new ConfigLoadBudget(limits ?? ConfigLoadLimits.Default, diagnostics), diagnostics);
    }

    private static HaVrrpConfiguration Read(string text, string fileName, ConfigLoadBudget budget, DiagnosticBag diagnostics)
    {
        var root = YamlTreeLoader.Load(text, fileName, budget, diagnostics);
        if (root is null)
        {
            if (!diagnostics.HasErrors)
            {
                diagnostics.Warning(DiagnosticCodes.FileEmpty, new SourceLocation(fileName, 0, 0), "configuration is empty");
            }
            return new HaVrrpConfiguration();
        }

        var context = new YamlReadContext(diagnostics);
        var source = new SourceMap(root.Location);
        var configuration = new HaVrrpConfiguration { Source = source };
        var handlers = new Dictionary<string, Action<YamlConfigNode>>
        {
            ["global_defs"] = value => configuration = configuration with
            {
                Global = YamlGlobalReader.Read(value, source.Of("global_defs"), context),
            },
            ["vrrp_scripts"] = value => configuration = configuration with
            {
                Scripts = context.ReadNamedBlocks(value, "vrrp_scripts", (name, node, at) => YamlTrackingReader.ReadScript(name, node, at, context)).ToValueList(),
            },
            ["vrrp_track_files"] = value => configuration = configuration with
            {
                TrackFiles = context.ReadNamedBlocks(value, "vrrp_track_files", (name, node, at) => YamlTrackingReader.ReadTrackFile(name, node, at, context)).ToValueList(),
            },
            ["vrrp_track_processes"] = value => configuration = configuration with
            {
                TrackProcesses = context.ReadNamedBlocks(value, "vrrp_track_processes", (name, node, at) => YamlTrackingReader.ReadTrackProcess(name, node, at, context)).ToValueList(),
            },
            ["vrrp_instances"] = value => configuration = configuration with
            {
                Instances = context.ReadNamedBlocks(value, "vrrp_instances", (name, node, at) => YamlInstanceReader.Read(name, node, at, context)).ToValueList(),
            },
            ["vrrp_sync_groups"] = value => configuration = configuration with
            {
                SyncGroups = context.ReadNamedBlocks(value, "vrrp_sync_groups", (name, node, at) => YamlTrackingReader.ReadSyncGroup(name, node, at, context)).ToValueList(),
            },
            ["static_ipaddress"] = value => configuration = configuration with
            {
                StaticAddresses = YamlInstanceReader.ReadAddresses(value, "static_ipaddress", context),
            },
            ["static_routes"] = value => configuration = configuration with
            {
                StaticRoutes = YamlInstanceReader.ReadRoutes(value, "static_routes", context),
            },
            ["static_rules"] = value => configuration = configuration with
            {
                StaticRules = YamlInstanceReader.ReadRules(value, "static_rules", context),
            },
            ["control"] = value => configuration = configuration with
            {
                Control = YamlControlReader.Read(value, source.Of("control"), context),
            },
            ["metrics"] = value => configuration = configuration with
            {
                Metrics = YamlMetricsReader.Read(value, source.Of("metrics"), context),
            },
        };
        context.ReadMapping(root, "the top level", source, handlers);
        return configuration;
    }

    /// <summary>Strict UTF-8 (a BOM is allowed); NUL bytes or invalid sequences mean this is not a text file.</summary>
    private static string? DecodeText(byte[] bytes, string path, DiagnosticBag diagnostics)
    {
        var nul = Array.IndexOf(bytes, (byte)0);
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException exception)
        {
            var at = exception.Index >= 0 ? exception.Index : 0;
            diagnostics.Error(DiagnosticCodes.FileNotText, LocationOfByte(bytes, path, nul >= 0 ? Math.Min(nul, at) : at), "file is not UTF-8 text");
            return null;
        }
        if (nul >= 0)
        {
            diagnostics.Error(DiagnosticCodes.FileNotText, LocationOfByte(bytes, path, nul), "file is not text (it contains a NUL byte)");
            return null;
        }
        return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }

    private static SourceLocation LocationOfByte(byte[] bytes, string path, int index)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index && i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        return new SourceLocation(path, line, index - lineStart + 1);
    }
}
