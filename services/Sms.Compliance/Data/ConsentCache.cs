using System.Diagnostics;
using System.Text.Json;
using Sms.Compliance.Consent;
using StackExchange.Redis;

namespace Sms.Compliance.Data;

/// <summary>
/// The consent state every send is decided on, served from Redis (shared by every instance) and kept honest by a
/// version stamp and a register of sends in flight, per number and scope:
/// <list type="bullet">
/// <item>A send registers itself in flight, then reads the cached state in the same atomic step. A cached state is
/// used only when it was computed at the current version; otherwise the ledger is read and the result cached only if
/// the version has not moved meanwhile (so a read that raced an opt-out can never put the old state back).</item>
/// <item>A consent change bumps the version and drops the cached state; an opt-out then waits until every send that
/// was in flight at that moment has finished (published its decision) before its confirmation is published. A send
/// that registers later reads the new version, hence the ledger with the opt-out in it.</item>
/// </list>
/// So no send decided on the old state is published after the opt-out's confirmation. A send in flight for longer
/// than <see cref="InFlightHorizon"/> is not waited for and must not approve (<see cref="SendRegistration.IsExpired"/>).
/// Redis errors propagate: the send fails and is retried, never approved unchecked.
/// </summary>
/// <remarks>One half of the "no send after STOP" protocol across Compliance and Outbound: README, "No send after STOP".</remarks>
public sealed class ConsentCache(IConnectionMultiplexer redis, ConsentLedger ledger, TimeProvider clock)
{
    /// <summary>How long a cached state lives without any change.</summary>
    public static readonly TimeSpan StateTimeToLive = TimeSpan.FromMinutes(5);

    /// <summary>Sends registered longer ago than this are taken as dead (a crashed instance) and not waited for.</summary>
    public static readonly TimeSpan InFlightHorizon = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan VersionTimeToLive = TimeSpan.FromDays(2);

    // KEYS: version, state, in-flight; ARGV: member, score. Registers the send, then returns version and cached state.
    private const string EnterScript = """
        redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
        redis.call('PEXPIRE', KEYS[3], 120000)
        return { redis.call('GET', KEYS[1]) or '0', redis.call('GET', KEYS[2]) or '' }
        """;

    // KEYS: version, state; ARGV: version read, state, ttl ms. Caches only what was read at the current version.
    private const string PopulateScript = """
        if (redis.call('GET', KEYS[1]) or '0') == ARGV[1] then
            redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
            return 1
        end
        return 0
        """;

    // KEYS: version, state, in-flight; ARGV: oldest score still alive, version ttl ms. Returns the sends in flight.
    private const string InvalidateScript = """
        redis.call('INCR', KEYS[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        redis.call('DEL', KEYS[2])
        redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. ARGV[1])
        return redis.call('ZRANGE', KEYS[3], 0, -1)
        """;

    private const string AnyLeftScript = """
        for i, member in ipairs(ARGV) do
            if redis.call('ZSCORE', KEYS[1], member) then return 1 end
        end
        return 0
        """;

    /// <summary>Registers a send in flight and returns the number's consent state (cached, or from the ledger).</summary>
    public async Task<SendRegistration> EnterSendAsync(string number, string scope, CancellationToken cancellationToken)
    {
        var keys = Keys.For(number, scope);
        var db = redis.GetDatabase();
        var member = Guid.NewGuid().ToString("N");
        var started = clock.GetTimestamp();
        var registration = new SendRegistration(db, keys.InFlight, member, clock, started);
        try
        {
            var entered = (RedisResult[])(await db.ScriptEvaluateAsync(EnterScript,
                [keys.Version, keys.State, keys.InFlight],
                [member, clock.GetUtcNow().ToUnixTimeMilliseconds()]))!;
            var version = (string)entered[0]!;
            var cached = (string)entered[1]!;

            if (cached.Length > 0)
            {
                var entry = JsonSerializer.Deserialize<CachedState>(cached)!;
                if (entry.Version == version)
                {
                    registration.State = new ConsentState(number, scope, entry.Informational, entry.Marketing, entry.ReviewPending);
                    registration.FromCache = true;
                    return registration;
                }
            }

            var state = await ledger.GetStateAsync(number, scope, cancellationToken);
            await db.ScriptEvaluateAsync(PopulateScript,
                [keys.Version, keys.State],
                [version, JsonSerializer.Serialize(new CachedState(version, state.Informational, state.Marketing, state.ReviewPending)), (long)StateTimeToLive.TotalMilliseconds]);
            registration.State = state;
            return registration;
        }
        catch
        {
            await registration.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// After a consent change is stored: makes every later read go to the ledger and, when <paramref name="drain"/>,
    /// waits until every send in flight now has finished. Call it before the change's confirmation is published.
    /// </summary>
    /// <exception cref="TimeoutException">Sends are still in flight after <see cref="InFlightHorizon"/>.</exception>
    public async Task InvalidateAsync(string number, string scope, bool drain, CancellationToken cancellationToken)
    {
        var keys = Keys.For(number, scope);
        var db = redis.GetDatabase();
        var oldestAlive = clock.GetUtcNow().Subtract(InFlightHorizon).ToUnixTimeMilliseconds();
        var inFlight = (RedisValue[])(await db.ScriptEvaluateAsync(InvalidateScript,
            [keys.Version, keys.State, keys.InFlight],
            [oldestAlive, (long)VersionTimeToLive.TotalMilliseconds]))!;
        if (!drain || inFlight.Length == 0) return;

        var waited = Stopwatch.StartNew();
        while ((long)await db.ScriptEvaluateAsync(AnyLeftScript, [keys.InFlight], inFlight) == 1)
        {
            if (waited.Elapsed > InFlightHorizon)
                throw new TimeoutException($"{inFlight.Length} sends to the number were still being decided after {InFlightHorizon}.");
            await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken);
        }
    }

    private sealed record CachedState(string Version, ConsentEvent? Informational, ConsentEvent? Marketing, bool ReviewPending);

    private readonly record struct Keys(RedisKey Version, RedisKey State, RedisKey InFlight)
    {
        // One hash tag per number and scope: the keys of a script live in one cluster slot.
        public static Keys For(string number, string scope)
        {
            var tag = $"compliance:consent:{{{scope}|{number}}}";
            // The state per purpose has a key of its own: an instance still caching a single latest event writes the old one.
            return new Keys(tag + ":version", tag + ":state-by-purpose", tag + ":in-flight");
        }
    }
}

/// <summary>A send registered in flight with the state it is decided on; disposing it ends the registration.</summary>
public sealed class SendRegistration : IAsyncDisposable
{
    private readonly IDatabase _db;
    private readonly RedisKey _key;
    private readonly string _member;
    private readonly TimeProvider _clock;
    private readonly long _started;
    private bool _disposed;

    internal SendRegistration(IDatabase db, RedisKey key, string member, TimeProvider clock, long started)
    {
        _db = db;
        _key = key;
        _member = member;
        _clock = clock;
        _started = started;
    }

    public ConsentState State { get; internal set; } = null!;

    /// <summary>Whether the state came from the cache (else from the ledger).</summary>
    public bool FromCache { get; internal set; }

    /// <summary>
    /// Registered so long ago that an opt-out may no longer wait for it: it must not approve (fail and retry instead).
    /// </summary>
    public bool IsExpired => _clock.GetElapsedTime(_started) > ConsentCache.InFlightHorizon - TimeSpan.FromSeconds(5);

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await _db.SortedSetRemoveAsync(_key, _member);
    }
}
