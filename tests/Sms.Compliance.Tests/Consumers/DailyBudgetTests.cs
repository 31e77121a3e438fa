using Sms.Compliance.Consent;
using Sms.Compliance.Tests.Support;
using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;
using Sms.Testing;

namespace Sms.Compliance.Tests.Consumers;

/// <summary>A brand's daily budget on the harness with the real ledger, deferral table and Redis, the clock set by the test.</summary>
public class DailyBudgetTests : ComplianceConsumerFixture
{
    // 10:00 in Los Angeles on Tuesday 4 March 2031 (PST, UTC-8); the next day there starts at 08:00 UTC on the 5th.
    private static readonly DateTimeOffset Tuesday = new(2031, 3, 4, 18, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset WednesdayInLosAngeles = new(2031, 3, 5, 8, 0, 0, TimeSpan.Zero);

    private const string BrandNumber = "+447700900540";

    protected override ConsumerHarnessOptions HarnessOptions() => new()
    {
        Settings = new Dictionary<string, string?>
        {
            // Its own brand per test run, so the day's count starts at zero.
            [$"Compliance:Brands:{Brand}:Numbers:0"] = BrandNumber,
            [$"Compliance:Brands:{Brand}:DailyBudget:Messages"] = "2",
            [$"Compliance:Brands:{Brand}:DailyBudget:TimeZone"] = "America/Los_Angeles",
            ["Compliance:QuietHours:Enabled"] = "false",
        },
        Clock = new ManualClock(Tuesday),
    };

    private readonly string Brand = $"budget{Guid.NewGuid():N}"[..16];

    private async Task<string> OptedInCustomerAsync()
    {
        var number = TestNumbers.Unique();
        await Ledger.RecordAsync(new ConsentEvent
        {
            Number = number, Scope = Brand, Kind = ConsentKind.OptIn, Source = ConsentSource.Api,
            Rule = "api:express-consent", EvidenceText = "signup form", OccurredAt = Tuesday.AddDays(-7),
        }, Guid.NewGuid(), CancellationToken.None);
        return number;
    }

    private static SendSms Marketing(string to, SmsCategory category = SmsCategory.Marketing) => new()
    {
        MessageId = Guid.NewGuid(), To = to, From = BrandNumber, Text = "20% off today. Reply STOP to opt out.", Category = category,
    };

    [Test]
    public async Task Marketing_beyond_the_brands_daily_budget_waits_for_the_next_day_and_a_capped_send_uses_none_of_it()
    {
        var ann = await OptedInCustomerAsync();
        var bob = await OptedInCustomerAsync();
        var cat = await OptedInCustomerAsync();

        var toAnn = await DecisionOfAsync(Marketing(ann));
        var toAnnAgain = await DecisionOfAsync(Marketing(ann)); // frequency-capped: gives its place back
        var toBob = await DecisionOfAsync(Marketing(bob));
        var reminderToCat = await DecisionOfAsync(Marketing(cat, SmsCategory.Transactional)); // not counted
        var toCat = await DecisionOfAsync(Marketing(cat));

        Assert.Multiple(() =>
        {
            Assert.That(toAnn, Is.TypeOf<SmsApproved>());
            Assert.That((toAnnAgain as SmsSuppressed)?.Reason, Is.EqualTo(SuppressionReason.FrequencyCapped));
            Assert.That(toBob, Is.TypeOf<SmsApproved>(), "the capped send used none of the budget");
            Assert.That(reminderToCat, Is.TypeOf<SmsApproved>(), "reminders are not counted");
            Assert.That(toCat, Is.TypeOf<SmsDeferred>(), "the third marketing message of the day waits, not refused");
            Assert.That((toCat as SmsDeferred)?.DeferredUntil, Is.EqualTo(WednesdayInLosAngeles));
            Assert.That((toCat as SmsDeferred)?.Detail, Does.Contain("2 messages a day").And.Contain("America/Los_Angeles"));
        });
    }
}
