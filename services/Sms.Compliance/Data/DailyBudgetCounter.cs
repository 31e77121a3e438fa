using System.Globalization;
using Sms.Compliance.Consent;
using StackExchange.Redis;

namespace Sms.Compliance.Data;

/// <summary>
/// The sends each brand used of its daily budget, in Redis (<c>compliance:budget:{scope}:{day}</c>: the set of message
/// ids of that day, kept two days), checked and counted in one atomic step. A send already counted that day (its
/// redelivery) fits again without counting twice; a send given back (<see cref="ReturnAsync"/>: suppressed after all)
/// frees its place.
/// </summary>
public sealed class DailyBudgetCounter(IConnectionMultiplexer redis)
{
    // KEYS: the day's set. ARGV: member, budget, keep ms. 1: counted (or counted before); 0: the budget is used up.
    private const string UseScript = """
        if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 1 end
        if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
        redis.call('SADD', KEYS[1], ARGV[1])
        redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
        return 1
        """;

    private static readonly TimeSpan Keep = TimeSpan.FromDays(2);

    /// <summary>Counts the send against its brand's budget for the day of <paramref name="now"/>; false when that day's budget is used up.</summary>
    public async Task<bool> TryUseAsync(string scope, DailyBudget budget, Guid messageId, DateTimeOffset now) =>
        (long)await redis.GetDatabase().ScriptEvaluateAsync(UseScript,
            [Key(scope, budget.Day(now))], [messageId.ToString("N"), budget.Messages, (long)Keep.TotalMilliseconds]) == 1;

    /// <summary>Gives a counted send's place back (it was suppressed after all).</summary>
    public Task ReturnAsync(string scope, DailyBudget budget, Guid messageId, DateTimeOffset now) =>
        redis.GetDatabase().SetRemoveAsync(Key(scope, budget.Day(now)), messageId.ToString("N"));

    public static RedisKey Key(string scope, string day) => string.Create(CultureInfo.InvariantCulture, $"compliance:budget:{scope}:{day}");
}
