using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sms.Compliance.Consent;
using Sms.Compliance.Consumers;
using Sms.Compliance.Data;
using Sms.Compliance.Tests.Support;
using Sms.Contracts.Compliance;
using Sms.Contracts.Inbound;
using Sms.Contracts.Outbound;
using Sms.Testing;

namespace Sms.Compliance.Tests.Consumers;

/// <summary>
/// Quiet hours on the harness with the real ledger and deferral table, the clock set by the test. Test numbers
/// (+999…) have no zone in the phone-number data, so the configured default zone, New York, applies.
/// </summary>
public class QuietHoursDeferralTests
{
    // 23:30 in New York (EST) on 15 January 2031; the window opens at 08:00 EST = 13:00 UTC. In the future, so a
    // service on the real clock polling the same table (the end-to-end tests) never finds these sends due.
    private static readonly DateTimeOffset LateEvening = new(2031, 1, 16, 4, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset WindowOpens = new(2031, 1, 16, 13, 0, 0, TimeSpan.Zero);

    private NpgsqlDataSource _dataSource = null!;
    private ComplianceHarness _compliance = null!;
    private ManualClock _clock = null!;
    private string _customer = null!;

    private ITestHarness Harness => _compliance.Harness;

    [OneTimeSetUp]
    public async Task ConnectAsync() => _dataSource = await TestDatabase.GetAsync("compliance", typeof(Program).Assembly);

    [SetUp]
    public async Task StartAsync()
    {
        _clock = new ManualClock(LateEvening);
        _compliance = await ComplianceHarness.StartAsync(_dataSource,
            settings: new Dictionary<string, string?>
            {
                ["Compliance:QuietHours:Enabled"] = "true",
                ["Compliance:QuietHours:DefaultTimeZone"] = "America/New_York",
            },
            clock: _clock);
        _customer = TestNumbers.Unique();
        var optIn = Guid.NewGuid();
        await new ConsentLedger(_dataSource).RecordAsync(new ConsentEvent
        {
            Number = _customer, Scope = ComplianceHarness.Scope, Kind = ConsentKind.OptIn, Source = ConsentSource.Api,
            Rule = "api:express-consent", EvidenceText = "signup form", OccurredAt = LateEvening.AddDays(-1),
        }, optIn, CancellationToken.None);
    }

    [TearDown]
    public async Task StopAsync() => await _compliance.DisposeAsync();

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
    public async Task An_opt_out_while_a_send_is_held_suppresses_it_at_release()
    {
        var send = Send(SmsCategory.Marketing);
        await Harness.Bus.Publish(send);
        await SinglePublishedAsync<SmsDeferred>(m => m.Request.MessageId == send.MessageId);

        _clock.Now = LateEvening.AddMinutes(10);
        var stop = new InboundSmsReceived
        {
            MessageId = Guid.NewGuid(), Provider = "vonage", ProviderMessageId = Guid.NewGuid().ToString("N"),
            From = _customer, To = "+447700900520", Text = "STOP", ReceivedAt = _clock.Now,
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

    private DeferredSends DeferredSends => _compliance.Services.GetRequiredService<DeferredSends>();

    private DeferredSendReleaser Releaser => _compliance.Services.GetRequiredService<DeferredSendReleaser>();

    private async Task<T> SinglePublishedAsync<T>(Func<T, bool> match) where T : class
    {
        Assert.That(await Harness.Published.Any<T>(m => match(m.Context.Message)), Is.True, $"{typeof(T).Name} published");
        return Harness.Published.Select<T>(m => match(m.Context.Message)).First().Context.Message;
    }

    private SendSms Send(SmsCategory category) => new()
    {
        MessageId = Guid.NewGuid(),
        To = _customer,
        From = "+447700900520",
        Text = "20% off this week only.",
        Category = category,
        RequestedAt = LateEvening,
    };
}
