using Sms.Contracts.Conversations;

namespace Sms.ServiceDefaults.Security;

/// <summary>
/// The API clients this instance knows (the newest <see cref="ApiClientsChanged"/> it received) and the decision for a
/// presented key: which client with which scopes, or a refusal. No I/O: the consumer feeds it, the authentication
/// handler asks it. A configuration key (<c>Api:Keys</c>, the bootstrap) holds every scope.
/// </summary>
public sealed class ApiClientDirectory
{
    private sealed record Snapshot(DateTimeOffset ListedAt, IReadOnlyDictionary<Guid, ApiClientEntry> Clients);

    private Snapshot? current;

    /// <summary>True once a list has arrived (until then only the bootstrap keys are accepted).</summary>
    public bool HasList => Volatile.Read(ref current) is not null;

    /// <summary>How many clients the list holds, revoked ones included.</summary>
    public int Count => Volatile.Read(ref current)?.Clients.Count ?? 0;

    /// <summary>Keeps <paramref name="list"/> unless the one held is newer; true when kept.</summary>
    public bool Replace(ApiClientsChanged list)
    {
        var next = new Snapshot(list.ListedAt, list.Clients.ToDictionary(c => c.Id));
        while (true)
        {
            var held = Volatile.Read(ref current);
            if (held is not null && held.ListedAt > list.ListedAt) return false;
            if (Interlocked.CompareExchange(ref current, next, held) == held) return true;
        }
    }

    /// <summary>Who <paramref name="presented"/> is: a client of the list, a bootstrap key, or nobody.</summary>
    public ApiKeyCheck Check(string presented, IEnumerable<string> bootstrapKeys)
    {
        if (ApiClientKey.TryParse(presented, out var id, out var secret)
            && Volatile.Read(ref current) is { } held && held.Clients.TryGetValue(id, out var client))
        {
            if (!ApiClientKey.Matches(secret, client.SecretHash)) return ApiKeyCheck.Unknown;
            return client.Revoked
                ? new ApiKeyCheck(ApiKeyOutcome.Revoked, client.Id, client.Name, new HashSet<string>())
                : new ApiKeyCheck(ApiKeyOutcome.Accepted, client.Id, client.Name,
                    client.Scopes.Where(ApiScopes.IsKnown).ToHashSet(StringComparer.Ordinal));
        }
        return ApiKeyAuthentication.IsValid(presented, bootstrapKeys)
            ? new ApiKeyCheck(ApiKeyOutcome.Accepted, null, ApiKeyAuthenticationHandler.UserName, ApiScopes.All.ToHashSet(StringComparer.Ordinal))
            : ApiKeyCheck.Unknown;
    }
}

public enum ApiKeyOutcome
{
    Accepted,

    /// <summary>No client and no bootstrap key matches (a wrong secret counts as unknown).</summary>
    Unknown,

    /// <summary>The key of a revoked client.</summary>
    Revoked,
}

/// <summary>The decision on a key: <see cref="ClientId"/> is null for a bootstrap key.</summary>
public sealed record ApiKeyCheck(ApiKeyOutcome Outcome, Guid? ClientId, string Name, IReadOnlySet<string> Scopes)
{
    public static readonly ApiKeyCheck Unknown = new(ApiKeyOutcome.Unknown, null, "", new HashSet<string>());
}
