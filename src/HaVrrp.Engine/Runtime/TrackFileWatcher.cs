using System.Globalization;
using HaVrrp.Engine.Configuration;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Engine.Runtime;

/// <summary>
/// Reads every track_file (vrrp_track_file) once a second and posts a <see cref="TrackFileChanged"/> when its content changed
/// (keepalived uses inotify; a poll sees the same edits a moment later and also works on files replaced by rename).
/// At start, and for files added by a reload, <c>init_file</c> creates a missing file with its initial value.
/// <c>overwrite</c> replaces an existing file's content only at start: keepalived never overwrites on a reload, so
/// that a value an operator wrote survives <c>systemctl reload</c>.
/// </summary>
public sealed partial class TrackFileWatcher : IEngineEventSource, IConfigurationFollower
{
    /// <summary>A track file holds one number; anything past this is never read.</summary>
    private const int MaxBytes = 256;

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string?> _lastPosted = new(StringComparer.Ordinal);
    private readonly HashSet<string> _initialised = new(StringComparer.Ordinal);
    private IReadOnlyList<TrackFileConfig> _files;
    private bool _startPollDone;

    public TrackFileWatcher(HaVrrpConfiguration configuration, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _files = configuration.TrackFiles;
        _time = time;
        _logger = logger;
    }

    /// <summary>How often each file is read.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    public async Task RunAsync(Func<EngineEvent, bool> post, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(post);
        using var timer = new PeriodicTimer(PollInterval, _time);
        do
        {
            Poll(post);
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
    }

    public void Follow(HaVrrpConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        lock (_gate)
        {
            _files = configuration.TrackFiles;
            // A changed block is a new tracker in the engine: tell it the current content again.
            _lastPosted.Clear();
        }
    }

    /// <summary>Reads each file once; posts those whose content differs from what the engine last heard.</summary>
    public void Poll(Func<EngineEvent, bool> post)
    {
        ArgumentNullException.ThrowIfNull(post);
        IReadOnlyList<TrackFileConfig> files;
        lock (_gate)
        {
            files = _files;
        }
        foreach (var file in files)
        {
            if (file.InitFile && _initialised.Add(file.Name + "\0" + file.File))
            {
                Initialise(file);
            }
            var content = Read(file.File);
            lock (_gate)
            {
                if (_lastPosted.TryGetValue(file.Name, out var last) && last == content)
                {
                    continue;
                }
                _lastPosted[file.Name] = content;
            }
            post(new TrackFileChanged(file.Name, content));
        }
        _startPollDone = true;
    }

    private void Initialise(TrackFileConfig file)
    {
        try
        {
            if (File.Exists(file.File) && (!file.InitOverwrite || _startPollDone))
            {
                return;
            }
            File.WriteAllText(file.File, (file.InitValue ?? 0).ToString(CultureInfo.InvariantCulture) + "\n");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            LogInitFailed(_logger, file.Name, file.File, exception.Message);
        }
    }

    /// <summary>The start of the file; null when it is missing or unreadable (keepalived then reads 0).</summary>
    private static string? Read(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var buffer = new byte[MaxBytes];
            var length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "track_file {Name}: cannot create {Path}: {Error}")]
    private static partial void LogInitFailed(ILogger logger, string name, string path, string error);
}
