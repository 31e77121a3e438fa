using Microsoft.Extensions.Caching.Memory;
using Sms.Conversations.Data;

namespace Sms.Conversations.Agents;

/// <summary>
/// Agents' sessions, kept in PostgreSQL so every instance of the service sees the same ones (<see cref="SessionStore"/>):
/// signing in starts one and returns the token for the cookie; each request with the cookie finds its session again
/// (<see cref="FindLiveAsync"/>); signing out, "sign out everywhere", an admin (ending them, disabling the agent,
/// resetting the password), the agent changing their password, and idle or absolute expiry end it.
/// An instance keeps what it read of a session for <see cref="SessionPolicy.CacheFor"/>: a session ended here stops
/// working here at once; one ended on another instance as soon as this one hears of it on <see cref="ChangedChannel"/>
/// (<c>Background/DatabaseChangeListener</c>), and within the cache time should that notification be lost.
/// </summary>
public sealed class InboxSessions(SessionStore store, SessionPolicy policy, TimeProvider clock) : IDisposable
{
    /// <summary>
    /// The PostgreSQL notification channel on which every change to an agent's sessions or account is announced, the
    /// payload the agent's user name, in the transaction that makes it.
    /// </summary>
    public const string ChangedChannel = "conversations_agent_sessions";

    /// <summary>Sessions that are over, deleted at each sign-in at most.</summary>
    private const int PruneLimit = 100;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions());

    /// <summary>Starts a session of the agent; returns the token the cookie carries (never stored) and the session.</summary>
    public async Task<(string Token, SessionRow Session)> StartAsync(
        AgentRow agent, string? userAgent, string? ip, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await store.PruneAsync(now, policy.IdleBefore(now), PruneLimit, cancellationToken);
        var token = SessionPolicy.NewToken();
        var session = new SessionRow(Guid.NewGuid(), agent.Username, agent.DisplayName, agent.Role, now, now, policy.ExpiresAt(now),
            SessionPolicy.Truncate(userAgent, SessionPolicy.UserAgentLength), SessionPolicy.Truncate(ip, SessionPolicy.IpLength));
        await store.CreateAsync(session, SessionPolicy.Hash(token), cancellationToken);
        return (token, session);
    }

    /// <summary>The live session of a cookie's token, its last use noted; null when there is none (never was, ended, or over).</summary>
    public async Task<SessionRow?> FindLiveAsync(string? token, CancellationToken cancellationToken)
    {
        if (!SessionPolicy.IsWellFormed(token))
            return null;
        var hash = SessionPolicy.Hash(token!);
        var key = Convert.ToHexString(hash);
        var now = clock.GetUtcNow();
        if (!_cache.TryGetValue(key, out SessionRow? session))
        {
            session = await store.FindAsync(hash, cancellationToken);
            if (session is null)
                return null;
            Remember(key, session);
        }
        if (!policy.IsLive(session!, now))
        {
            _cache.Remove(key);
            return null;
        }
        if (SessionPolicy.NeedsTouch(session!, now))
        {
            await store.TouchAsync(session!.Id, now, cancellationToken);
            session = session with { LastSeenAt = now };
            Remember(key, session);
        }
        return session;
    }

    public Task<IReadOnlyList<SessionRow>> ListAsync(string username, CancellationToken cancellationToken) =>
        store.ListAsync(username, cancellationToken);

    /// <summary>Ends the agent's session <paramref name="id"/>, or every session of the agent when null; returns how many ended.</summary>
    public async Task<int> EndAsync(string username, Guid? id, CancellationToken cancellationToken)
    {
        var ended = await store.EndAsync(username, id, cancellationToken);
        foreach (var hash in ended)
            _cache.Remove(Convert.ToHexString(hash));
        return ended.Count;
    }

    /// <summary>Forgets every session of the agent this instance cached (ended or changed on another instance).</summary>
    public void ForgetAgent(string username)
    {
        foreach (var key in _cache.Keys)
        {
            if (_cache.TryGetValue(key, out SessionRow? session) && session!.Username == username)
                _cache.Remove(key);
        }
    }

    /// <summary>Forgets every cached session (the notifications of changes may have been missed).</summary>
    public void ForgetAll() => _cache.Clear();

    private void Remember(string key, SessionRow session)
    {
        if (policy.CacheFor > TimeSpan.Zero)
            _cache.Set(key, session, policy.CacheFor);
    }

    public void Dispose() => _cache.Dispose();
}
