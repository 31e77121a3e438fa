using System.Text.Json;
using Sms.Contracts.Outbound;
using StackExchange.Redis;

namespace Sms.Outbound.Data;

/// <summary>What a successful send produced, kept so a redelivered request can report it again without sending.</summary>
public sealed record SentRecord(
    string Provider, string From, IReadOnlyList<string> ProviderMessageIds, int SegmentCount, SmsEncoding Encoding, DateTimeOffset SentAt)
{
    public SmsSent ToEvent(SendSms request) => new()
    {
        Request = request,
        From = From,
        Provider = Provider,
        ProviderMessageIds = ProviderMessageIds,
        SegmentCount = SegmentCount,
        Encoding = Encoding,
        SentAt = SentAt,
    };
}

/// <summary>The outcome of trying to claim a message id. <see cref="AlreadySent"/> is set when an earlier attempt recorded its send.</summary>
public sealed record SendClaim(Guid MessageId, string Token, bool Acquired, SentRecord? AlreadySent);

/// <summary>
/// One claim per message id in Redis (<c>sms:outbound:sent:{messageId}</c>, 7 days), taken with <c>SET NX</c> before
/// the carrier is called, so a redelivered or duplicated SmsApproved never reaches the carrier twice. The value is the
/// claiming attempt's token while it runs, then the recorded send (<c>sent:{json}</c>) once the carrier accepted it.
/// </summary>
public sealed class SendClaims(IConnectionMultiplexer redis)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    private const string SentPrefix = "sent:";

    public static string Key(Guid messageId) => $"sms:outbound:sent:{messageId}";

    public async Task<SendClaim> TryClaimAsync(Guid messageId)
    {
        var database = redis.GetDatabase();
        var token = "claimed:" + Guid.NewGuid().ToString("N");
        if (await database.StringSetAsync(Key(messageId), token, Lifetime, When.NotExists))
            return new SendClaim(messageId, token, Acquired: true, AlreadySent: null);

        var existing = await database.StringGetAsync(Key(messageId));
        return new SendClaim(messageId, token, Acquired: false, AlreadySent: ParseSent(existing));
    }

    /// <summary>Gives the id back (nothing was sent), only if this attempt still holds it.</summary>
    public Task<bool> ReleaseAsync(SendClaim claim) =>
        redis.GetDatabase().LockReleaseAsync(Key(claim.MessageId), claim.Token);

    /// <summary>Replaces this attempt's token with the send it made, keeping the claim's expiry.</summary>
    public async Task<bool> RecordSentAsync(SendClaim claim, SentRecord record)
    {
        var transaction = redis.GetDatabase().CreateTransaction();
        transaction.AddCondition(Condition.StringEqual(Key(claim.MessageId), claim.Token));
        _ = transaction.StringSetAsync(Key(claim.MessageId), SentPrefix + JsonSerializer.Serialize(record), null, keepTtl: true);
        return await transaction.ExecuteAsync();
    }

    private static SentRecord? ParseSent(RedisValue value)
    {
        var text = value.IsNullOrEmpty ? null : value.ToString();
        if (text is null || !text.StartsWith(SentPrefix, StringComparison.Ordinal)) return null;
        try
        {
            return JsonSerializer.Deserialize<SentRecord>(text.AsSpan(SentPrefix.Length));
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
