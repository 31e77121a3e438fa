namespace Sms.Outbound.Tests.Support;

/// <summary>A clock that always reads the same time: e.g. a claim "taken five minutes ago" by a sender that stopped.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
