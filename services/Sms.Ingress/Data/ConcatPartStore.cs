using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Sms.Ingress.Extensions;
using Sms.Ingress.Inbound;
using StackExchange.Redis;

namespace Sms.Ingress.Data;

/// <summary>What one concatenated message's hash holds: who wrote to whom, the announced total and the parts so far.</summary>
public sealed record ConcatState(string Provider, string From, string To, string Reference, int Total, IReadOnlyList<ConcatPart> Parts);

/// <summary>Whether a part was stored.</summary>
public enum PartStoreOutcome
{
    /// <summary>The part is in the message's hash (now, or from an earlier delivery).</summary>
    Stored,

    /// <summary>The message is being published right now and this part is not in it: answer 503 so the provider retries.</summary>
    Sealed,
}

/// <summary>Whether a message's hash could be sealed for publishing.</summary>
public enum SealOutcome
{
    Sealed,

    /// <summary>Another request or instance holds the seal.</summary>
    Busy,

    /// <summary>The hash no longer exists (published and removed, or expired).</summary>
    Gone,
}

/// <summary>
/// The parts of concatenated inbound messages, in Redis so that any ingress instance can complete a message whose
/// other parts another instance received. One hash per message under
/// <c>{prefix}concat:{provider}:{from}:{to}:{concat-ref}</c> (fields <c>p:{n}</c> with the part's id and raw text, and
/// the message's details), and one sorted set <c>{prefix}concat:pending</c> of those keys scored by their deadline
/// (first part + <see cref="IngressOptions.ConcatTimeout"/>), which <see cref="Background.ConcatTimeoutService"/> polls.
/// </summary>
/// <remarks>
/// Publishing a message <em>seals</em> its hash (field <c>sealed</c>, a deadline so a crashed publisher's seal lapses):
/// a part arriving while the message is being published is refused (503, the provider retries it) rather than added to
/// a message that has already been read, so a part is never both in a published message and silently left behind.
/// The hash lives for <see cref="IngressOptions.SeenTimeToLive"/>, far beyond its deadline: it is removed when its
/// message is published, not by expiry.
/// </remarks>
public sealed class ConcatPartStore(IConnectionMultiplexer redis, IOptions<IngressOptions> options)
{
    private const string PartPrefix = "p:";

    private const string StoreScript = """
        local sealed = tonumber(redis.call('HGET', KEYS[1], 'sealed') or '0')
        if sealed > tonumber(ARGV[6]) then
          if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 'stored' end
          return 'sealed'
        end
        redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
        if redis.call('HSETNX', KEYS[1], 'total', ARGV[3]) == 1 then
          redis.call('HSET', KEYS[1], 'provider', ARGV[7], 'from', ARGV[8], 'to', ARGV[9], 'ref', ARGV[10])
        end
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        redis.call('ZADD', KEYS[2], 'NX', ARGV[4], KEYS[1])
        return 'stored'
        """;

    private const string SealScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
        local sealed = tonumber(redis.call('HGET', KEYS[1], 'sealed') or '0')
        if sealed > tonumber(ARGV[1]) then return 0 end
        redis.call('HSET', KEYS[1], 'sealed', ARGV[2])
        return 1
        """;

    private IngressOptions Options => options.Value;

    public RedisKey PendingKey => $"{Options.RedisKeyPrefix}concat:pending";

    public RedisKey KeyFor(string provider, string from, string to, string reference) =>
        $"{Options.RedisKeyPrefix}concat:{provider}:{from}:{to}:{reference}";

    /// <summary>Adds a part (a part number already stored keeps its first delivery) and schedules the message's deadline.</summary>
    public async Task<PartStoreOutcome> StoreAsync(
        RedisKey key, string provider, string from, string to, string reference, int total, ConcatPart part, DateTimeOffset now)
    {
        var deadline = now + Options.ConcatTimeout;
        var result = await redis.GetDatabase().ScriptEvaluateAsync(StoreScript, [key, PendingKey],
        [
            PartPrefix + part.Number.ToString(CultureInfo.InvariantCulture),
            JsonSerializer.Serialize(StoredPart.Of(part)),
            total,
            deadline.ToUnixTimeMilliseconds(),
            (long)Options.SeenTimeToLive.TotalMilliseconds,
            now.ToUnixTimeMilliseconds(),
            provider, from, to, reference,
        ]);
        return (string?)result == "sealed" ? PartStoreOutcome.Sealed : PartStoreOutcome.Stored;
    }

    /// <summary>The message's details and parts, or null when its hash does not exist.</summary>
    public async Task<ConcatState?> ReadAsync(RedisKey key)
    {
        var entries = await redis.GetDatabase().HashGetAllAsync(key);
        if (entries.Length == 0) return null;
        var fields = entries.ToDictionary(e => (string)e.Name!, e => (string)e.Value!, StringComparer.Ordinal);
        if (!fields.TryGetValue("total", out var totalText) || !int.TryParse(totalText, CultureInfo.InvariantCulture, out var total))
            return null;

        var parts = new List<ConcatPart>();
        foreach (var (name, value) in fields)
        {
            if (!name.StartsWith(PartPrefix, StringComparison.Ordinal)
                || !int.TryParse(name.AsSpan(PartPrefix.Length), CultureInfo.InvariantCulture, out var number)) continue;
            var stored = JsonSerializer.Deserialize<StoredPart>(value)!;
            parts.Add(new ConcatPart(number, stored.Id, stored.RawText));
        }
        return new ConcatState(
            fields.GetValueOrDefault("provider", ""), fields.GetValueOrDefault("from", ""), fields.GetValueOrDefault("to", ""),
            fields.GetValueOrDefault("ref", ""), total, parts);
    }

    /// <summary>Takes the right to publish the message, for <see cref="IngressOptions.PublishingClaimTimeToLive"/> at most.</summary>
    public async Task<SealOutcome> SealAsync(RedisKey key, DateTimeOffset now)
    {
        var until = now + Options.PublishingClaimTimeToLive;
        var result = (int)await redis.GetDatabase().ScriptEvaluateAsync(SealScript, [key],
            [now.ToUnixTimeMilliseconds(), until.ToUnixTimeMilliseconds()]);
        return result switch { 1 => SealOutcome.Sealed, 0 => SealOutcome.Busy, _ => SealOutcome.Gone };
    }

    /// <summary>Gives the seal up after a failed publish, so the parts can be published later.</summary>
    public Task UnsealAsync(RedisKey key) => redis.GetDatabase().HashDeleteAsync(key, "sealed");

    /// <summary>After a failed publish from the timeout service: try again no sooner than <paramref name="at"/>.</summary>
    public Task RescheduleAsync(RedisKey key, DateTimeOffset at) =>
        redis.GetDatabase().SortedSetAddAsync(PendingKey, key.ToString(), at.ToUnixTimeMilliseconds(), SortedSetWhen.Exists);

    /// <summary>Messages whose deadline has passed, oldest first.</summary>
    public async Task<IReadOnlyList<RedisKey>> DueAsync(DateTimeOffset now, int take)
    {
        var due = await redis.GetDatabase().SortedSetRangeByScoreAsync(PendingKey, double.NegativeInfinity, now.ToUnixTimeMilliseconds(), take: take);
        return [.. due.Select(v => (RedisKey)(string)v!)];
    }

    /// <summary>
    /// After the message was published: every part's id is remembered as published (a late retry of a part is then a
    /// duplicate, not the start of a new message), and the hash and its deadline are removed, in one transaction.
    /// </summary>
    public async Task FinishAsync(RedisKey key, IEnumerable<RedisKey> partSeenKeys)
    {
        var transaction = redis.GetDatabase().CreateTransaction();
        var writes = partSeenKeys
            .Select(seen => transaction.StringSetAsync(seen, ProviderMessageClaims.Published, Options.SeenTimeToLive))
            .Cast<Task>()
            .ToList();
        writes.Add(transaction.KeyDeleteAsync(key));
        writes.Add(transaction.SortedSetRemoveAsync(PendingKey, key.ToString()));
        await transaction.ExecuteAsync();
        await Task.WhenAll(writes);
    }

    /// <summary>Drops a deadline whose hash no longer exists.</summary>
    public Task ForgetAsync(RedisKey key) => redis.GetDatabase().SortedSetRemoveAsync(PendingKey, key.ToString());

    /// <summary>
    /// A part as kept in its message's hash. JSON writes half a surrogate pair as U+FFFD, so a part that ends in one
    /// (the other half opens the next part) also keeps its exact UTF-16 in <see cref="Utf16"/> (base64), for the join.
    /// </summary>
    private sealed record StoredPart(string Id, string Text, string? Utf16 = null)
    {
        public string RawText => Utf16 is null ? Text : new string(MemoryMarshal.Cast<byte, char>(Convert.FromBase64String(Utf16)));

        public static StoredPart Of(ConcatPart part) => new(part.ProviderMessageId, part.Text,
            part.Text.Any(char.IsSurrogate) ? Convert.ToBase64String(MemoryMarshal.AsBytes(part.Text.AsSpan())) : null);
    }
}
