using Sms.Contracts.Outbound;
using Sms.Outbound.Data;
using Sms.Outbound.Tests.Support;
using StackExchange.Redis;

namespace Sms.Outbound.Tests.Data;

/// <summary>The claim states in real Redis: in flight (with its time), sent, outcome unknown.</summary>
public class SendClaimsTests : OutboundFixture
{
    private static readonly DateTimeOffset TenAm = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private SendClaims ClaimsAt(DateTimeOffset now) => new(Redis, new FixedClock(now));

    private static SentRecord Sent(DateTimeOffset at) => new("vonage", "+447700900000", ["0A0000000000CLM1"], 1, SmsEncoding.Gsm7, at);

    private Task<RedisValue> StoredAsync(Guid messageId) => Redis.GetDatabase().StringGetAsync(SendClaims.Key(messageId));

    [Test]
    public async Task A_second_claim_finds_the_first_in_flight_with_the_time_it_was_taken()
    {
        var messageId = Guid.NewGuid();

        var first = await ClaimsAt(TenAm).TryClaimAsync(messageId);
        var second = await ClaimsAt(TenAm.AddSeconds(20)).TryClaimAsync(messageId);

        Assert.Multiple(async () =>
        {
            Assert.That(first.Acquired, Is.True);
            Assert.That(second.Acquired, Is.False);
            Assert.That(second.Existing!.Status, Is.EqualTo(ClaimStatus.InFlight));
            Assert.That(second.Existing.TakenAt, Is.EqualTo(TenAm));
            Assert.That(second.Existing.Value, Is.EqualTo(first.Token));
            Assert.That(await Redis.GetDatabase().KeyTimeToLiveAsync(SendClaims.Key(messageId)),
                Is.EqualTo(SendClaims.Lifetime).Within(TimeSpan.FromMinutes(1)));
        });
    }

    [Test]
    public async Task A_recorded_send_is_found_as_sent_and_keeps_the_claims_lifetime()
    {
        var messageId = Guid.NewGuid();
        var claims = ClaimsAt(TenAm);
        var claim = await claims.TryClaimAsync(messageId);

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
        var claim = await claims.TryClaimAsync(messageId);
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
        var claim = await claims.TryClaimAsync(messageId);
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
        var claim = await slow.TryClaimAsync(messageId);
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
