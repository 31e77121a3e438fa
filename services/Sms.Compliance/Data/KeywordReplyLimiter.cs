using StackExchange.Redis;

namespace Sms.Compliance.Data;

/// <summary>
/// At most one reply per keyword, number and minute (Redis): a customer who sends STOP five times in a row gets one
/// confirmation. The claim remembers the inbound message that made it, so a redelivery of that same message is
/// answered again (same derived reply id, which Outbound sends once) while a second STOP within the minute is not.
/// </summary>
public sealed class KeywordReplyLimiter(IConnectionMultiplexer redis, TimeSpan window)
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(1);

    public KeywordReplyLimiter(IConnectionMultiplexer redis) : this(redis, DefaultWindow)
    {
    }

    private const string ClaimScript = """
        local current = redis.call('GET', KEYS[1])
        if not current then
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return 1
        end
        if current == ARGV[1] then return 1 end
        return 0
        """;

    /// <summary>Whether <paramref name="inboundMessageId"/> may send the reply to <paramref name="rule"/>.</summary>
    public async Task<bool> TryClaimAsync(string scope, string number, string rule, Guid inboundMessageId)
    {
        var result = await redis.GetDatabase().ScriptEvaluateAsync(
            ClaimScript,
            [new RedisKey($"compliance:keyword-reply:{scope}:{number}:{rule}")],
            [inboundMessageId.ToString("N"), (long)window.TotalMilliseconds]);
        return (long)result == 1;
    }
}
