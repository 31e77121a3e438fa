using System.Text.Json;
using Microsoft.Extensions.Options;
using Sms.Router.Extensions;
using Sms.Router.Sessions;
using Sms.ServiceDefaults.Numbers;
using StackExchange.Redis;

namespace Sms.Router.Data;

public enum SessionSaveResult
{
    Stored,

    /// <summary>The same prompt was stored before (a redelivered <c>SmsSent</c>).</summary>
    AlreadyStored,

    /// <summary>The prompt was answered already; a redelivered <c>SmsSent</c> must not reopen it.</summary>
    AlreadyAnswered,

    /// <summary>The session's time to live was over before it could be stored.</summary>
    AlreadyExpired,
}

/// <summary>Session ids an instance claimed for announcing their expiry, and the end of its lease (unix ms).</summary>
public sealed record ExpiryClaim(IReadOnlyList<RedisValue> SessionIds, long LeaseEnd);

/// <summary>A session closed by the reply that answered it, kept so a redelivered reply is decided the same way.</summary>
public sealed record SessionAnswer(Guid InboundMessageId, SessionMatch Match, DateTimeOffset AnsweredAt);

/// <summary>
/// Conversation sessions in Redis; the router keeps no state of its own.
/// <list type="bullet">
/// <item><c>sms:session:{id}</c>: the session as JSON, expiring with it (plus <c>Router:ExpiredSessionRetention</c>, default none).</item>
/// <item><c>sms:sessions:{customer}</c>: sorted set of the customer's session ids by creation time (unix ms), expiring
/// with the customer's longest session. Ids whose session key has gone are skipped and removed on load.</item>
/// <item><c>sms:session-expiry</c>: sorted set of open session ids by expiry (unix ms), for the expiry poller.</item>
/// <item><c>sms:session-answered:{id}</c>: the inbound message id that answered the session (it stays closed);
/// <c>sms:reply-answer:{inbound id}</c>: what that reply was classified as.</item>
/// <item><c>sms:session-clarifications:{id}</c>: hash of the unrecognised replies the session asked again for, inbound id →
/// attempt number (1, 2, …), so a redelivered reply counts once.</item>
/// <item><c>sms:session-expiring:{id}</c>: the session as JSON for its <c>SessionExpired</c> event, kept a week past the
/// expiry (the session key itself may go at the expiry); <c>sms:session-expiry-claims</c>: sorted set of expiries an
/// instance has claimed, by the end of its lease (unix ms); an expiry whose lease ran out is claimed again.</item>
/// </list>
/// </summary>
public sealed class SessionStore(IConnectionMultiplexer redis, IOptions<RouterOptions> options, TimeProvider clock)
{
    /// <summary>How long an answer is remembered at least, whatever the session's own expiry.</summary>
    private static readonly TimeSpan MinimumAnswerMemory = TimeSpan.FromDays(1);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public const string ExpiryIndexKey = "sms:session-expiry";

    public const string ExpiryClaimsKey = "sms:session-expiry-claims";

    /// <summary>How long after its expiry a session can still be announced (when no poller ran meanwhile).</summary>
    private static readonly TimeSpan ExpiringMemory = TimeSpan.FromDays(7);

    private const string SessionKeyPrefix = "sms:session:";

    public static string SessionKey(Guid id) => SessionKeyPrefix + id.ToString("D");

    public static string CustomerIndexKey(string customerNumber) => $"sms:sessions:{PhoneNumbers.Canonical(customerNumber)}";

    public static string AnsweredKey(Guid id) => $"sms:session-answered:{id:D}";

    public static string AnswerKey(Guid inboundMessageId) => $"sms:reply-answer:{inboundMessageId:D}";

    public static string ClarificationsKey(Guid id) => $"sms:session-clarifications:{id:D}";

    public static string ExpiringKey(Guid id) => $"sms:session-expiring:{id:D}";

    private static string ExpiringKey(RedisValue id) => "sms:session-expiring:" + id;

    // KEYS: session, answered marker, customer index, expiry index, expiring copy.
    // ARGV: session json, key expiry (unix ms), created (unix ms), id, expires (unix ms), expiring copy's expiry (unix ms).
    private const string SaveScript = """
        if redis.call('EXISTS', KEYS[2]) == 1 then return 2 end
        if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PXAT', ARGV[2]) then return 0 end
        redis.call('ZADD', KEYS[3], ARGV[3], ARGV[4])
        if redis.call('PEXPIRETIME', KEYS[3]) < tonumber(ARGV[2]) then redis.call('PEXPIREAT', KEYS[3], ARGV[2]) end
        redis.call('ZADD', KEYS[4], ARGV[5], ARGV[4])
        redis.call('SET', KEYS[5], ARGV[1], 'PXAT', ARGV[6])
        return 1
        """;

    // KEYS: session, answered marker, customer index, expiry index, answer, expiring copy, expiry claims.
    // ARGV: id, inbound id, answer json, expiry of marker and answer (unix ms).
    // 1: closed by this reply (now or on an earlier delivery); 0: answered by another reply, or gone.
    private const string CloseScript = """
        local by = redis.call('GET', KEYS[2])
        if by and by ~= ARGV[2] then return 0 end
        if not by and redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        redis.call('SET', KEYS[2], ARGV[2], 'PXAT', ARGV[4])
        redis.call('SET', KEYS[5], ARGV[3], 'PXAT', ARGV[4])
        redis.call('DEL', KEYS[1])
        redis.call('ZREM', KEYS[3], ARGV[1])
        redis.call('ZREM', KEYS[4], ARGV[1])
        redis.call('DEL', KEYS[6])
        redis.call('ZREM', KEYS[7], ARGV[1])
        return 1
        """;

    // KEYS: clarifications hash. ARGV: inbound id, hash expiry (unix ms). Returns the reply's attempt number.
    private const string ClarifyScript = """
        local earlier = redis.call('HGET', KEYS[1], ARGV[1])
        if earlier then return tonumber(earlier) end
        local attempt = redis.call('HLEN', KEYS[1]) + 1
        redis.call('HSET', KEYS[1], ARGV[1], attempt)
        redis.call('PEXPIREAT', KEYS[1], ARGV[2])
        return attempt
        """;

    // KEYS: expiry index, expiry claims. ARGV: now (unix ms), lease end (unix ms), batch size.
    // Moves due expiries (and claims whose lease ran out) to the claims with a new lease; returns their ids.
    private const string ClaimScript = """
        local claimed = {}
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
        for _, id in ipairs(due) do
            redis.call('ZREM', KEYS[1], id)
            redis.call('ZADD', KEYS[2], ARGV[2], id)
            table.insert(claimed, id)
        end
        local stale = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
        for _, id in ipairs(stale) do
            redis.call('ZADD', KEYS[2], ARGV[2], id)
            table.insert(claimed, id)
        end
        return claimed
        """;

    // KEYS: expiring copy, answered marker, expiry claims. ARGV: id, lease end (unix ms).
    // The session to announce: nil when it was answered, or when this claim was lost (taken over or completed).
    private const string ExpiringScript = """
        if redis.call('EXISTS', KEYS[2]) == 1 then return false end
        local lease = redis.call('ZSCORE', KEYS[3], ARGV[1])
        if not lease or tonumber(lease) ~= tonumber(ARGV[2]) then return false end
        return redis.call('GET', KEYS[1])
        """;

    // KEYS: expiring copy, expiry claims. ARGV: id.
    private const string CompleteExpiryScript = """
        redis.call('DEL', KEYS[1])
        redis.call('ZREM', KEYS[2], ARGV[1])
        return 1
        """;

    private IDatabase Database => redis.GetDatabase();

    /// <summary>Stores a new session; storing the same session again changes nothing.</summary>
    public async Task<SessionSaveResult> SaveAsync(ConversationSession session, CancellationToken cancellationToken)
    {
        if (!session.IsOpenAt(clock.GetUtcNow())) return SessionSaveResult.AlreadyExpired;

        var keyExpiry = session.ExpiresAt + options.Value.ExpiredSessionRetention;
        var result = await Database.ScriptEvaluateAsync(
            SaveScript,
            [SessionKey(session.Id), AnsweredKey(session.Id), CustomerIndexKey(session.CustomerNumber), ExpiryIndexKey, ExpiringKey(session.Id)],
            [
                JsonSerializer.Serialize(session, Json),
                keyExpiry.ToUnixTimeMilliseconds(),
                session.CreatedAt.ToUnixTimeMilliseconds(),
                session.Id.ToString("D"),
                session.ExpiresAt.ToUnixTimeMilliseconds(),
                (session.ExpiresAt + ExpiringMemory).ToUnixTimeMilliseconds(),
            ]).WaitAsync(cancellationToken);

        return (int)result switch
        {
            1 => SessionSaveResult.Stored,
            2 => SessionSaveResult.AlreadyAnswered,
            _ => SessionSaveResult.AlreadyStored,
        };
    }

    /// <summary>
    /// The customer's stored sessions, oldest first. Includes sessions past their expiry but still retained: callers
    /// judge openness with <see cref="ConversationSession.IsOpenAt"/>.
    /// </summary>
    public async Task<IReadOnlyList<ConversationSession>> LoadAsync(string customerNumber, CancellationToken cancellationToken)
    {
        var database = Database;
        var indexKey = CustomerIndexKey(customerNumber);
        var ids = await database.SortedSetRangeByRankAsync(indexKey).WaitAsync(cancellationToken);
        if (ids.Length == 0) return [];

        var keys = ids.Select(id => (RedisKey)(SessionKeyPrefix + id)).ToArray();
        var values = await database.StringGetAsync(keys).WaitAsync(cancellationToken);

        var sessions = new List<ConversationSession>(ids.Length);
        var gone = new List<RedisValue>();
        for (var i = 0; i < ids.Length; i++)
        {
            var session = values[i].IsNull ? null : JsonSerializer.Deserialize<ConversationSession>(values[i].ToString(), Json);
            if (session is null) gone.Add(ids[i]); // expired (or closed) since it was indexed
            else sessions.Add(session);
        }
        if (gone.Count > 0)
            await database.SortedSetRemoveAsync(indexKey, gone.ToArray()).WaitAsync(cancellationToken);
        return sessions;
    }

    /// <summary>
    /// Closes the session its reply answered, so the prompt is not answered twice, and remembers the answer. True when
    /// this reply holds the session (now or from an earlier delivery); false when another reply answered it first or
    /// it expired meanwhile.
    /// </summary>
    public async Task<bool> CloseAsync(SessionAnswer answer, CancellationToken cancellationToken)
    {
        var session = answer.Match.Session;
        var remembered = Max(session.ExpiresAt + options.Value.ExpiredSessionRetention, answer.AnsweredAt + MinimumAnswerMemory);
        var result = await Database.ScriptEvaluateAsync(
            CloseScript,
            [
                SessionKey(session.Id), AnsweredKey(session.Id), CustomerIndexKey(session.CustomerNumber), ExpiryIndexKey,
                AnswerKey(answer.InboundMessageId), ExpiringKey(session.Id), ExpiryClaimsKey,
            ],
            [
                session.Id.ToString("D"),
                answer.InboundMessageId.ToString("D"),
                JsonSerializer.Serialize(answer, Json),
                remembered.ToUnixTimeMilliseconds(),
            ]).WaitAsync(cancellationToken);
        return (int)result == 1;
    }

    /// <summary>What a reply was classified as when it was handled before; null for a reply not seen or not matched.</summary>
    public async Task<SessionAnswer?> FindAnswerAsync(Guid inboundMessageId, CancellationToken cancellationToken)
    {
        var value = await Database.StringGetAsync(AnswerKey(inboundMessageId)).WaitAsync(cancellationToken);
        return value.IsNull ? null : JsonSerializer.Deserialize<SessionAnswer>(value.ToString(), Json);
    }

    /// <summary>
    /// Counts an unrecognised reply the session asks again for; the reply's attempt number (1 for the first). The same
    /// reply delivered again keeps its number.
    /// </summary>
    public async Task<int> RecordClarificationAsync(ConversationSession session, Guid inboundMessageId, CancellationToken cancellationToken)
    {
        var remembered = Max(session.ExpiresAt + options.Value.ExpiredSessionRetention, clock.GetUtcNow() + MinimumAnswerMemory);
        var result = await Database.ScriptEvaluateAsync(
            ClarifyScript,
            [ClarificationsKey(session.Id)],
            [inboundMessageId.ToString("D"), remembered.ToUnixTimeMilliseconds()]).WaitAsync(cancellationToken);
        return (int)result;
    }

    /// <summary>
    /// Claims up to <paramref name="batchSize"/> sessions whose expiry is due (and claims another instance let lapse)
    /// for <paramref name="lease"/>. Atomic: two instances never hold the same claim at once.
    /// </summary>
    public async Task<ExpiryClaim> ClaimExpiredAsync(int batchSize, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var leaseEnd = now + (long)lease.TotalMilliseconds;
        var result = await Database.ScriptEvaluateAsync(
            ClaimScript,
            [ExpiryIndexKey, ExpiryClaimsKey],
            [now, leaseEnd, batchSize]).WaitAsync(cancellationToken);
        var ids = ((RedisResult[]?)result ?? []).Select(r => (RedisValue)r).Distinct().ToList();
        return new ExpiryClaim(ids, leaseEnd);
    }

    /// <summary>
    /// The claimed session to announce as expired; null when it was answered meanwhile, its claim was lost (another
    /// instance took it over after the lease) or it was announced already.
    /// </summary>
    public async Task<ConversationSession?> ReadExpiringAsync(RedisValue id, ExpiryClaim claim, CancellationToken cancellationToken)
    {
        var value = await Database.ScriptEvaluateAsync(
            ExpiringScript,
            [ExpiringKey(id), "sms:session-answered:" + id, ExpiryClaimsKey],
            [id, claim.LeaseEnd]).WaitAsync(cancellationToken);
        return value.IsNull ? null : JsonSerializer.Deserialize<ConversationSession>(value.ToString(), Json);
    }

    /// <summary>The expiry was announced (or needs none): forget it.</summary>
    public Task CompleteExpiryAsync(RedisValue id, CancellationToken cancellationToken) =>
        Database.ScriptEvaluateAsync(CompleteExpiryScript, [ExpiringKey(id), ExpiryClaimsKey], [id]).WaitAsync(cancellationToken);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
