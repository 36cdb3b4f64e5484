namespace HaVrrp.Engine.Tracking;

/// <summary>
/// One <c>track_interface</c> target: whether the link is up, as the link monitor last reported.
/// Its effect on an instance follows <see cref="TrackedWeight"/>; without a weight, down means FAULT.
/// </summary>
public sealed class InterfaceTracker(string name, bool isUp)
{
    public string Name { get; } = name;

    public bool IsUp { get; private set; } = isUp;

    public DateTimeOffset? LastChange { get; private set; }

    /// <summary>Records the link state; returns true when it changed.</summary>
    public bool Update(bool isUp, DateTimeOffset now)
    {
        if (isUp == IsUp)
        {
            return false;
        }
        IsUp = isUp;
        LastChange = now;
        return true;
    }
}
