using Microsoft.Extensions.Options;
using Sms.Outbound.Extensions;
using StackExchange.Redis;

namespace Sms.Outbound.RateLimits;

/// <summary>
/// Send slots shared by every Outbound instance: one sorted set per window in Redis holding the grant times (a
/// sliding log, <see cref="SlidingWindow"/>), checked and taken for all of a send's windows in one Lua script, so two
/// instances can never both take the last slot. Times come from Redis's own clock (<c>TIME</c>), so the instances'
/// clocks need not agree.
/// </summary>
public sealed class RedisRateLimiter(
    IConnectionMultiplexer redis, IOptions<RateLimitOptions> options, TimeProvider clock, ILogger<RedisRateLimiter> logger)
{
    // KEYS: the windows. ARGV[1]: window (µs); ARGV[2]: this grant's unique member; ARGV[2 + i]: limit of KEYS[i].
    // Returns 0 when the slot was taken in every window, else the µs until the blocking grant leaves its window.
    private const string Script = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local window = tonumber(ARGV[1])
        local wait = 0
        for i, key in ipairs(KEYS) do
          redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
          local limit = tonumber(ARGV[i + 2])
          local count = redis.call('ZCARD', key)
          if count >= limit then
            local blocking = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
            local w = tonumber(blocking[2]) + window - now
            if w > wait then wait = w end
          end
        end
        if wait > 0 then return wait end
        for i, key in ipairs(KEYS) do
          redis.call('ZADD', key, now, ARGV[2])
          redis.call('PEXPIRE', key, math.ceil(window / 1000) + 1000)
        end
        return 0
        """;

    // KEYS: the windows a grant was taken in. ARGV[1]: window (µs); ARGV[2]: the grant's member.
    // Moves the grant to now (never earlier), the latest moment its request can have reached the carrier.
    private const string RestampScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local window = tonumber(ARGV[1])
        for i, key in ipairs(KEYS) do
          if redis.call('ZSCORE', key, ARGV[2]) then
            redis.call('ZADD', key, 'XX', 'GT', now, ARGV[2])
            redis.call('PEXPIRE', key, math.ceil(window / 1000) + 1000)
          end
        end
        return 0
        """;

    /// <summary>
    /// Takes a slot in every window of <paramref name="limits"/>, waiting for one as long as <c>MaxWaitSeconds</c>
    /// allows. Null when none came in time: nothing may be sent now.
    /// </summary>
    public async Task<SendSlot?> TryAcquireAsync(IReadOnlyList<RateLimit> limits, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var deadline = clock.GetUtcNow() + TimeSpan.FromSeconds(settings.MaxWaitSeconds);
        var keys = limits.Select(l => (RedisKey)l.Key).ToArray();
        var arguments = new RedisValue[limits.Count + 2];
        arguments[0] = (long)settings.Window.TotalMicroseconds;
        arguments[1] = Guid.NewGuid().ToString("N");
        for (var i = 0; i < limits.Count; i++) arguments[i + 2] = limits[i].Limit;

        var waited = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = (long)await redis.GetDatabase().ScriptEvaluateAsync(Script, keys, arguments);
            if (result <= 0)
            {
                if (waited) OutboundMetrics.RecordRateLimited("waited");
                return new SendSlot(keys, arguments[1]);
            }

            // A little jitter so instances woken for the same freed slot do not all ask at the same instant.
            var wait = TimeSpan.FromMicroseconds(result) + TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10));
            if (clock.GetUtcNow() + wait > deadline)
            {
                logger.NoSendSlot(settings.MaxWaitSeconds);
                OutboundMetrics.RecordRateLimited("gave_up");
                return null;
            }
            waited = true;
            await Task.Delay(wait, clock, cancellationToken);
        }
    }

    /// <summary>
    /// Called when the request the slot was taken for has had its answer (or given up): its grant moves to now. The
    /// grant time is when we were allowed to send; the request reaches the carrier somewhat later, by a delay that
    /// varies (a new connection, a busy machine). Counting the send from the latest moment it can have arrived means
    /// the next grants in its window wait for that, so the carrier's own one-second windows stay within the limit
    /// however the delays vary. Never throws: the request has been sent, and a failure here must not make the caller
    /// send it again.
    /// </summary>
    public async Task RestampAsync(SendSlot slot)
    {
        try
        {
            await redis.GetDatabase().ScriptEvaluateAsync(
                RestampScript, slot.Keys, [(long)options.Value.Window.TotalMicroseconds, slot.Member]);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.RestampFailed(e);
        }
    }
}

/// <summary>A slot taken in every window of one send: the windows' keys and this grant's member in them.</summary>
public sealed record SendSlot(RedisKey[] Keys, RedisValue Member);
