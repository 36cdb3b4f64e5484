using HaVrrp.TestSupport;

namespace HaVrrp.Service.Tests.Control;

/// <summary>
/// A throwaway admin group with one member and one outsider, real accounts with unique names (root only);
/// removed on dispose, also when the test failed half-way.
/// </summary>
internal sealed class TemporaryAccounts : IDisposable
{
    private readonly List<string> _users = [];
    private string? _group;

    public TemporaryAccounts()
    {
        var suffix = TestCommand.UniqueName(string.Empty, 3);
        try
        {
            Group = "hvg" + suffix;
            TestCommand.Run("groupadd", [Group]);
            _group = Group;
            Member = AddUser("hvm" + suffix, Group);
            Outsider = AddUser("hvo" + suffix, supplementaryGroup: null);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Group { get; } = string.Empty;

    public string Member { get; } = string.Empty;

    public string Outsider { get; } = string.Empty;

    public static uint UidOf(string user) => uint.Parse(TestCommand.Run("id", ["-u", user]).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Sends <paramref name="requestLines"/> to <paramref name="socketPath"/> as <paramref name="user"/> (uid, gid
    /// and supplementary groups) through socat, and returns the response lines.
    /// </summary>
    public static string[] Exchange(string user, string socketPath, params string[] requestLines)
    {
        var output = TestCommand.Run(
            "setpriv",
            ["--reuid", user, "--regid", TestCommand.Run("id", ["-g", user]).Trim(), "--init-groups", "socat", "-t", "10", "-", "UNIX-CONNECT:" + socketPath],
            string.Join('\n', requestLines) + "\n");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public void Dispose()
    {
        foreach (var user in _users)
        {
            TryRun("userdel", user);
        }
        if (_group is not null)
        {
            TryRun("groupdel", _group);
        }
    }

    private string AddUser(string name, string? supplementaryGroup)
    {
        string[] groups = supplementaryGroup is null ? [] : ["-G", supplementaryGroup];
        TestCommand.Run("useradd", ["-M", "-N", "-s", "/usr/sbin/nologin", .. groups, name]);
        _users.Add(name);
        return name;
    }

    private static void TryRun(string command, string argument)
    {
        try
        {
            TestCommand.Run(command, [argument]);
        }
        catch (InvalidOperationException)
        {
            // Already gone; nothing else to clean.
        }
    }
}
