using System.Diagnostics;
using Microsoft.Extensions.Options;
using Sms.Outbound.Carriers;
using Sms.Outbound.Extensions;
using StackExchange.Redis;

namespace Sms.Outbound.OptOuts;

/// <summary>
/// The opt-out fence (<see cref="OptOutFence"/>) in Redis, shared by every Outbound instance, per scope and recipient:
/// the latest confirmed opt-out, and a register of the guarded sends calling the carrier right now.
/// <list type="bullet">
/// <item>A guarded send registers itself and reads the confirmed opt-out in one atomic step, is withheld if the
/// decision did not see it, else calls the carrier and then leaves the register.</item>
/// <item>A confirmation records its opt-out and reads the register in one atomic step, then waits until every send
/// registered then has left. A send that registers later finds the opt-out.</item>
/// </list>
/// So no guarded send decided before the opt-out reaches the carrier after its confirmation. A registration lives at
/// most <c>Outbound:Resilience:TotalTimeoutSeconds</c> (and a second), by Redis's clock: by then the time limit has
/// cancelled its call, or its instance stopped, so the confirmation does not wait for it longer. Confirmed opt-outs are
/// kept for <see cref="OptOutFence.ConfirmedOptOutTimeToLive"/>. Redis errors before the call propagate (nothing is
/// sent; the bus retries); a registration that cannot be removed after the call only makes a confirmation wait longer.
/// </summary>
public sealed class OptOutFences(IConnectionMultiplexer redis, IOptions<CarrierResilienceOptions> resilience, ILogger<OptOutFences> logger)
{
    // KEYS: confirmed, sending. ARGV: member, lifetime ms. Registers the send; returns the confirmed opt-out (µs) or nil.
    private const string EnterScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[1])
        redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[2]) + 60000)
        return redis.call('GET', KEYS[1])
        """;

    // KEYS: confirmed, sending. ARGV: opted-out µs, ttl ms. Keeps the latest opt-out; returns the sends still registered.
    private const string ConfirmScript = """
        local current = redis.call('GET', KEYS[1])
        if not current or tonumber(ARGV[1]) >= tonumber(current) then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        end
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
        return redis.call('ZRANGE', KEYS[2], 0, -1)
        """;

    // KEYS: sending. ARGV: members. 1 while any of them is still registered within its lifetime.
    private const string AnyLeftScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
        for i, member in ipairs(ARGV) do
          if redis.call('ZSCORE', KEYS[1], member) then return 1 end
        end
        return 0
        """;

    private static readonly TimeSpan Recheck = TimeSpan.FromMilliseconds(5);

    private long RegistrationMilliseconds => (resilience.Value.TotalTimeoutSeconds + 1) * 1000L;

    /// <summary>
    /// Runs one carrier attempt of <paramref name="message"/> within its fence (<see cref="OutboundSms.Fence"/>): a
    /// confirmation after the sends it must follow, a guarded send only if no opt-out it did not see is confirmed.
    /// </summary>
    /// <exception cref="SendWithheldException">The send is withheld; <paramref name="attempt"/> was not called.</exception>
    public async Task<T> AttemptAsync<T>(OutboundSms message, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        switch (message.Fence)
        {
            case SendFence.Confirmation confirmation:
                await ConfirmAsync(message.MessageId, confirmation, cancellationToken);
                return await attempt(cancellationToken);

            case SendFence.Guarded guarded:
                var keys = Keys.For(guarded);
                var member = Guid.NewGuid().ToString("N");
                var confirmed = await redis.GetDatabase().ScriptEvaluateAsync(EnterScript,
                    [keys.Confirmed, keys.Sending], [member, RegistrationMilliseconds]);
                try
                {
                    var optedOutAt = confirmed.IsNull ? (DateTimeOffset?)null : OptOutFence.FromMicroseconds((long)confirmed);
                    if (OptOutFence.Withholds(guarded, optedOutAt))
                        throw new SendWithheldException(OptOutFence.WithheldReason(guarded, optedOutAt!.Value));
                    return await attempt(cancellationToken);
                }
                finally
                {
                    await LeaveAsync(keys, member, message.MessageId);
                }

            default:
                return await attempt(cancellationToken);
        }
    }

    private async Task ConfirmAsync(Guid messageId, SendFence.Confirmation confirmation, CancellationToken cancellationToken)
    {
        var keys = Keys.For(confirmation);
        var db = redis.GetDatabase();
        var sending = (RedisValue[])(await db.ScriptEvaluateAsync(ConfirmScript,
            [keys.Confirmed, keys.Sending],
            [OptOutFence.Microseconds(confirmation.OptedOutAt), (long)OptOutFence.ConfirmedOptOutTimeToLive.TotalMilliseconds]))!;
        if (sending.Length == 0) return;

        var waited = Stopwatch.StartNew();
        while ((long)await db.ScriptEvaluateAsync(AnyLeftScript, [keys.Sending], sending) == 1)
            await Task.Delay(Recheck, cancellationToken);
        logger.ConfirmationWaited(messageId, sending.Length, waited.Elapsed.TotalMilliseconds);
    }

    private async Task LeaveAsync(Keys keys, string member, Guid messageId)
    {
        try
        {
            await redis.GetDatabase().SortedSetRemoveAsync(keys.Sending, member);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The send's outcome matters more; the registration ends with its lifetime.
            logger.FenceLeaveFailed(e, messageId);
        }
    }

    private readonly record struct Keys(RedisKey Confirmed, RedisKey Sending)
    {
        // One hash tag per scope and recipient: the keys of a script live in one cluster slot.
        public static Keys For(SendFence fence)
        {
            var tag = $"outbound:opt-out:{{{fence.Scope}|{fence.Number}}}";
            return new Keys(tag + ":confirmed", tag + ":sending");
        }
    }
}
