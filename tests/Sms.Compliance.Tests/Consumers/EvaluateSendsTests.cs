using System.Diagnostics;
using MassTransit;
using MassTransit.Testing;
using Sms.Compliance.Consent;
using Sms.Compliance.Data;
using Sms.Compliance.Tests.Support;
using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;
using Sms.Testing;

namespace Sms.Compliance.Tests.Consumers;

/// <summary>
/// The dry run (<see cref="EvaluateSends"/>) on the harness with the real ledger and Redis, the clock set by the test:
/// its outcomes are those the real sends then get, and it uses none of the frequency cap or the daily budget.
/// </summary>
public class EvaluateSendsTests : ComplianceConsumerFixture
{
    // 18:00 UTC on Tuesday 4 March 2031: 10:00 in Los Angeles (the budget's days), 03:00 on the 5th in Tokyo.
    private static readonly DateTimeOffset At = new(2031, 3, 4, 18, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset TokyoMorning = new(2031, 3, 4, 23, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset WednesdayInLosAngeles = new(2031, 3, 5, 8, 0, 0, TimeSpan.Zero);

    private const string BrandNumber = "+447700900550";

    /// <summary>Its own brand per test (NUnit keeps one instance per class), so the cap and the day's budget start at zero.</summary>
    private string Brand { get; set; } = "";

    protected override ConsumerHarnessOptions HarnessOptions()
    {
        Brand = $"dryrun{Guid.NewGuid():N}"[..16];
        return Options();
    }

    private ConsumerHarnessOptions Options() => new()
    {
        Settings = new Dictionary<string, string?>
        {
            [$"Compliance:Brands:{Brand}:Numbers:0"] = BrandNumber,
            [$"Compliance:Brands:{Brand}:DailyBudget:Messages"] = "2",
            [$"Compliance:Brands:{Brand}:DailyBudget:TimeZone"] = "America/Los_Angeles",
            [$"Compliance:Brands:{Brand}:FrequencyCaps:Rules:0:Messages"] = "1",
            [$"Compliance:Brands:{Brand}:FrequencyCaps:Rules:0:Window"] = "16:00:00",
            // Marketing only between 08:00 and 21:00 in the recipient's zone (UTC for the test numbers unless set).
            ["Compliance:QuietHours:Enabled"] = "true",
        },
        Clock = new ManualClock(At),
    };

    private async Task<string> CustomerAsync(ConsentKind? kind)
    {
        var number = TestNumbers.Unique();
        if (kind is { } recorded)
        {
            await Ledger.RecordAsync(new ConsentEvent
            {
                Number = number, Scope = Brand, Kind = recorded, Source = ConsentSource.Api,
                Rule = "api:test", EvidenceText = "signup form", OccurredAt = At.AddDays(-7),
            }, Guid.NewGuid(), CancellationToken.None);
        }
        return number;
    }

    private static SendSms Marketing(string to) => new()
    {
        MessageId = Guid.NewGuid(), To = to, From = BrandNumber, Text = "20% off today. Reply STOP to opt out.",
        Category = SmsCategory.Marketing, CampaignId = "spring-sale",
    };

    private async Task<IReadOnlyList<SendEvaluation>> DryRunAsync(IReadOnlyList<SendSms> sends)
    {
        var client = Harness.GetRequestClient<EvaluateSends>();
        var response = await client.GetResponse<SendsEvaluated>(new EvaluateSends { Sends = sends, At = At });
        return response.Message.Outcomes;
    }

    /// <summary>How the real send was decided, in the dry run's terms.</summary>
    private async Task<(SendOutcome Outcome, SuppressionReason? Reason, DateTimeOffset? Until, string? Detail)> RealAsync(SendSms send) =>
        await DecisionOfAsync(send) switch
        {
            SmsApproved => (SendOutcome.Approved, null, null, null),
            SmsDeferred held when held.Detail == SendDecision.HoldForReview.Detail => (SendOutcome.Held, null, null, held.Detail),
            SmsSuppressed s => (SendOutcome.Suppressed, s.Reason, null, s.Detail),
            SmsDeferred d => (SendOutcome.Deferred, null, d.DeferredUntil, d.Detail),
            var other => throw new AssertionException($"unexpected {other.GetType().Name}"),
        };

    [Test]
    public async Task A_dry_run_gives_each_send_the_outcome_the_real_send_then_gets()
    {
        var optedOut = await CustomerAsync(ConsentKind.OptOut);
        var noConsent = await CustomerAsync(null);
        var inTokyo = await CustomerAsync(ConsentKind.OptIn);
        await new ContactTimeZones(DataSource).SetAsync(inTokyo, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"), "api", CancellationToken.None);
        var underReview = await CustomerAsync(ConsentKind.OptIn);
        await new ConsentReviews(DataSource).OpenAsync(new ConsentReview
        {
            ReviewId = Guid.NewGuid(), Number = underReview, Scope = Brand, BusinessNumber = BrandNumber, InboundMessageId = Guid.NewGuid(),
            InboundText = "pls no more", Score = 0.6, Rule = "recogniser:test", ReceivedAt = At.AddHours(-1),
        }, CancellationToken.None);
        var ann = await CustomerAsync(ConsentKind.OptIn);
        var bob = await CustomerAsync(ConsentKind.OptIn);
        var cat = await CustomerAsync(ConsentKind.OptIn);
        SendSms[] sends =
        [
            Marketing(optedOut),
            Marketing(noConsent),
            Marketing(inTokyo),   // 03:00 there: deferred before any budget or cap is used
            Marketing(underReview), // held until the review is decided
            Marketing(ann),       // the budget's first
            Marketing(ann),       // the cap's second in 16 hours: capped, gives its budget place back
            Marketing(bob),       // the budget's second
            Marketing(cat),       // beyond the budget: the next day in Los Angeles
        ];

        var dryRun = await DryRunAsync(sends);

        var expected = new (SendOutcome, SuppressionReason?, DateTimeOffset?)[]
        {
            (SendOutcome.Suppressed, SuppressionReason.OptedOut, null),
            (SendOutcome.Suppressed, SuppressionReason.NoMarketingConsent, null),
            (SendOutcome.Deferred, null, TokyoMorning),
            (SendOutcome.Held, null, null),
            (SendOutcome.Approved, null, null),
            (SendOutcome.Suppressed, SuppressionReason.FrequencyCapped, null),
            (SendOutcome.Approved, null, null),
            (SendOutcome.Deferred, null, WednesdayInLosAngeles),
        };
        Assert.That(dryRun.Select(o => o.MessageId), Is.EqualTo(sends.Select(s => s.MessageId)), "one outcome per send, in order");
        Assert.That(dryRun.Select(o => (o.Outcome, o.Reason, o.DeferredUntil)), Is.EqualTo(expected));

        var real = new List<(SendOutcome, SuppressionReason?, DateTimeOffset?, string?)>();
        foreach (var send in sends) real.Add(await RealAsync(send));
        Assert.That(real, Is.EqualTo(dryRun.Select(o => (o.Outcome, o.Reason, o.DeferredUntil, o.Detail))),
            "the real sends are decided as the dry run said, details included");
    }

    [Test]
    public async Task A_dry_run_uses_none_of_the_cap_or_the_budget()
    {
        var ann = await CustomerAsync(ConsentKind.OptIn);
        var bob = await CustomerAsync(ConsentKind.OptIn);
        var cat = await CustomerAsync(ConsentKind.OptIn);

        // Twice the whole budget, and a second message to Ann.
        var first = await DryRunAsync([Marketing(ann), Marketing(bob), Marketing(cat)]);
        var again = await DryRunAsync([Marketing(ann), Marketing(bob), Marketing(cat), Marketing(ann)]);

        Assert.Multiple(async () =>
        {
            Assert.That(first.Select(o => o.Outcome), Is.EqualTo(new[] { SendOutcome.Approved, SendOutcome.Approved, SendOutcome.Deferred }));
            Assert.That(again.Select(o => o.Outcome), Is.EqualTo(new[] { SendOutcome.Approved, SendOutcome.Approved, SendOutcome.Deferred, SendOutcome.Deferred }),
                "the earlier dry run counted nothing; Ann's second waits for the budget before the cap is asked");
            var db = Redis.GetDatabase();
            Assert.That(await db.KeyExistsAsync(FrequencyCapCounter.Key(Brand, ann)), Is.False, "no frequency-cap entry written");
            Assert.That(await db.KeyExistsAsync(DailyBudgetCounter.Key(Brand, "2031-03-04")), Is.False, "no budget entry written");
        });

        Assert.That(await RealAsync(Marketing(ann)), Is.EqualTo((SendOutcome.Approved, (SuppressionReason?)null, (DateTimeOffset?)null, (string?)null)),
            "a real send after the dry runs is still approved");
    }

    [Test]
    public async Task A_dry_run_reads_the_counts_real_sends_made()
    {
        var ann = await CustomerAsync(ConsentKind.OptIn);
        var bob = await CustomerAsync(ConsentKind.OptIn);
        var cat = await CustomerAsync(ConsentKind.OptIn);
        await RealAsync(Marketing(ann));
        await RealAsync(Marketing(bob));

        var dryRun = await DryRunAsync([Marketing(ann), Marketing(cat)]);

        Assert.Multiple(() =>
        {
            Assert.That(dryRun[0].Reason, Is.EqualTo(null), "the budget is used up first: deferred, not capped");
            Assert.That(dryRun.Select(o => o.Outcome), Is.EqualTo(new[] { SendOutcome.Deferred, SendOutcome.Deferred }));
            Assert.That(dryRun[1].Detail, Does.Contain("2 messages a day"));
        });
    }

    [Test]
    public async Task A_thousand_sends_are_evaluated_in_one_request_and_more_are_refused()
    {
        var customers = new List<string>();
        for (var i = 0; i < 10; i++) customers.Add(await CustomerAsync(ConsentKind.OptIn));
        var sends = Enumerable.Range(0, EvaluateSends.MaxSends)
            .Select(i => Marketing(i % 20 < 10 ? customers[i % 10] : TestNumbers.Unique()))
            .ToList();

        await DryRunAsync(sends.Take(10).ToList()); // warm up: the first request pays for the connections
        var timer = Stopwatch.StartNew();
        var outcomes = await DryRunAsync(sends);
        timer.Stop();
        TestContext.Out.WriteLine($"{sends.Count} sends evaluated in {timer.ElapsedMilliseconds} ms");

        Assert.Multiple(() =>
        {
            Assert.That(outcomes.Count(o => o.Outcome == SendOutcome.Approved), Is.EqualTo(2), "the budget of two");
            Assert.That(outcomes.Count(o => o.Reason == SuppressionReason.NoMarketingConsent), Is.EqualTo(500));
            Assert.That(outcomes.Count(o => o.Outcome == SendOutcome.Deferred), Is.EqualTo(498));
        });

        var tooMany = sends.Append(Marketing(customers[0])).ToList();
        var fault = Assert.ThrowsAsync<RequestFaultException>(() => DryRunAsync(tooMany));
        Assert.That(fault!.Message, Does.Contain($"at most {EvaluateSends.MaxSends}"));
    }
}
