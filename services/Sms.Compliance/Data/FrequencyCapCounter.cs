using System.Globalization;
using Sms.Compliance.Consent;
using Sms.Compliance.Extensions;
using StackExchange.Redis;

namespace Sms.Compliance.Data;

/// <summary>Whether a send fits its brand's frequency cap; when not, the rule it would break and when the next may go.</summary>
public sealed record FrequencyCapCheck(FrequencyCapRule? CappedBy, DateTimeOffset? NextAllowedAt)
{
    public static FrequencyCapCheck Allowed { get; } = new(null, null);

    public bool IsAllowed => CappedBy is null;
}

/// <summary>
/// The marketing sends each number got, per brand, in Redis (<c>compliance:frequency:{scope|number}</c>: a sorted set of
/// message ids by approval time, kept as long as the longest window), checked and counted in one atomic step, so two
/// campaigns deciding sends to one number at once cannot both pass the cap. A send already counted (its redelivery, a
/// retry after the approval failed) fits again without counting twice.
/// </summary>
public sealed class FrequencyCapCounter(IConnectionMultiplexer redis)
{
    // KEYS: the set. ARGV: now ms, member, keep ms, then window ms and most messages per rule.
    // Returns {0} when counted (or counted before), else {rule number (1-based), time ms the next may go}.
    private const string CountScript = """
        local now = tonumber(ARGV[1])
        if redis.call('ZSCORE', KEYS[1], ARGV[2]) then return {0} end
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[3]))
        for i = 4, #ARGV, 2 do
          local window = tonumber(ARGV[i])
          local most = tonumber(ARGV[i + 1])
          local sent = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. (now - window), '+inf', 'WITHSCORES')
          local count = #sent / 2
          if count >= most then
            local leaving = tonumber(sent[(count - most) * 2 + 2])
            return {(i - 2) / 2, leaving + window}
          end
        end
        redis.call('ZADD', KEYS[1], now, ARGV[2])
        redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
        return {0}
        """;

    /// <summary>Counts the send if every rule still allows it; otherwise counts nothing and says which rule holds it back.</summary>
    public async Task<FrequencyCapCheck> TryCountAsync(string scope, string number, Guid messageId, FrequencyCapRules rules, DateTimeOffset now)
    {
        if (rules.Rules.Count == 0) return FrequencyCapCheck.Allowed;
        var arguments = new List<RedisValue>
        {
            now.ToUnixTimeMilliseconds(),
            messageId.ToString("N"),
            (long)rules.Longest.TotalMilliseconds,
        };
        foreach (var rule in rules.Rules)
        {
            arguments.Add((long)rule.Window.TotalMilliseconds);
            arguments.Add(rule.Messages);
        }
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(
            CountScript, [Key(scope, number)], [.. arguments]))!;
        var rule1Based = (int)result[0];
        if (rule1Based == 0) return FrequencyCapCheck.Allowed;
        return new FrequencyCapCheck(rules.Rules[rule1Based - 1], DateTimeOffset.FromUnixTimeMilliseconds((long)result[1]));
    }

    /// <summary>
    /// Whether <see cref="TryCountAsync"/> would count the send now, counting nothing: the dry run's question. Read-only
    /// (the sends within the longest window, judged by <see cref="FrequencyCapHistory.Check"/> as the script does).
    /// </summary>
    public async Task<FrequencyCapCheck> WouldCountAsync(string scope, string number, Guid messageId, FrequencyCapRules rules, DateTimeOffset now) =>
        rules.Rules.Count == 0 ? FrequencyCapCheck.Allowed : (await ReadAsync(scope, number, rules.Longest, now)).Check(messageId, rules, now);

    /// <summary>The sends counted to the number within <paramref name="longest"/> before <paramref name="now"/>, read only.</summary>
    public async Task<FrequencyCapHistory> ReadAsync(string scope, string number, TimeSpan longest, DateTimeOffset now)
    {
        var entries = await redis.GetDatabase().SortedSetRangeByScoreWithScoresAsync(
            Key(scope, number), now.ToUnixTimeMilliseconds() - (long)longest.TotalMilliseconds, double.PositiveInfinity, Exclude.Start);
        return new FrequencyCapHistory(entries.Select(e => (e.Element.ToString(), (long)e.Score)));
    }

    /// <summary>One hash tag per brand and number: a cluster keeps the set in one slot.</summary>
    public static RedisKey Key(string scope, string number) =>
        string.Create(CultureInfo.InvariantCulture, $"compliance:frequency:{{{scope}|{number}}}");
}

/// <summary>
/// The sends counted to one number by one brand, as read from <see cref="FrequencyCapCounter"/>, judged in memory the
/// way its script judges them: the dry run checks a request's sends against it and counts those that would pass, so
/// sends within one request count against each other as the real run will.
/// </summary>
public sealed class FrequencyCapHistory
{
    private readonly List<(string Member, long At)> _sent;

    public FrequencyCapHistory(IEnumerable<(string Member, long At)> sent) => _sent = [.. sent.OrderBy(s => s.At)];

    /// <summary>As the script: a send counted before fits again; otherwise the first rule whose window is full holds it back.</summary>
    public FrequencyCapCheck Check(Guid messageId, FrequencyCapRules rules, DateTimeOffset now)
    {
        var member = messageId.ToString("N");
        if (_sent.Exists(s => s.Member == member)) return FrequencyCapCheck.Allowed;
        var nowMs = now.ToUnixTimeMilliseconds();
        foreach (var rule in rules.Rules)
        {
            var window = (long)rule.Window.TotalMilliseconds;
            var inWindow = _sent.Where(s => s.At > nowMs - window).ToList();
            if (inWindow.Count >= rule.Messages)
                return new FrequencyCapCheck(rule, DateTimeOffset.FromUnixTimeMilliseconds(inWindow[inWindow.Count - rule.Messages].At + window));
        }
        return FrequencyCapCheck.Allowed;
    }

    /// <summary><see cref="Check"/>, and when it passes, counts the send at <paramref name="now"/> (in memory only).</summary>
    public FrequencyCapCheck TryCount(Guid messageId, FrequencyCapRules rules, DateTimeOffset now)
    {
        var check = Check(messageId, rules, now);
        var member = messageId.ToString("N");
        if (check.IsAllowed && !_sent.Exists(s => s.Member == member))
        {
            _sent.Add((member, now.ToUnixTimeMilliseconds()));
            _sent.Sort((a, b) => a.At.CompareTo(b.At));
        }
        return check;
    }
}
