using Sms.Compliance.Consent;
using Sms.Compliance.Data;
using Sms.Compliance.Extensions;
using Sms.Compliance.Tests.Support;
using Sms.Testing;

namespace Sms.Compliance.Tests.Data;

/// <summary>
/// The dry run's read-only questions on the real Redis: each answer of <see cref="FrequencyCapCounter.WouldCountAsync"/>
/// and <see cref="DailyBudgetCounter.WouldFitAsync"/> is what the counting call then does, and asking counts nothing.
/// </summary>
public class CounterPreviewTests : ComplianceDatabaseFixture
{
    private static readonly DateTimeOffset Monday = new(2031, 3, 3, 9, 0, 0, TimeSpan.Zero);

    // One in 16 hours, two in 7 days.
    private static readonly FrequencyCapRules Rules = new(
    [
        new FrequencyCapRule { Messages = 1, Window = TimeSpan.FromHours(16) },
        new FrequencyCapRule { Messages = 2, Window = TimeSpan.FromDays(7) },
    ]);

    [TestCase(0)]
    [TestCase(15)]
    [TestCase(17)]
    [TestCase(40)]
    [TestCase(24 * 7 + 1)]
    public async Task A_frequency_cap_preview_answers_what_counting_then_does(int hoursAfterFirst)
    {
        var counter = new FrequencyCapCounter(Redis);
        var scope = $"preview{Guid.NewGuid():N}"[..16];
        var number = TestNumbers.Unique();
        await counter.TryCountAsync(scope, number, Guid.NewGuid(), Rules, Monday);
        await counter.TryCountAsync(scope, number, Guid.NewGuid(), Rules, Monday.AddHours(20));
        var at = Monday.AddHours(hoursAfterFirst);
        var send = Guid.NewGuid();

        var preview = await counter.WouldCountAsync(scope, number, send, Rules, at);
        var previewAgain = await counter.WouldCountAsync(scope, number, send, Rules, at);
        var counted = await counter.TryCountAsync(scope, number, send, Rules, at);

        Assert.Multiple(() =>
        {
            Assert.That(previewAgain, Is.EqualTo(preview), "a preview counts nothing");
            Assert.That(preview.IsAllowed, Is.EqualTo(counted.IsAllowed));
            Assert.That(preview.CappedBy, Is.SameAs(counted.CappedBy));
            Assert.That(preview.NextAllowedAt, Is.EqualTo(counted.NextAllowedAt));
        });
    }

    [Test]
    public async Task A_budget_preview_answers_what_counting_then_does_and_a_counted_send_fits_again()
    {
        var counter = new DailyBudgetCounter(Redis);
        var scope = $"preview{Guid.NewGuid():N}"[..16];
        var budget = new DailyBudget(2, TimeZoneInfo.Utc, new HashSet<Contracts.Outbound.SmsCategory>());
        var first = Guid.NewGuid();

        Assert.That(await counter.WouldFitAsync(scope, budget, first, Monday), Is.True);
        Assert.That(await counter.TryUseAsync(scope, budget, first, Monday), Is.True);
        Assert.That(await counter.TryUseAsync(scope, budget, Guid.NewGuid(), Monday), Is.True);
        Assert.Multiple(async () =>
        {
            Assert.That(await counter.WouldFitAsync(scope, budget, Guid.NewGuid(), Monday), Is.False, "the day is full");
            Assert.That(await counter.WouldFitAsync(scope, budget, first, Monday), Is.True, "a counted send fits again");
            Assert.That(await counter.WouldFitAsync(scope, budget, Guid.NewGuid(), Monday.AddDays(1)), Is.True, "the next day starts empty");
            Assert.That(await Redis.GetDatabase().SetLengthAsync(DailyBudgetCounter.Key(scope, budget.Day(Monday))), Is.EqualTo(2), "previews counted nothing");
        });
    }
}
