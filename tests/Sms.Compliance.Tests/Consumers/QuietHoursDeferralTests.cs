using MassTransit.Testing;
using Sms.Compliance.Background;
using Sms.Compliance.Consent;
using Sms.Compliance.Data;
using Sms.Compliance.Tests.Support;
using Sms.Contracts.Compliance;
using Sms.Contracts.Inbound;
using Sms.Contracts.Outbound;
using Sms.ServiceDefaults.Numbers;
using Sms.Testing;

namespace Sms.Compliance.Tests.Consumers;

/// <summary>
/// Quiet hours on the harness with the real ledger and deferral table, the clock set by the test. Test numbers
/// (+999…) have no zone in the phone-number data, so the configured default zone, New York, applies.
/// </summary>
public class QuietHoursDeferralTests : ComplianceConsumerFixture
{
    // 23:30 in New York (EST) on 15 January 2031; the window opens at 08:00 EST = 13:00 UTC. In the future, so a
    // service on the real clock polling the same table (the end-to-end tests) never finds these sends due.
    private static readonly DateTimeOffset LateEvening = new(2031, 1, 16, 4, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset WindowOpens = new(2031, 1, 16, 13, 0, 0, TimeSpan.Zero);

    private ManualClock _clock = null!;

    protected override ConsumerHarnessOptions HarnessOptions()
    {
        _clock = new ManualClock(LateEvening);
        return new ConsumerHarnessOptions
        {
            Settings = new Dictionary<string, string?>
            {
                ["Compliance:QuietHours:Enabled"] = "true",
                ["Compliance:QuietHours:DefaultTimeZone"] = "America/New_York",
                ["Compliance:QuietHours:PollInterval"] = "00:00:00.200",
            },
            Clock = _clock,
        };
    }

    /// <summary>The customer opted in to marketing the day before, so only quiet hours can hold a send.</summary>
    [SetUp]
    public Task OptInAsync() => Ledger.RecordAsync(new ConsentEvent
    {
        Number = Customer, Scope = ComplianceHarness.Scope, Kind = ConsentKind.OptIn, Source = ConsentSource.Api,
        Rule = "api:express-consent", EvidenceText = "signup form", OccurredAt = LateEvening.AddDays(-1),
    }, Guid.NewGuid(), CancellationToken.None);

    [Test]
    public async Task A_marketing_send_late_in_the_evening_is_held_durably_and_released_when_the_window_opens()
    {
        var send = Send(SmsCategory.Marketing);

        await Harness.Bus.Publish(send);

        var deferred = await SinglePublishedAsync<SmsDeferred>(m => m.Request.MessageId == send.MessageId);
        Assert.Multiple(async () =>
        {
            Assert.That(deferred.DeferredUntil, Is.EqualTo(WindowOpens));
            Assert.That(deferred.Detail, Does.Contain("America/New_York"));
            Assert.That(await DeferredSends.ReleaseAtAsync(send.MessageId, CancellationToken.None), Is.EqualTo(WindowOpens), "stored, not in memory");
        });
        Assert.That(await Harness.Published.Any<SmsApproved>(m => m.Context.Message.Request.MessageId == send.MessageId), Is.False);

        _clock.Now = WindowOpens.AddSeconds(-1);
        await Releaser.ReleaseDueAsync(CancellationToken.None);
        Assert.That(await DeferredSends.ReleaseAtAsync(send.MessageId, CancellationToken.None), Is.EqualTo(WindowOpens), "not sent early");

        _clock.Now = WindowOpens;
        Assert.That(await Releaser.ReleaseDueAsync(CancellationToken.None), Is.GreaterThanOrEqualTo(1));

        var approved = await Harness.PublishedEventuallyAsync<SmsApproved>(m => m.Request.MessageId == send.MessageId);
        Assert.That(approved, Is.Not.Null, "approved once the window opened");
        Assert.That(System.Text.Json.JsonSerializer.Serialize(approved!.Request), Is.EqualTo(System.Text.Json.JsonSerializer.Serialize(send)),
            "the send released as it was received");
        Assert.That(await DeferredSends.ReleaseAtAsync(send.MessageId, CancellationToken.None), Is.Null, "released once");
    }

    [Test]
    public async Task The_running_releaser_finds_a_held_send_by_itself_once_its_moment_comes()
    {
        var send = Send(SmsCategory.Marketing);
        await Harness.Bus.Publish(send);
        await SinglePublishedAsync<SmsDeferred>(m => m.Request.MessageId == send.MessageId);

        await Releaser.StartAsync(CancellationToken.None);
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(600));
            Assert.That(await DeferredSends.ReleaseAtAsync(send.MessageId, CancellationToken.None), Is.EqualTo(WindowOpens),
                "polled several times before its moment, still held");

            _clock.Now = WindowOpens;
            var approved = await Harness.PublishedEventuallyAsync<SmsApproved>(m => m.Request.MessageId == send.MessageId);
            Assert.That(approved, Is.Not.Null, "released by the hosted poller, no one called it");
        }
        finally
        {
            await Releaser.StopAsync(CancellationToken.None);
        }
    }

    [Test]
    public async Task An_opt_out_while_a_send_is_held_suppresses_it_at_release()
    {
        var send = Send(SmsCategory.Marketing);
        await Harness.Bus.Publish(send);
        await SinglePublishedAsync<SmsDeferred>(m => m.Request.MessageId == send.MessageId);

        _clock.Now = LateEvening.AddMinutes(10);
        var stop = new InboundSmsReceived
        {
            MessageId = Guid.NewGuid(), Provider = "vonage", ProviderMessageId = Guid.NewGuid().ToString("N"),
            From = Customer, To = "+447700900520", Text = "STOP", ReceivedAt = _clock.Now,
        };
        await Harness.Bus.Publish(stop);
        await SinglePublishedAsync<OptOutRecorded>(m => m.InboundMessageId == stop.MessageId);

        _clock.Now = WindowOpens.AddMinutes(1);
        await Releaser.ReleaseDueAsync(CancellationToken.None);

        var suppressed = await Harness.PublishedEventuallyAsync<SmsSuppressed>(m => m.Request.MessageId == send.MessageId);
        Assert.That(suppressed?.Reason, Is.EqualTo(SuppressionReason.OptedOut));
        Assert.That(await Harness.Published.Any<SmsApproved>(m => m.Context.Message.Request.MessageId == send.MessageId), Is.False);
    }

    [Test]
    public async Task A_transactional_send_late_in_the_evening_is_approved_at_once()
    {
        var send = Send(SmsCategory.Transactional);

        await Harness.Bus.Publish(send);

        Assert.That(await SinglePublishedAsync<SmsApproved>(m => m.Request.MessageId == send.MessageId), Is.Not.Null);
        Assert.That(await Harness.Published.Any<SmsDeferred>(m => m.Context.Message.Request.MessageId == send.MessageId), Is.False);
    }

    [Test]
    public async Task A_marketing_send_inside_the_window_is_approved_at_once()
    {
        _clock.Now = WindowOpens.AddHours(2);
        var send = Send(SmsCategory.Marketing);

        await Harness.Bus.Publish(send);

        Assert.That(await SinglePublishedAsync<SmsApproved>(m => m.Request.MessageId == send.MessageId), Is.Not.Null);
    }

    [Test]
    public async Task A_contact_time_zone_wins_over_the_several_zones_of_a_US_number()
    {
        // 12:00 UTC: 04:00 in Los Angeles, 07:00 in New York. The number alone spans the US zones.
        _clock.Now = new DateTimeOffset(2031, 1, 16, 12, 0, 0, TimeSpan.Zero);
        var customer = await OptedInUsNumberAsync();
        Assert.That(new RecipientTimeZones(TimeZoneInfo.Utc).For(customer), Has.Count.GreaterThan(1), "a number of several zones");
        await ContactTimeZones.SetAsync(customer, TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles"), "api", CancellationToken.None);
        var send = Send(SmsCategory.Marketing) with { To = customer };

        await Harness.Bus.Publish(send);

        var deferred = await SinglePublishedAsync<SmsDeferred>(m => m.Request.MessageId == send.MessageId);
        var eightInLosAngeles = new DateTimeOffset(2031, 1, 16, 8, 0, 0, TimeSpan.FromHours(-8));
        Assert.Multiple(async () =>
        {
            Assert.That(deferred.DeferredUntil, Is.EqualTo(eightInLosAngeles));
            Assert.That(deferred.Detail, Does.Contain("(America/Los_Angeles)"), "that zone only");
            Assert.That(await DeferredSends.ReleaseAtAsync(send.MessageId, CancellationToken.None), Is.EqualTo(eightInLosAngeles));
        });
    }

    [Test]
    public async Task A_contact_time_zone_whose_window_is_open_lets_a_send_go_that_the_number_zones_would_hold()
    {
        // 14:00 UTC: 09:00 in New York (open), 06:00 in Los Angeles (closed).
        _clock.Now = new DateTimeOffset(2031, 1, 16, 14, 0, 0, TimeSpan.Zero);
        var held = Send(SmsCategory.Marketing) with { To = await OptedInUsNumberAsync() };
        var inNewYork = Send(SmsCategory.Marketing) with { To = await OptedInUsNumberAsync() };
        await ContactTimeZones.SetAsync(inNewYork.To, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), "api", CancellationToken.None);

        await Harness.Bus.Publish(held);
        await Harness.Bus.Publish(inNewYork);

        Assert.That(await SinglePublishedAsync<SmsDeferred>(m => m.Request.MessageId == held.MessageId), Is.Not.Null,
            "without the attribute every zone of the number must be open");
        Assert.That(await SinglePublishedAsync<SmsApproved>(m => m.Request.MessageId == inNewYork.MessageId), Is.Not.Null);
    }

    /// <summary>A US toll-free number (libphonenumber places it in every US zone), opted in to marketing.</summary>
    private async Task<string> OptedInUsNumberAsync()
    {
        var number = "+1800" + Random.Shared.Next(2_000_000, 10_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Ledger.RecordAsync(new ConsentEvent
        {
            Number = number, Scope = ComplianceHarness.Scope, Kind = ConsentKind.OptIn, Source = ConsentSource.Api,
            Rule = "api:express-consent", EvidenceText = "signup form", OccurredAt = _clock.Now.AddDays(-1),
        }, Guid.NewGuid(), CancellationToken.None);
        await new ContactTimeZones(DataSource).ClearAsync(number, CancellationToken.None);
        return number;
    }

    private ContactTimeZones ContactTimeZones => Compliance.Get<ContactTimeZones>();

    private DeferredSends DeferredSends => Compliance.Get<DeferredSends>();

    private DeferredSendReleaser Releaser => Compliance.Get<DeferredSendReleaser>();

    private SendSms Send(SmsCategory category) => new()
    {
        MessageId = Guid.NewGuid(),
        To = Customer,
        From = "+447700900520",
        Text = "20% off this week only.",
        Category = category,
        RequestedAt = LateEvening,
    };
}
