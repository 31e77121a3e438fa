namespace Sms.Contracts.Conversations;

/// <summary>
/// Event from Conversations, which owns the API clients: the whole list, every client revoked or not. Published on every
/// change, every minute, and in answer to <see cref="ApiClientsRequested"/>. Every instance of every service with an
/// HTTP API keeps the newest as its directory of keys (README, "API clients and scopes"); the list is small, so each
/// copy replaces the one before and a lost copy is repaired by the next.
/// </summary>
public sealed record ApiClientsChanged
{
    public required IReadOnlyList<ApiClientEntry> Clients { get; init; }

    /// <summary>When Conversations read the list: an instance keeps a copy only if it is newer than the one it holds.</summary>
    public required DateTimeOffset ListedAt { get; init; }
}

/// <summary>One API client as every service needs it to check a key; the secret itself is never sent anywhere.</summary>
public sealed record ApiClientEntry
{
    /// <summary>The id, also the middle part of the client's key (<c>sk_&lt;id&gt;_&lt;secret&gt;</c>).</summary>
    public required Guid Id { get; init; }

    public required string Name { get; init; }

    /// <summary>The scopes the client holds (<c>send</c>, <c>consent:read</c>, …).</summary>
    public required IReadOnlyList<string> Scopes { get; init; }

    /// <summary>SHA-256 of the secret part of the key, lower-case hex.</summary>
    public required string SecretHash { get; init; }

    /// <summary>Revoked clients stay in the list so a late copy of an older list cannot bring one back.</summary>
    public required bool Revoked { get; init; }
}

/// <summary>
/// Event from any service instance as it starts: it has no directory of API clients yet, and Conversations answers
/// with <see cref="ApiClientsChanged"/>.
/// </summary>
public sealed record ApiClientsRequested
{
    /// <summary>The asking instance, for the logs.</summary>
    public required string RequestedBy { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }
}

/// <summary>
/// Event from any service: a client's key was accepted. Each instance reports a client at most once per interval
/// (a minute), so this is when the key was last seen to within that; Conversations keeps the newest as last used.
/// </summary>
public sealed record ApiClientUsed
{
    public required Guid ClientId { get; init; }

    public required DateTimeOffset UsedAt { get; init; }
}
