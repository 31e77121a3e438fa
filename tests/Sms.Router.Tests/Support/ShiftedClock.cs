namespace Sms.Router.Tests.Support;

/// <summary>The real clock moved forward by <see cref="Offset"/>: Redis expiries stay real, while the router sees a later time.</summary>
public sealed class ShiftedClock(TimeSpan offset = default) : TimeProvider
{
    public TimeSpan Offset { get; set; } = offset;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
