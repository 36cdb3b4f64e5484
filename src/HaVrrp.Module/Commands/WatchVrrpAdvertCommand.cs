using System.Management.Automation;
using HaVrrp.Engine.Control;
using HaVrrp.PowerShell.Daemon;

namespace HaVrrp.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Shows the VRRP adverts havrrpd receives as they arrive, like a tidy tcpdump, with what is wrong with each.</para>
/// </summary>
[Cmdlet(VerbsCommon.Watch, "VrrpAdvert")]
[OutputType(typeof(VrrpAdvert))]
public sealed class WatchVrrpAdvertCommand : DaemonCommand
{
    /// <summary>Only the adverts of these instances (their VRID on their interface).</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(InstanceNameCompleter))]
    public string[]? Name { get; set; }

    [Parameter]
    [ValidateRange(1, 255)]
    public int[]? VirtualRouterId { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Interface { get; set; }

    /// <summary>Also the adverts this daemon sends (a master hears no one).</summary>
    [Parameter]
    public SwitchParameter IncludeSent { get; set; }

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Count { get; set; }

    /// <summary>Stop after this long; without it (and -Count) the watch runs until Ctrl+C.</summary>
    [Parameter]
    public TimeSpan Timeout { get; set; }

    private TimeSpan? Limit => IsBound(nameof(Timeout)) ? Timeout : null;

    private int? MaxCount => IsBound(nameof(Count)) ? Count : null;

    protected override void ProcessDaemonRecord()
    {
        WatchTimeouts.Check(this, Limit);
        // The daemon filters on one instance and one interface; more than one, or wildcards, are filtered here.
        var singleName = Name is [var only] && !WildcardPattern.ContainsWildcardCharacters(only) ? only : null;
        var singleInterface = Interface is [var one] ? one : null;
        var names = singleName is null && Name is { Length: > 0 } ? new NameSelection(Name) : null;
        var interfaces = singleInterface is null ? Interface : null;
        var filteredHere = names is not null || interfaces is not null;
        var parameters = new AdvertWatchParams
        {
            Instance = singleName,
            Interface = singleInterface,
            Vrids = VirtualRouterId,
            IncludeSent = IncludeSent,
            Count = filteredHere ? null : MaxCount,
            TimeoutSeconds = Limit?.TotalSeconds,
        };
        var written = 0;
        ReadStream(
            Client.WatchAdvertsAsync(parameters, CancellationToken),
            advert =>
            {
                if (names is not null && names.Apply([advert.Instance ?? string.Empty], name => name).Selected.Count == 0)
                {
                    return true;
                }
                if (interfaces is not null && !interfaces.Contains(advert.Interface, StringComparer.Ordinal))
                {
                    return true;
                }
                WriteObject(VrrpAdvert.From(advert, Environment.MachineName));
                return MaxCount is not { } count || ++written < count;
            },
            "adverts");
    }
}
