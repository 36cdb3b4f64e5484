using System.Globalization;

namespace HaVrrp.Engine.Runtime;

/// <summary>
/// Lets one line through per period and counts the rest, so a flood of bad packets cannot flood the journal
/// (RFC 9568 asks for rate-limited logging of dropped adverts). Owned by the loop: not thread-safe.
/// </summary>
internal sealed class LogRateLimit(TimeSpan period)
{
    private TimeSpan? _nextAllowedAt;
    private int _suppressed;

    /// <summary>True when a line may be written now; <paramref name="suppressedNote"/> says how many were held back since the last one.</summary>
    public bool TryEnter(TimeSpan now, out string suppressedNote)
    {
        if (_nextAllowedAt > now)
        {
            _suppressed++;
            suppressedNote = string.Empty;
            return false;
        }
        suppressedNote = _suppressed == 0
            ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $" ({_suppressed} similar not logged)");
        _suppressed = 0;
        _nextAllowedAt = now + period;
        return true;
    }
}
