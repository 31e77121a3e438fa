namespace Sms.Ingress.Inbound;

/// <summary>Whether the Redis the ingress remembers published messages in keeps them across its own restart.</summary>
public enum RedisPersistenceVerdict
{
    /// <summary>Append-only persistence is on: every claim written is on disk within a second.</summary>
    AppendOnly,

    /// <summary>
    /// Append-only persistence is off: a Redis restart loses the claims written since its last snapshot (all of them
    /// without snapshots), and a carrier's retry of a message published before is published again.
    /// </summary>
    NotPersistent,

    /// <summary>Redis refused both <c>CONFIG GET</c> and <c>INFO persistence</c> (a managed service, an ACL): not known.</summary>
    Unknown,
}

/// <summary>
/// Decides from Redis's own answers whether it persists what the ingress writes ("the same provider message id
/// published once … surviving restarts of Redis"). Pure: the answers are given.
/// </summary>
public static class RedisPersistence
{
    /// <param name="appendOnlySetting">The value of <c>CONFIG GET appendonly</c> (<c>yes</c>/<c>no</c>); null when CONFIG was refused.</param>
    /// <param name="persistenceInfo">The text of <c>INFO persistence</c>; null when not asked or refused.</param>
    public static RedisPersistenceVerdict Decide(string? appendOnlySetting, string? persistenceInfo)
    {
        if (appendOnlySetting is not null)
        {
            return string.Equals(appendOnlySetting.Trim(), "yes", StringComparison.OrdinalIgnoreCase)
                ? RedisPersistenceVerdict.AppendOnly
                : RedisPersistenceVerdict.NotPersistent;
        }

        foreach (var line in (persistenceInfo ?? "").Split('\n'))
        {
            var field = line.Trim();
            if (field.StartsWith("aof_enabled:", StringComparison.Ordinal))
                return field["aof_enabled:".Length..] == "1" ? RedisPersistenceVerdict.AppendOnly : RedisPersistenceVerdict.NotPersistent;
        }
        return RedisPersistenceVerdict.Unknown;
    }

    /// <summary>What to tell the operator (log and readiness); null when nothing is wrong.</summary>
    public static string? Warning(this RedisPersistenceVerdict verdict) => verdict switch
    {
        RedisPersistenceVerdict.NotPersistent =>
            "Redis runs without append-only persistence (appendonly no): after a Redis restart the ingress forgets which " +
            "carrier messages it published, and a carrier's retry of one is published again. Set 'appendonly yes' in " +
            "Redis's configuration (deploy/scripts/servers.sh switches it on for a local Redis).",
        RedisPersistenceVerdict.Unknown =>
            "Redis refused CONFIG GET and INFO persistence, so whether it keeps the ingress's published-message keys across " +
            "its restart is not known: make sure it runs with append-only persistence (appendonly yes).",
        _ => null,
    };
}
