using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;
using Sms.Outbound.OptOuts;

namespace Sms.Outbound.Tests.OptOuts;

public class OptOutFenceTests
{
    private const string Number = "+447700900001";
    private static readonly DateTimeOffset OptedOutAt = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [TestCase(null, true, TestName = "No consent change seen: decided before the opt-out")]
    [TestCase(-60_000_000L, true, TestName = "An earlier change seen (e.g. an older opt-in)")]
    [TestCase(-1L, true, TestName = "A change one microsecond earlier")]
    [TestCase(0L, true, TestName = "A change at the same microsecond: cannot tell, withheld")]
    [TestCase(1L, false, TestName = "A change one microsecond later (an opt-in after the opt-out)")]
    [TestCase(3_600_000_000L, false, TestName = "An opt-in an hour later")]
    public void A_send_is_withheld_when_its_decision_did_not_see_the_confirmed_opt_out(long? seenMicrosecondsFromOptOut, bool withheld)
    {
        var seen = seenMicrosecondsFromOptOut is { } offset ? OptedOutAt.AddTicks(offset * TimeSpan.TicksPerMicrosecond) : (DateTimeOffset?)null;

        Assert.That(OptOutFence.Withholds(Guarded(seen), OptedOutAt), Is.EqualTo(withheld));
    }

    [Test]
    public void Without_a_confirmed_opt_out_no_send_is_withheld()
    {
        Assert.Multiple(() =>
        {
            Assert.That(OptOutFence.Withholds(Guarded(null), null), Is.False);
            Assert.That(OptOutFence.Withholds(Guarded(OptedOutAt), null), Is.False);
        });
    }

    [Test]
    public void Times_compare_at_the_ledger_s_microseconds_so_ticks_below_them_do_not_let_a_send_through() =>
        Assert.That(OptOutFence.Withholds(Guarded(OptedOutAt.AddTicks(9)), OptedOutAt), Is.True);

    [Test]
    public void A_time_survives_the_trip_through_redis_microseconds()
    {
        var at = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(12_345_670);

        Assert.That(OptOutFence.FromMicroseconds(OptOutFence.Microseconds(at)), Is.EqualTo(at));
    }

    [Test]
    public void A_send_decided_on_consent_is_guarded_in_its_scope_for_its_recipient_in_E164()
    {
        var approved = Approved("447700900001") with
        {
            DecidedOn = new ConsentBasis { Scope = "brand-a", LatestChangeAt = OptedOutAt },
        };

        Assert.That(OptOutFence.For(approved), Is.EqualTo(new SendFence.Guarded("brand-a", Number, OptedOutAt)));
    }

    [Test]
    public void The_confirmation_of_an_opt_out_is_fenced_by_that_opt_out()
    {
        var approved = Approved(Number, SmsCategory.Compliance, SmsOrigin.Compliance) with
        {
            ConfirmsOptOut = new ConfirmedOptOut { Scope = "brand-a", Number = Number, OptedOutAt = OptedOutAt },
        };

        Assert.That(OptOutFence.For(approved), Is.EqualTo(new SendFence.Confirmation("brand-a", Number, OptedOutAt)));
    }

    [Test]
    public void A_reply_decided_without_consent_and_an_approval_without_the_fields_are_not_held()
    {
        Assert.Multiple(() =>
        {
            Assert.That(OptOutFence.For(Approved(Number, SmsCategory.Compliance, SmsOrigin.Compliance)), Is.Null, "e.g. the HELP reply");
            Assert.That(OptOutFence.For(Approved(Number)), Is.Null, "from a Compliance that predates the fields");
        });
    }

    [Test]
    public void The_reason_starts_with_the_code_and_names_neither_number_nor_text()
    {
        var reason = OptOutFence.WithheldReason(Guarded(null), OptedOutAt);

        Assert.Multiple(() =>
        {
            Assert.That(reason, Does.StartWith("opted_out_after_approval: "));
            Assert.That(reason, Does.Contain("brand-a").And.Contain("2026-03-01 12:00:00.000000Z"));
            Assert.That(reason, Does.Not.Contain("7700900001"));
        });
    }

    private static SendFence.Guarded Guarded(DateTimeOffset? seen) => new("brand-a", Number, seen);

    private static SmsApproved Approved(string to, SmsCategory category = SmsCategory.Transactional, SmsOrigin origin = SmsOrigin.Upstream) => new()
    {
        Request = new SendSms
        {
            MessageId = Guid.NewGuid(),
            To = to,
            Text = "Your parcel arrives tomorrow.",
            Category = category,
            Origin = origin,
        },
        ApprovedAt = OptedOutAt.AddMinutes(-1),
    };
}
