namespace HaVrrp.Engine.Configuration;

/// <summary>
/// What is left of one load's <see cref="ConfigLoadLimits"/>: the files and bytes read so far and the text
/// produced by parameter substitution. The first breach is reported (HV0007, naming the limit) and stops the
/// load from reading anything more; later requests are refused quietly, so a breach is one line, not thousands.
/// </summary>
public sealed class ConfigLoadBudget
{
    private readonly DiagnosticBag _diagnostics;
    private long _bytesRead;
    private int _filesRead;
    private long _charactersExpanded;

    public ConfigLoadBudget(ConfigLoadLimits limits, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(diagnostics);
        Limits = limits;
        _diagnostics = diagnostics;
    }

    public ConfigLoadLimits Limits { get; }

    /// <summary>True once a limit was breached: the load reports what it has and reads nothing more.</summary>
    public bool IsExhausted { get; private set; }

    /// <summary>Takes one more file from the budget, before it is opened.</summary>
    public bool TryTakeFile(SourceLocation requestedAt)
    {
        if (IsExhausted)
        {
            return false;
        }
        if (_filesRead >= Limits.MaxFiles)
        {
            return Exceed(requestedAt, $"more than {Limits.MaxFiles} files would be read (limit MaxFiles)");
        }
        _filesRead++;
        return true;
    }

    /// <summary>How many more bytes may be read, across all files, before the total limit is reached.</summary>
    public long BytesLeft => Math.Max(0, Limits.MaxTotalBytes - _bytesRead);

    /// <summary>Accounts for the bytes of a file just read.</summary>
    public bool TryTakeBytes(long bytes, SourceLocation requestedAt)
    {
        if (IsExhausted)
        {
            return false;
        }
        _bytesRead += bytes;
        return _bytesRead <= Limits.MaxTotalBytes ||
            Exceed(requestedAt, $"the files read total more than {Limits.MaxTotalBytes} bytes (limit MaxTotalBytes)");
    }

    /// <summary>Accounts for the characters one parameter use expands to.</summary>
    public bool TryTakeExpansion(long characters, SourceLocation usedAt)
    {
        if (IsExhausted)
        {
            return false;
        }
        _charactersExpanded += characters;
        return _charactersExpanded <= Limits.MaxExpandedCharacters ||
            Exceed(usedAt, $"parameter substitution produces more than {Limits.MaxExpandedCharacters} characters (limit MaxExpandedCharacters)");
    }

    /// <summary>Checks a block's depth before it is opened (1 for a block at the top level).</summary>
    public bool TryNest(int depth, SourceLocation openedAt)
    {
        if (IsExhausted)
        {
            return false;
        }
        return depth <= Limits.MaxNestingDepth ||
            Exceed(openedAt, $"blocks nest deeper than {Limits.MaxNestingDepth} levels (limit MaxNestingDepth)");
    }

    private bool Exceed(SourceLocation at, string what)
    {
        IsExhausted = true;
        _diagnostics.Error(DiagnosticCodes.LoadLimitExceeded, at, $"{what}; the rest of the configuration is not read");
        return false;
    }
}
