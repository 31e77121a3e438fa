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

    /// <summary>
    /// Whether <see cref="TryUseAsync"/> would count the send, counting nothing: the dry run's question. Read-only.
    /// </summary>
    public async Task<bool> WouldFitAsync(string scope, DailyBudget budget, Guid messageId, DateTimeOffset now) =>
        (await ReadAsync(scope, budget, now, [messageId])).TryUse(messageId, budget);

    /// <summary>
    /// The day's use of the brand's budget, read only: how many sends it counted, and which of <paramref name="messageIds"/>
    /// are among them (a redelivery fits again), in two reads however full the day is.
    /// </summary>
    public async Task<DailyBudgetUse> ReadAsync(string scope, DailyBudget budget, DateTimeOffset now, IReadOnlyList<Guid> messageIds)
    {
        var db = redis.GetDatabase();
        var key = Key(scope, budget.Day(now));
        var members = messageIds.Select(id => (RedisValue)id.ToString("N")).ToArray();
        var used = db.SetLengthAsync(key);
        var counted = members.Length == 0 ? Task.FromResult(Array.Empty<bool>()) : db.SetContainsAsync(key, members);
        await Task.WhenAll(used, counted);
        return new DailyBudgetUse(used.Result, members.Where((_, i) => counted.Result[i]).Select(m => m.ToString()));
    }

    public static RedisKey Key(string scope, string day) => string.Create(CultureInfo.InvariantCulture, $"compliance:budget:{scope}:{day}");
}

/// <summary>
/// One day's use of a brand's daily budget, as read from <see cref="DailyBudgetCounter"/>, judged in memory the way its
/// script judges it: the dry run counts a request's sends against it, so they count against each other as the real run
/// will.
/// </summary>
public sealed class DailyBudgetUse(long used, IEnumerable<string> countedMembers)
{
    private readonly HashSet<string> _counted = [.. countedMembers];

    /// <summary>How many sends the day counted.</summary>
    public long Used { get; private set; } = used;

    /// <summary>As the script: a send counted before fits again; else it fits while the budget has room, and is counted (in memory).</summary>
    public bool TryUse(Guid messageId, DailyBudget budget)
    {
        var member = messageId.ToString("N");
        if (_counted.Contains(member)) return true;
        if (Used >= budget.Messages) return false;
        _counted.Add(member);
        Used++;
        return true;
    }

    /// <summary>Gives a counted send's place back (in memory).</summary>
    public void Return(Guid messageId)
    {
        if (_counted.Remove(messageId.ToString("N"))) Used--;
    }
}
