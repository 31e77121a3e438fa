using Sms.Compliance.Consent;
using Sms.Compliance.Extensions;
using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;

namespace Sms.Compliance.Tests.Consent;

/// <summary>The pure rules of consent per purpose: the send decision, a keyword opt-in's restore, the double opt-in and reviews.</summary>
public class ConsentPurposeTests
{
    private const string Number = "+447700900001";
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyList<ConsentPurpose> Both = [ConsentPurpose.Informational, ConsentPurpose.Marketing];
    private static readonly IReadOnlyList<ConsentPurpose> MarketingOnly = [ConsentPurpose.Marketing];
    private static readonly IReadOnlyList<ConsentPurpose> InformationalOnly = [ConsentPurpose.Informational];

    [Test]
    public void Each_purpose_follows_its_own_latest_event()
    {
        var state = ConsentState.FromHistory(Number, "default",
        [
            Event(1, ConsentKind.OptIn, Both),
            Event(2, ConsentKind.OptOut, MarketingOnly),
        ]);

        Assert.Multiple(() =>
        {
            Assert.That(state.StatusOf(ConsentPurpose.Informational), Is.EqualTo(ConsentStatus.OptedIn));
            Assert.That(state.StatusOf(ConsentPurpose.Marketing), Is.EqualTo(ConsentStatus.OptedOut));
            Assert.That(state.IsOptedOut, Is.False, "reminders still go");
            Assert.That(state.Latest!.Id, Is.EqualTo(2));
            Assert.That(SendPolicy.Decide(Send(SmsCategory.Marketing), state).Reason, Is.EqualTo(SuppressionReason.OptedOut));
            Assert.That(SendPolicy.Decide(Send(SmsCategory.Transactional), state).IsApproved, Is.True);
        });
    }

    [Test]
    public void A_pending_review_holds_marketing_that_would_go_and_nothing_else()
    {
        var optedIn = ConsentState.FromHistory(Number, "default", [Event(1, ConsentKind.OptIn, Both)], reviewPending: true);
        var never = ConsentState.FromHistory(Number, "default", [], reviewPending: true);

        Assert.Multiple(() =>
        {
            Assert.That(SendPolicy.Decide(Send(SmsCategory.Marketing), optedIn).IsHeld, Is.True);
            Assert.That(SendPolicy.Decide(Send(SmsCategory.Marketing), optedIn).IsApproved, Is.False);
            Assert.That(SendPolicy.Decide(Send(SmsCategory.Conversational), optedIn).IsApproved, Is.True);
            Assert.That(SendPolicy.Decide(Send(SmsCategory.Marketing), never).Reason, Is.EqualTo(SuppressionReason.NoMarketingConsent),
                "marketing that could not go anyway is refused, not held");
        });
    }

    [Test]
    public void A_STOP_suppresses_marketing_opted_in_after_it_only_for_the_purpose_opted_in()
    {
        var state = ConsentState.FromHistory(Number, "default",
        [
            Event(1, ConsentKind.OptOut, Both),
            Event(2, ConsentKind.OptIn, InformationalOnly),
        ]);

        Assert.Multiple(() =>
        {
            Assert.That(SendPolicy.Decide(Send(SmsCategory.Transactional), state).IsApproved, Is.True);
            Assert.That(SendPolicy.Decide(Send(SmsCategory.Marketing), state).Reason, Is.EqualTo(SuppressionReason.OptedOut));
        });
    }

    [Test]
    public void A_keyword_opt_in_restores_marketing_only_when_the_opt_out_revoked_it()
    {
        var hadMarketing = KeywordOptIns.Plan([Event(1, ConsentKind.OptIn, Both), Event(2, ConsentKind.OptOut, Both)]);
        var neverHadIt = KeywordOptIns.Plan([Event(1, ConsentKind.OptOut, Both)]);
        var lostItBefore = KeywordOptIns.Plan(
            [Event(1, ConsentKind.OptIn, Both), Event(2, ConsentKind.OptOut, MarketingOnly), Event(3, ConsentKind.OptOut, Both)]);
        var twice = KeywordOptIns.Plan(
            [Event(1, ConsentKind.OptIn, Both), Event(2, ConsentKind.OptOut, Both), Event(3, ConsentKind.OptIn, Both), Event(4, ConsentKind.OptOut, Both)]);
        var nothing = KeywordOptIns.Plan([]);
        var alreadyMarketing = KeywordOptIns.Plan([Event(1, ConsentKind.OptIn, Both)]);

        Assert.Multiple(() =>
        {
            Assert.That(hadMarketing, Is.EqualTo(new KeywordOptInPlan(ConsentPurposes.All, AskForMarketing: false)));
            Assert.That(neverHadIt, Is.EqualTo(new KeywordOptInPlan(ConsentPurposes.Informational, AskForMarketing: true)));
            Assert.That(lostItBefore, Is.EqualTo(new KeywordOptInPlan(ConsentPurposes.Informational, AskForMarketing: true)),
                "the STOP revoked no marketing: there was none left");
            Assert.That(twice, Is.EqualTo(new KeywordOptInPlan(ConsentPurposes.All, AskForMarketing: false)));
            Assert.That(nothing, Is.EqualTo(new KeywordOptInPlan(ConsentPurposes.Informational, AskForMarketing: true)));
            Assert.That(alreadyMarketing, Is.EqualTo(new KeywordOptInPlan(ConsentPurposes.Informational, AskForMarketing: false)));
        });
    }

    [TestCase("Y", true)]
    [TestCase("yes!", true)]
    [TestCase(" Yes. ", true)]
    [TestCase("yes please send me the offers at 5", false)]
    [TestCase("no", false)]
    [TestCase("", false)]
    public void The_double_opt_in_answer_is_the_whole_message(string text, bool answers) =>
        Assert.That(new DoubleOptIns(new ComplianceOptions { ProgramName = "Acme" }, new DoubleOptInOptions()).For("default").IsAnswer(text),
            Is.EqualTo(answers));

    [Test]
    public void A_brand_has_its_own_double_opt_in_else_the_deployment_s()
    {
        var program = new ComplianceOptions
        {
            ProgramName = "Acme",
            Brands =
            {
                ["shop"] = new BrandOptions { ProgramName = "Acme Shop", DoubleOptIn = new DoubleOptInOptions { Answers = ["SI"] } },
                ["clinic"] = new BrandOptions { DoubleOptIn = new DoubleOptInOptions { Enabled = false } },
            },
        };
        var rules = new DoubleOptIns(program, new DoubleOptInOptions { Window = TimeSpan.FromHours(2) });

        Assert.Multiple(() =>
        {
            Assert.That(rules.For("shop").Question, Does.Contain("marketing texts from Acme Shop"));
            Assert.That(rules.For("shop").IsAnswer("Sí"), Is.True);
            Assert.That(rules.For("shop").IsAnswer("Y"), Is.False);
            Assert.That(rules.For("shop").Window, Is.EqualTo(TimeSpan.FromHours(2)));
            Assert.That(rules.For("clinic").Enabled, Is.False);
            Assert.That(rules.For("default").Enabled, Is.True);
            Assert.That(rules.For("default").Question, Does.StartWith("Acme: Reply Y to confirm you want marketing texts from Acme."));
        });
    }

    [TestCase(ConsentReviewStatus.Pending, ConsentReviewDecision.Confirm, true, ConsentReviewStatus.Confirmed, ReviewAction.RecordOptOut)]
    [TestCase(ConsentReviewStatus.Pending, ConsentReviewDecision.Dismiss, true, ConsentReviewStatus.Dismissed, ReviewAction.ReleaseHeld)]
    [TestCase(ConsentReviewStatus.Confirmed, ConsentReviewDecision.Undo, true, ConsentReviewStatus.Pending, ReviewAction.RevertOptOut)]
    [TestCase(ConsentReviewStatus.Dismissed, ConsentReviewDecision.Undo, true, ConsentReviewStatus.Pending, ReviewAction.HoldAgain)]
    [TestCase(ConsentReviewStatus.Pending, ConsentReviewDecision.Undo, false, ConsentReviewStatus.Pending, ReviewAction.None)]
    [TestCase(ConsentReviewStatus.Confirmed, ConsentReviewDecision.Confirm, false, ConsentReviewStatus.Confirmed, ReviewAction.None)]
    [TestCase(ConsentReviewStatus.Confirmed, ConsentReviewDecision.Dismiss, false, ConsentReviewStatus.Confirmed, ReviewAction.None)]
    [TestCase(ConsentReviewStatus.Dismissed, ConsentReviewDecision.Confirm, false, ConsentReviewStatus.Dismissed, ReviewAction.None)]
    public void A_review_moves_only_along_its_arrows(
        ConsentReviewStatus from, ConsentReviewDecision decision, bool applied, ConsentReviewStatus to, ReviewAction action) =>
        Assert.That(ConsentReviewRules.Decide(from, decision), Is.EqualTo(new ReviewOutcome(applied, to, action)));

    private static ConsentEvent Event(long id, ConsentKind kind, IReadOnlyList<ConsentPurpose> purposes) => new()
    {
        Id = id,
        Number = Number,
        Scope = "default",
        Kind = kind,
        Source = ConsentSource.Api,
        Rule = "test",
        OccurredAt = T0.AddMinutes(id),
        Purposes = purposes,
    };

    private static SendSms Send(SmsCategory category) => new()
    {
        MessageId = Guid.NewGuid(),
        To = Number,
        Text = "Hello",
        Category = category,
    };
}
