using Sms.Compliance.Consent;
using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;

namespace Sms.Compliance.Tests.Consent;

public class ApprovalConsentTests
{
    private const string Number = "+447700900001";
    private static readonly Guid Stop = Guid.NewGuid();
    private static readonly DateTimeOffset OptedOutAt = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void A_send_decided_on_consent_names_its_scope_and_the_latest_change_it_saw()
    {
        var optIn = Change(ConsentKind.OptIn, evidence: null);

        Assert.Multiple(() =>
        {
            Assert.That(ApprovalConsent.Basis(ConsentState.FromHistory(Number, "brand-a", [optIn])),
                Is.EqualTo(new ConsentBasis { Scope = "brand-a", LatestChangeAt = OptedOutAt }));
            Assert.That(ApprovalConsent.Basis(ConsentState.FromHistory(Number, "brand-a", [])),
                Is.EqualTo(new ConsentBasis { Scope = "brand-a", LatestChangeAt = null }), "no change recorded");
            Assert.That(ApprovalConsent.Basis(null), Is.Null, "consent not consulted");
        });
    }

    [Test]
    public void The_reply_to_the_message_that_opted_the_number_out_confirms_that_opt_out()
    {
        var confirms = ApprovalConsent.Confirms(Reply(), Change(ConsentKind.OptOut, Stop));

        Assert.That(confirms, Is.EqualTo(new ConfirmedOptOut { Scope = "brand-a", Number = Number, OptedOutAt = OptedOutAt }));
        Assert.That(ApprovalConsent.MayConfirm(Reply()), Is.True);
    }

    [Test]
    public void The_reply_to_an_opt_in_confirms_no_opt_out() =>
        Assert.That(ApprovalConsent.Confirms(Reply(), Change(ConsentKind.OptIn, Stop)), Is.Null);

    [Test]
    public void A_reply_to_a_message_that_changed_no_consent_confirms_nothing() =>
        Assert.That(ApprovalConsent.Confirms(Reply(), answered: null), Is.Null);

    [Test]
    public void An_opt_out_caused_by_another_message_or_of_another_number_is_not_confirmed()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ApprovalConsent.Confirms(Reply(), Change(ConsentKind.OptOut, Guid.NewGuid())), Is.Null);
            Assert.That(ApprovalConsent.Confirms(Reply() with { To = "+447700900002" }, Change(ConsentKind.OptOut, Stop)), Is.Null);
        });
    }

    [TestCase(SmsCategory.Compliance, SmsOrigin.Upstream)]
    [TestCase(SmsCategory.Transactional, SmsOrigin.Compliance)]
    public void Only_compliance_s_own_replies_confirm_an_opt_out(SmsCategory category, SmsOrigin origin)
    {
        var send = Reply() with { Category = category, Origin = origin };

        Assert.Multiple(() =>
        {
            Assert.That(ApprovalConsent.Confirms(send, Change(ConsentKind.OptOut, Stop)), Is.Null);
            Assert.That(ApprovalConsent.MayConfirm(send), Is.False);
        });
    }

    [Test]
    public void A_compliance_send_that_answers_no_message_may_confirm_nothing() =>
        Assert.That(ApprovalConsent.MayConfirm(Reply() with { InReplyTo = null }), Is.False);

    private static SendSms Reply() => new()
    {
        MessageId = Guid.NewGuid(),
        To = Number,
        From = "+447700900500",
        Text = "You are unsubscribed. Reply START to subscribe again.",
        Category = SmsCategory.Compliance,
        Origin = SmsOrigin.Compliance,
        InReplyTo = Stop,
    };

    private static ConsentEvent Change(ConsentKind kind, Guid? evidence) => new()
    {
        Id = 7,
        Number = Number,
        Scope = "brand-a",
        Kind = kind,
        Source = ConsentSource.Keyword,
        Rule = kind == ConsentKind.OptOut ? "keyword:STOP" : "keyword:START",
        EvidenceMessageId = evidence,
        OccurredAt = OptedOutAt,
        RecordedAt = OptedOutAt.AddSeconds(1),
    };
}
