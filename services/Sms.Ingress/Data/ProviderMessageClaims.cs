using Microsoft.Extensions.Options;
using Sms.Ingress.Extensions;
using StackExchange.Redis;

namespace Sms.Ingress.Data;

/// <summary>What a claim on a provider message id found.</summary>
public enum ClaimOutcome
{
    /// <summary>This request holds the claim and must publish, then <see cref="ProviderMessageClaims.MarkPublishedAsync"/> or <see cref="ProviderMessageClaims.ReleaseAsync"/>.</summary>
    Claimed,

    /// <summary>The message was published before: answer 2xx and publish nothing.</summary>
    AlreadyPublished,

    /// <summary>Another request is publishing it right now: answer 503; the provider's retry finds it published (or the claim lapsed).</summary>
    InProgress,
}

/// <summary>A claim held by one request: the key and the token only its holder knows.</summary>
public sealed record ProviderMessageClaim(RedisKey Key, string Token);

/// <summary>
/// "Publish each provider message once", held in Redis under <c>{prefix}seen:{provider}:{messageId}</c>, so it holds
/// across every ingress instance and restart (and, with Redis's append-only file, across Redis restarts).
/// </summary>
/// <remarks>
/// <para>A claim has two states. <c>SET NX</c> takes it as <c>publishing:{token}</c> with a short time to live
/// (<see cref="IngressOptions.PublishingClaimTimeToLive"/>, longer than the publish timeout); once the broker confirmed
/// the publish it becomes <c>published</c> with the long time to live (<see cref="IngressOptions.SeenTimeToLive"/>,
/// 48 hours by default, beyond Vonage's 24 hours of retries). A failed publish deletes the claim (only if it is still
/// ours) and the request is answered 503, so the retry can publish.</para>
/// <para>Why two states rather than one long claim: a process that dies between the claim and the publish leaves a
/// claim behind. A long claim would turn every retry into a "duplicate" and the message would be lost for good; the
/// short "publishing" claim lapses on its own and the provider's next retry (the dead process never answered 2xx)
/// publishes it. A retry that meets a live "publishing" claim is answered 503, not 2xx: the other request may yet fail.</para>
/// <para>The remaining window is a process dying after the broker confirmed but before <c>published</c> was written:
/// the provider retries and the message is published a second time with the same <c>MessageId</c> (derived from the
/// provider's id), which every consumer de-duplicates on. At-least-once with stable ids, never zero times.</para>
/// <para>Redis unavailable: the caller answers 503 rather than publish unchecked. Publishing without the check would
/// double every message Vonage retries; refusing only delays it, as Vonage retries 5xx for 24 hours.</para>
/// </remarks>
public sealed class ProviderMessageClaims(IConnectionMultiplexer redis, IOptions<IngressOptions> options)
{
    public const string Published = "published";
    private const string PublishingPrefix = "publishing:";

    // Delete the claim only while it is still this request's: a claim that lapsed and was taken by another request stays.
    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    public RedisKey KeyFor(string provider, string providerMessageId) =>
        $"{options.Value.RedisKeyPrefix}seen:{provider}:{providerMessageId}";

    /// <exception cref="RedisException">Redis did not answer (also <see cref="RedisTimeoutException"/>).</exception>
    public async Task<(ClaimOutcome Outcome, ProviderMessageClaim? Claim)> TryClaimAsync(string provider, string providerMessageId)
    {
        var key = KeyFor(provider, providerMessageId);
        var token = PublishingPrefix + Guid.NewGuid().ToString("N");
        var db = redis.GetDatabase();
        if (await db.StringSetAsync(key, token, options.Value.PublishingClaimTimeToLive, When.NotExists))
            return (ClaimOutcome.Claimed, new ProviderMessageClaim(key, token));

        var current = await db.StringGetAsync(key);
        return current == Published ? (ClaimOutcome.AlreadyPublished, null) : (ClaimOutcome.InProgress, null);
    }

    /// <summary>Whether the provider message was published (a late retry of something already done).</summary>
    public async Task<bool> IsPublishedAsync(string provider, string providerMessageId) =>
        await redis.GetDatabase().StringGetAsync(KeyFor(provider, providerMessageId)) == Published;

    /// <summary>Remembers the message as published for <see cref="IngressOptions.SeenTimeToLive"/>.</summary>
    public Task MarkPublishedAsync(ProviderMessageClaim claim) => MarkPublishedAsync(claim.Key);

    public Task MarkPublishedAsync(RedisKey key) =>
        redis.GetDatabase().StringSetAsync(key, Published, options.Value.SeenTimeToLive);

    /// <summary>Gives the claim up after a failed publish, so the provider's retry can publish.</summary>
    public Task ReleaseAsync(ProviderMessageClaim claim) =>
        redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [claim.Key], [claim.Token]);
}
