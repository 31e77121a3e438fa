using System.Collections.Concurrent;

namespace Sms.Outbound.Carriers.Resilience;

/// <summary>How often the carrier refused one message as failing (5xx, Vonage status 5 or 10), since when.</summary>
public readonly record struct MessageRejections(int Count, DateTimeOffset FirstAt);

/// <summary>
/// Tells a payload the carrier fails on every time from a carrier outage. Pure.
/// <para>A refusal such as HTTP 500 says the carrier failed, not that the request was wrong, so the send is retried
/// and an outage is waited out for as long as it lasts. But a carrier can fail on one payload every time while it takes
/// every other message: retried for ever, that message would never end. It is given up (<see cref="ReasonCode"/>) once
/// the carrier refused it <c>Outbound:Resilience:MaxRejectionsPerMessage</c> times <em>and</em> took another message
/// since its first refusal; while nothing gets through, it is an outage and the message keeps waiting.</para>
/// </summary>
public static class RepeatedRejection
{
    /// <summary>The start of the <c>SmsSendFailed</c> reason of a message given up this way.</summary>
    public const string ReasonCode = "carrier_rejected_repeatedly";

    public static bool ShouldGiveUp(MessageRejections rejections, DateTimeOffset? lastAcceptedAt, int limit) =>
        rejections.Count >= limit && lastAcceptedAt is { } accepted && accepted > rejections.FirstAt;

    public static string Reason(string provider, MessageRejections rejections, string lastReason) =>
        $"{ReasonCode}: {provider} refused this message {rejections.Count} times since {rejections.FirstAt:O} (last: {lastReason}) " +
        "while it accepted other messages; it was not sent and is not retried automatically.";
}

/// <summary>
/// This instance's memory, per carrier, of the messages the carrier refused as failing and of when it last accepted
/// one (<see cref="RepeatedRejection"/>). A message's repeated refusals also stay out of the circuit breaker: only its
/// first counts, so one payload the carrier always fails on cannot hold the circuit open for every other message.
/// </summary>
public sealed class CarrierRejections(TimeProvider clock)
{
    /// <summary>Above this many remembered messages, those first refused more than an hour ago are forgotten.</summary>
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<Guid, MessageRejections> _byMessage = new();
    private long _lastAcceptedTicks;

    public DateTimeOffset? LastAcceptedAt =>
        Interlocked.Read(ref _lastAcceptedTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>True when the carrier refused this message as failing before (so its next attempt is a repeat).</summary>
    public bool RefusedBefore(Guid messageId) => _byMessage.ContainsKey(messageId);

    public MessageRejections? Of(Guid messageId) => _byMessage.TryGetValue(messageId, out var rejections) ? rejections : null;

    /// <summary>Counts one more refusal of the message as failing.</summary>
    public MessageRejections Refused(Guid messageId)
    {
        var now = clock.GetUtcNow();
        if (_byMessage.Count > PruneAbove)
        {
            foreach (var (id, old) in _byMessage)
                if (now - old.FirstAt > TimeSpan.FromHours(1)) _byMessage.TryRemove(id, out _);
        }
        return _byMessage.AddOrUpdate(messageId, _ => new MessageRejections(1, now), (_, seen) => seen with { Count = seen.Count + 1 });
    }

    /// <summary>The carrier took the message: it is forgotten, and the carrier is known to be taking messages.</summary>
    public void Accepted(Guid messageId)
    {
        _byMessage.TryRemove(messageId, out _);
        Interlocked.Exchange(ref _lastAcceptedTicks, clock.GetUtcNow().UtcTicks);
    }

    /// <summary>The message's send ended otherwise (refused for good, outcome unknown, given up): forgotten.</summary>
    public void Forget(Guid messageId) => _byMessage.TryRemove(messageId, out _);
}
