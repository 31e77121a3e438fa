using Sms.Contracts.Outbound;
using Sms.Outbound.Data;
using Sms.Outbound.Tests.Support;
using StackExchange.Redis;

namespace Sms.Outbound.Tests.Data;

/// <summary>The claim states in real Redis: reserved and in flight (with their time), sent, outcome unknown.</summary>
public class SendClaimsTests : OutboundFixture
{
    private static readonly DateTimeOffset TenAm = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private SendClaims ClaimsAt(DateTimeOffset now) => new(Redis, new FixedClock(now));

    private static SentRecord Sent(DateTimeOffset at) => new("vonage", "+447700900000", ["0A0000000000CLM1"], 1, SmsEncoding.Gsm7, at);

    private Task<RedisValue> StoredAsync(Guid messageId) => Redis.GetDatabase().StringGetAsync(SendClaims.Key(messageId));

    /// <summary>A claim this attempt holds and is about to call the carrier with, as the consumer does.</summary>
    private static async Task<SendClaim> CallingAsync(SendClaims claims, Guid messageId)
    {
        var claim = await claims.TryClaimAsync(messageId);
        Assert.That(await claims.MarkCallingAsync(claim), Is.True);
        return claim;
    }

    [Test]
    public async Task A_second_claim_finds_the_first_reserved_with_the_time_it_was_taken_until_it_calls_the_carrier()
    {
        var messageId = Guid.NewGuid();
        var claims = ClaimsAt(TenAm);

        var first = await claims.TryClaimAsync(messageId);
        var beforeCall = await ClaimsAt(TenAm.AddSeconds(20)).TryClaimAsync(messageId);
        await claims.MarkCallingAsync(first);
        var duringCall = await ClaimsAt(TenAm.AddSeconds(21)).TryClaimAsync(messageId);
        await claims.MarkNotCallingAsync(first);
        var afterCallSentNothing = await ClaimsAt(TenAm.AddSeconds(22)).TryClaimAsync(messageId);

        Assert.Multiple(async () =>
        {
            Assert.That(first.Acquired, Is.True);
            Assert.That(beforeCall.Acquired, Is.False);
            Assert.That(beforeCall.Existing!.Status, Is.EqualTo(ClaimStatus.Reserved));
            Assert.That(beforeCall.Existing.TakenAt, Is.EqualTo(TenAm));
            Assert.That(beforeCall.Existing.Value, Is.EqualTo(first.Reserved));
            Assert.That(duringCall.Existing!.Status, Is.EqualTo(ClaimStatus.InFlight));
            Assert.That(duringCall.Existing.TakenAt, Is.EqualTo(TenAm));
            Assert.That(duringCall.Existing.Value, Is.EqualTo(first.Token));
            Assert.That(afterCallSentNothing.Existing!.Status, Is.EqualTo(ClaimStatus.Reserved));
            Assert.That(await Redis.GetDatabase().KeyTimeToLiveAsync(SendClaims.Key(messageId)),
                Is.EqualTo(SendClaims.Lifetime).Within(TimeSpan.FromMinutes(1)));
        });
    }

    [Test]
    public async Task A_reserved_claim_taken_over_cannot_be_used_by_its_first_holder_to_call_the_carrier()
    {
        var messageId = Guid.NewGuid();
        var first = ClaimsAt(TenAm);
        var stopped = await first.TryClaimAsync(messageId);
        var later = ClaimsAt(TenAm.AddMinutes(2));
        var found = await later.TryClaimAsync(messageId);

        var taken = await later.TakeOverAsync(messageId, found.Existing!);
        var secondTakeOver = await later.TakeOverAsync(messageId, found.Existing!);

        Assert.Multiple(async () =>
        {
            Assert.That(taken, Is.Not.Null);
            Assert.That(taken!.Acquired, Is.True);
            Assert.That(secondTakeOver, Is.Null, "only the claim found can be taken over");
            Assert.That(await first.MarkCallingAsync(stopped), Is.False, "the first holder no longer owns the send");
            Assert.That(await first.ReleaseAsync(stopped), Is.False);
            Assert.That(await later.MarkCallingAsync(taken), Is.True);
            Assert.That((string?)await StoredAsync(messageId), Is.EqualTo(taken.Token));
            Assert.That(await Redis.GetDatabase().KeyTimeToLiveAsync(SendClaims.Key(messageId)), Is.GreaterThan(TimeSpan.FromDays(6)));
        });
    }

    [Test]
    public async Task A_claim_is_given_back_at_either_stage_by_its_holder_only()
    {
        var reservedId = Guid.NewGuid();
        var callingId = Guid.NewGuid();
        var claims = ClaimsAt(TenAm);
        var reserved = await claims.TryClaimAsync(reservedId);
        var calling = await CallingAsync(claims, callingId);

        var byOther = await claims.ReleaseAsync(reserved with { Token = SendClaims.InFlightValue(TenAm, Guid.NewGuid()) });
        var reservedReleased = await claims.ReleaseAsync(reserved);
        var callingReleased = await claims.ReleaseAsync(calling);

        Assert.Multiple(async () =>
        {
            Assert.That(byOther, Is.False);
            Assert.That(reservedReleased, Is.True);
            Assert.That(callingReleased, Is.True);
            Assert.That(await Redis.GetDatabase().KeyExistsAsync(SendClaims.Key(reservedId)), Is.False);
            Assert.That(await Redis.GetDatabase().KeyExistsAsync(SendClaims.Key(callingId)), Is.False);
        });
    }

    [Test]
    public async Task A_recorded_send_is_found_as_sent_and_keeps_the_claims_lifetime()
    {
        var messageId = Guid.NewGuid();
        var claims = ClaimsAt(TenAm);
        var claim = await CallingAsync(claims, messageId);

        var result = await claims.RecordSentAsync(claim, Sent(TenAm));
        var found = await claims.TryClaimAsync(messageId);

        Assert.Multiple(async () =>
        {
            Assert.That(result, Is.EqualTo(RecordSentResult.Recorded));
            Assert.That(found.Existing!.Status, Is.EqualTo(ClaimStatus.Sent));
            Assert.That(found.Existing.Sent!.ProviderMessageIds, Is.EqualTo(new[] { "0A0000000000CLM1" }));
            Assert.That(await Redis.GetDatabase().KeyTimeToLiveAsync(SendClaims.Key(messageId)), Is.GreaterThan(TimeSpan.FromDays(6)));
        });
    }

    [Test]
    public async Task A_claim_marked_unknown_is_found_with_its_reason_and_reports_a_retryable_failure()
    {
        var messageId = Guid.NewGuid();
        var claims = ClaimsAt(TenAm);
        var claim = await CallingAsync(claims, messageId);
        var record = new UnknownOutcomeRecord("vonage", "Outcome unknown: no answer within 10 s", TenAm.AddSeconds(10), claim.Token);

        var marked = await claims.MarkUnknownAsync(messageId, claim.Token, record);
        var found = await claims.TryClaimAsync(messageId);
        var request = new SendSms { MessageId = messageId, To = "+447700900501", Text = "Hello", Category = SmsCategory.Transactional };
        var failed = found.Existing!.Unknown!.ToEvent(request);

        Assert.Multiple(async () =>
        {
            Assert.That(marked, Is.True);
            Assert.That(found.Existing.Status, Is.EqualTo(ClaimStatus.OutcomeUnknown));
            Assert.That((string?)await StoredAsync(messageId), Does.StartWith("unknown:"));
            Assert.That(failed.Retryable, Is.True);
            Assert.That(failed.ErrorCode, Is.Null);
            Assert.That(failed.Reason, Is.EqualTo("Outcome unknown: no answer within 10 s"));
            Assert.That(failed.FailedAt, Is.EqualTo(TenAm.AddSeconds(10)));
        });
    }

    [Test]
    public async Task Marking_unknown_changes_nothing_when_the_claim_is_no_longer_the_one_found()
    {
        var messageId = Guid.NewGuid();
        var claims = ClaimsAt(TenAm);
        var claim = await CallingAsync(claims, messageId);
        await claims.RecordSentAsync(claim, Sent(TenAm));

        var marked = await claims.MarkUnknownAsync(messageId, claim.Token, new UnknownOutcomeRecord("vonage", "late", TenAm, claim.Token));

        Assert.Multiple(async () =>
        {
            Assert.That(marked, Is.False);
            Assert.That((string?)await StoredAsync(messageId), Does.StartWith("sent:"), "a claim finished as sent stays sent");
        });
    }

    [Test]
    public async Task A_sender_whose_answer_comes_after_its_claim_was_marked_unknown_still_records_the_send()
    {
        var messageId = Guid.NewGuid();
        var slow = ClaimsAt(TenAm);
        var claim = await CallingAsync(slow, messageId);
        var found = await ClaimsAt(TenAm.AddMinutes(5)).TryClaimAsync(messageId);
        await slow.MarkUnknownAsync(messageId, found.Existing!.Value, new UnknownOutcomeRecord("vonage", "stopped", TenAm.AddMinutes(5), found.Existing.Value));

        var result = await slow.RecordSentAsync(claim, Sent(TenAm.AddMinutes(6)));
        var other = await slow.RecordSentAsync(claim with { Token = SendClaims.InFlightValue(TenAm, Guid.NewGuid()) }, Sent(TenAm));

        Assert.Multiple(async () =>
        {
            Assert.That(result, Is.EqualTo(RecordSentResult.RecordedOverUnknown));
            Assert.That(other, Is.EqualTo(RecordSentResult.NotOurs));
            Assert.That((await slow.TryClaimAsync(messageId)).Existing!.Status, Is.EqualTo(ClaimStatus.Sent));
        });
    }

    [Test]
    public void A_claim_written_before_claims_carried_a_time_is_dated_from_its_remaining_lifetime()
    {
        var found = SendClaims.Parse("claimed:0f8fad5bd9cb469fa16570867728950e", SendClaims.Lifetime - TimeSpan.FromMinutes(3), TenAm);

        Assert.Multiple(() =>
        {
            Assert.That(found.Status, Is.EqualTo(ClaimStatus.InFlight));
            Assert.That(found.TakenAt, Is.EqualTo(TenAm.AddMinutes(-3)));
        });
    }

    [TestCase("sent:{not json")]
    [TestCase("unknown:[]")]
    [TestCase("something else")]
    public void An_unreadable_claim_counts_as_in_flight_with_no_known_time(string value)
    {
        var found = SendClaims.Parse(value, TimeSpan.FromDays(1), TenAm);

        Assert.Multiple(() =>
        {
            Assert.That(found.Status, Is.EqualTo(ClaimStatus.InFlight));
            Assert.That(found.TakenAt, Is.Null);
            Assert.That(found.Value, Is.EqualTo(value));
        });
    }
}
