using System.Globalization;
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

/// <summary>
/// A send whose outcome is unknown: the request may have reached the carrier, so it is not sent again. Kept so a
/// redelivered request reports the same <see cref="SmsSendFailed"/> again. <paramref name="ClaimToken"/> is the
/// in-flight claim it replaced, so that sender can still record its send if its answer comes after all.
/// </summary>
public sealed record UnknownOutcomeRecord(string Provider, string Reason, DateTimeOffset At, string ClaimToken)
{
    public SmsSendFailed ToEvent(SendSms request) => new()
    {
        Request = request,
        Provider = Provider,
        ErrorCode = null,
        Reason = Reason,
        Retryable = true,
        OutcomeUnknown = true,
        FailedAt = At,
    };
}

/// <summary>Where a message id's claim stands.</summary>
public enum ClaimStatus
{
    /// <summary>An attempt holds it and may be calling the carrier right now (or stopped while it did).</summary>
    InFlight,

    /// <summary>The carrier accepted the message; its <see cref="SentRecord"/> is kept.</summary>
    Sent,

    /// <summary>The message may or may not have been sent; <see cref="SmsSendFailed"/> said so and it is never sent again automatically.</summary>
    OutcomeUnknown,
}

/// <summary>
/// A claim some attempt already holds. <see cref="Value"/> is the stored value, used to change it only if nobody else
/// did meanwhile. <see cref="TakenAt"/>: when an in-flight claim was taken; null when that cannot be told.
/// </summary>
public sealed record ExistingClaim(
    ClaimStatus Status, string Value, DateTimeOffset? TakenAt = null, SentRecord? Sent = null, UnknownOutcomeRecord? Unknown = null);

/// <summary>The outcome of trying to claim a message id: this attempt's claim, or the one it found.</summary>
public sealed record SendClaim(Guid MessageId, string Token, bool Acquired, ExistingClaim? Existing);

/// <summary>What <see cref="SendClaims.RecordSentAsync"/> found.</summary>
public enum RecordSentResult
{
    /// <summary>The claim was this attempt's and now records the send.</summary>
    Recorded,

    /// <summary>
    /// The claim had been marked "outcome unknown" (this attempt took longer than a send may take), and now records
    /// the send after all.
    /// </summary>
    RecordedOverUnknown,

    /// <summary>The claim is no longer this attempt's (it expired, or another attempt owns it); nothing changed.</summary>
    NotOurs,
}

/// <summary>
/// One claim per message id in Redis (<c>sms:outbound:sent:{messageId}</c>, 7 days), taken with <c>SET NX</c> before
/// the carrier is called, so a redelivered or duplicated SmsApproved never reaches the carrier twice. The value says
/// where the send stands:
/// <list type="bullet">
/// <item><c>claimed:{unix ms}:{attempt}</c>: in flight since that time (older claims have no time: their age is read
/// from the key's remaining lifetime);</item>
/// <item><c>sent:{json}</c>: the carrier accepted it (<see cref="SentRecord"/>);</item>
/// <item><c>unknown:{json}</c>: it may or may not have been sent (<see cref="UnknownOutcomeRecord"/>).</item>
/// </list>
/// </summary>
public sealed class SendClaims(IConnectionMultiplexer redis, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    private const string ClaimedPrefix = "claimed:";
    private const string SentPrefix = "sent:";
    private const string UnknownPrefix = "unknown:";

    /// <summary>
    /// Records the send if the value is still this attempt's claim, or an "unknown" record that replaced it (whose
    /// JSON holds the claim token). 1: recorded; 2: recorded over "unknown"; 0: not ours.
    /// </summary>
    private static readonly LuaScript RecordSentScript = LuaScript.Prepare("""
        local value = redis.call('GET', @key)
        if value == @token then
          redis.call('SET', @key, @record, 'KEEPTTL')
          return 1
        end
        if value and string.sub(value, 1, 8) == 'unknown:' and string.find(value, @token, 1, true) then
          redis.call('SET', @key, @record, 'KEEPTTL')
          return 2
        end
        return 0
        """);

    public static string Key(Guid messageId) => $"sms:outbound:sent:{messageId}";

    /// <summary>The value of an in-flight claim taken at <paramref name="takenAt"/> by the attempt <paramref name="attempt"/>.</summary>
    public static string InFlightValue(DateTimeOffset takenAt, Guid attempt) =>
        $"{ClaimedPrefix}{takenAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}:{attempt:N}";

    public async Task<SendClaim> TryClaimAsync(Guid messageId)
    {
        var database = redis.GetDatabase();
        var takenAt = clock.GetUtcNow();
        var token = InFlightValue(takenAt, Guid.NewGuid());
        // Twice: the claim found may be released (nothing sent) between our SET and GET.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (await database.StringSetAsync(Key(messageId), token, Lifetime, When.NotExists))
                return new SendClaim(messageId, token, Acquired: true, Existing: null);

            var existing = await database.StringGetWithExpiryAsync(Key(messageId));
            if (!existing.Value.IsNull)
            {
                return new SendClaim(messageId, token, Acquired: false, Parse(existing.Value.ToString(), existing.Expiry));
            }
        }
        // Released and taken again in between: some attempt holds it right now.
        return new SendClaim(messageId, token, Acquired: false, new ExistingClaim(ClaimStatus.InFlight, "", takenAt));
    }

    /// <summary>Gives the id back (nothing was sent), only if this attempt still holds it.</summary>
    public Task<bool> ReleaseAsync(SendClaim claim) =>
        redis.GetDatabase().LockReleaseAsync(Key(claim.MessageId), claim.Token);

    /// <summary>
    /// Replaces this attempt's token with the send it made, keeping the claim's expiry; also when the claim had been
    /// marked "outcome unknown" meanwhile (the send is known now).
    /// </summary>
    public async Task<RecordSentResult> RecordSentAsync(SendClaim claim, SentRecord record)
    {
        var result = (int)await redis.GetDatabase().ScriptEvaluateAsync(RecordSentScript, new
        {
            key = (RedisKey)Key(claim.MessageId),
            token = claim.Token,
            record = SentPrefix + JsonSerializer.Serialize(record),
        });
        return result switch
        {
            1 => RecordSentResult.Recorded,
            2 => RecordSentResult.RecordedOverUnknown,
            _ => RecordSentResult.NotOurs,
        };
    }

    /// <summary>
    /// Marks the claim "outcome unknown", only if its value is still <paramref name="expectedValue"/> (this attempt's
    /// token, or the stale claim another attempt left), keeping the claim's expiry. False: someone changed it first.
    /// </summary>
    public async Task<bool> MarkUnknownAsync(Guid messageId, string expectedValue, UnknownOutcomeRecord record)
    {
        var transaction = redis.GetDatabase().CreateTransaction();
        transaction.AddCondition(Condition.StringEqual(Key(messageId), expectedValue));
        _ = transaction.StringSetAsync(Key(messageId), UnknownPrefix + JsonSerializer.Serialize(record), null, keepTtl: true);
        return await transaction.ExecuteAsync();
    }

    /// <summary>
    /// Reads a stored claim. An in-flight claim without a readable time (written before claims carried one) is dated
    /// from its remaining lifetime; a record that cannot be read counts as in flight with no known time, so it is
    /// treated as stale rather than trusted.
    /// </summary>
    public static ExistingClaim Parse(string value, TimeSpan? timeToLive, DateTimeOffset now)
    {
        if (value.StartsWith(SentPrefix, StringComparison.Ordinal)
            && TryRead<SentRecord>(value.AsSpan(SentPrefix.Length)) is { } sent)
        {
            return new ExistingClaim(ClaimStatus.Sent, value, Sent: sent);
        }
        if (value.StartsWith(UnknownPrefix, StringComparison.Ordinal)
            && TryRead<UnknownOutcomeRecord>(value.AsSpan(UnknownPrefix.Length)) is { } unknown)
        {
            return new ExistingClaim(ClaimStatus.OutcomeUnknown, value, Unknown: unknown);
        }
        if (value.StartsWith(ClaimedPrefix, StringComparison.Ordinal))
        {
            var rest = value.AsSpan(ClaimedPrefix.Length);
            var separator = rest.IndexOf(':');
            if (separator > 0 && long.TryParse(rest[..separator], NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
                return new ExistingClaim(ClaimStatus.InFlight, value, DateTimeOffset.FromUnixTimeMilliseconds(milliseconds));
            return new ExistingClaim(ClaimStatus.InFlight, value, timeToLive is { } left ? now - (Lifetime - left) : null);
        }
        return new ExistingClaim(ClaimStatus.InFlight, value, TakenAt: null);
    }

    private ExistingClaim Parse(string value, TimeSpan? timeToLive) => Parse(value, timeToLive, clock.GetUtcNow());

    private static T? TryRead<T>(ReadOnlySpan<char> json) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
