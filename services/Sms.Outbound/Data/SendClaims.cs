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
    /// <summary>
    /// An attempt holds it and has not called the carrier (it waits for a send slot or the opt-out fence, or it stopped
    /// before the call, e.g. when Redis failed and the claim could not be given back): nothing was sent.
    /// </summary>
    Reserved,

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

/// <summary>
/// The outcome of trying to claim a message id: this attempt's claim, or the one it found. <see cref="Token"/> is the
/// claim's value while this attempt calls the carrier (<c>claimed:…</c>); <see cref="Reserved"/> its value before.
/// </summary>
public sealed record SendClaim(Guid MessageId, string Token, bool Acquired, ExistingClaim? Existing)
{
    /// <summary>The claim's value while this attempt has not called the carrier (<c>reserved:…</c>, same time and attempt).</summary>
    public string Reserved => SendClaims.ReservedValueOf(Token);
}

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
/// <item><c>reserved:{unix ms}:{attempt}</c>: taken at that time, the carrier not called yet; the attempt turns it into
/// <c>claimed:</c> (<see cref="MarkCallingAsync"/>) right before each carrier call and back when the call sent nothing
/// (<see cref="MarkNotCallingAsync"/>). An attempt that stopped while its claim said <c>reserved:</c> sent nothing, so a
/// redelivery may take the claim over (<see cref="TakeOverAsync"/>) and send;</item>
/// <item><c>claimed:{unix ms}:{attempt}</c>: in flight since that time (older claims have no time: their age is read
/// from the key's remaining lifetime);</item>
/// <item><c>sent:{json}</c>: the carrier accepted it (<see cref="SentRecord"/>);</item>
/// <item><c>unknown:{json}</c>: it may or may not have been sent (<see cref="UnknownOutcomeRecord"/>).</item>
/// </list>
/// </summary>
public sealed class SendClaims(IConnectionMultiplexer redis, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    private const string ReservedPrefix = "reserved:";
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

    /// <summary>Swaps the value ARGV[1] for ARGV[2], keeping the expiry; 1 when the value is ARGV[2] afterwards, 0 when it was neither.</summary>
    private static readonly LuaScript SwapScript = LuaScript.Prepare("""
        local value = redis.call('GET', @key)
        if value == @from then
          redis.call('SET', @key, @to, 'KEEPTTL')
          return 1
        end
        if value == @to then return 1 end
        return 0
        """);

    /// <summary>Deletes the key if its value is either of this attempt's two values; 1 when deleted.</summary>
    private static readonly LuaScript ReleaseScript = LuaScript.Prepare("""
        local value = redis.call('GET', @key)
        if value == @reserved or value == @token then
          redis.call('DEL', @key)
          return 1
        end
        return 0
        """);

    public static string Key(Guid messageId) => $"sms:outbound:sent:{messageId}";

    /// <summary>The value of an in-flight claim taken at <paramref name="takenAt"/> by the attempt <paramref name="attempt"/>.</summary>
    public static string InFlightValue(DateTimeOffset takenAt, Guid attempt) =>
        $"{ClaimedPrefix}{takenAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}:{attempt:N}";

    /// <summary>The <c>reserved:</c> value of the attempt whose in-flight value is <paramref name="inFlightValue"/>.</summary>
    public static string ReservedValueOf(string inFlightValue) =>
        inFlightValue.StartsWith(ClaimedPrefix, StringComparison.Ordinal) ? ReservedPrefix + inFlightValue[ClaimedPrefix.Length..] : "";

    /// <summary>Claims the id for this attempt (<c>reserved:</c>), or returns the claim some attempt already holds.</summary>
    public async Task<SendClaim> TryClaimAsync(Guid messageId)
    {
        var database = redis.GetDatabase();
        var takenAt = clock.GetUtcNow();
        var claim = new SendClaim(messageId, InFlightValue(takenAt, Guid.NewGuid()), Acquired: true, Existing: null);
        // Twice: the claim found may be released (nothing sent) between our SET and GET.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (await database.StringSetAsync(Key(messageId), claim.Reserved, Lifetime, When.NotExists))
                return claim;

            var existing = await database.StringGetWithExpiryAsync(Key(messageId));
            if (!existing.Value.IsNull)
            {
                return claim with { Acquired = false, Existing = Parse(existing.Value.ToString(), existing.Expiry) };
            }
        }
        // Released and taken again in between: some attempt holds it right now.
        return claim with { Acquired = false, Existing = new ExistingClaim(ClaimStatus.InFlight, "", takenAt) };
    }

    /// <summary>
    /// Takes over a <c>reserved:</c> claim another attempt left (<paramref name="found"/>), only if it is still that
    /// value: that attempt never called the carrier, and if it is still running it finds the claim gone at its
    /// <see cref="MarkCallingAsync"/> and does not call. Null: the claim changed meanwhile.
    /// </summary>
    public async Task<SendClaim?> TakeOverAsync(Guid messageId, ExistingClaim found)
    {
        var claim = new SendClaim(messageId, InFlightValue(clock.GetUtcNow(), Guid.NewGuid()), Acquired: true, Existing: null);
        var transaction = redis.GetDatabase().CreateTransaction();
        transaction.AddCondition(Condition.StringEqual(Key(messageId), found.Value));
        _ = transaction.StringSetAsync(Key(messageId), claim.Reserved, null, keepTtl: true);
        return await transaction.ExecuteAsync() ? claim : null;
    }

    /// <summary>
    /// Says the carrier is about to be called (<c>reserved:</c> → <c>claimed:</c>). False: the claim is no longer this
    /// attempt's (taken over), and the carrier must not be called. Idempotent for the attempt's retries.
    /// </summary>
    public async Task<bool> MarkCallingAsync(SendClaim claim) =>
        (int)await redis.GetDatabase().ScriptEvaluateAsync(SwapScript,
            new { key = (RedisKey)Key(claim.MessageId), from = claim.Reserved, to = claim.Token }) == 1;

    /// <summary>Says a carrier call ended with nothing sent (<c>claimed:</c> → <c>reserved:</c>).</summary>
    public async Task<bool> MarkNotCallingAsync(SendClaim claim) =>
        (int)await redis.GetDatabase().ScriptEvaluateAsync(SwapScript,
            new { key = (RedisKey)Key(claim.MessageId), from = claim.Token, to = claim.Reserved }) == 1;

    /// <summary>Gives the id back (nothing was sent), only if this attempt still holds it, at either stage.</summary>
    public async Task<bool> ReleaseAsync(SendClaim claim) =>
        (int)await redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript,
            new { key = (RedisKey)Key(claim.MessageId), reserved = claim.Reserved, token = claim.Token }) == 1;

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
        if (value.StartsWith(ReservedPrefix, StringComparison.Ordinal))
            return new ExistingClaim(ClaimStatus.Reserved, value, TakenAtOf(value.AsSpan(ReservedPrefix.Length)));
        if (value.StartsWith(ClaimedPrefix, StringComparison.Ordinal))
        {
            return new ExistingClaim(ClaimStatus.InFlight, value,
                TakenAtOf(value.AsSpan(ClaimedPrefix.Length)) ?? (timeToLive is { } left ? now - (Lifetime - left) : null));
        }
        return new ExistingClaim(ClaimStatus.InFlight, value, TakenAt: null);
    }

    /// <summary>The time in <c>{unix ms}:{attempt}</c>; null when it cannot be read.</summary>
    private static DateTimeOffset? TakenAtOf(ReadOnlySpan<char> rest)
    {
        var separator = rest.IndexOf(':');
        return separator > 0 && long.TryParse(rest[..separator], NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
            : null;
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
