using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;
using Sms.Outbound.Carriers;
using Sms.Outbound.OptOuts;
using Sms.Outbound.Tests.Support;
using Sms.Testing;
using StackExchange.Redis;

namespace Sms.Outbound.Tests.OptOuts;

/// <summary>
/// The STOP race at the carrier: approvals for one number decided before its opt-out, taken concurrently by two
/// Outbound instances (each with the service's own wiring, retry and outbox on a test harness, its own Redis
/// connection) while a slow carrier (a local HTTP server speaking the Vonage SMS API) records the order requests arrive
/// in, with the opt-out's confirmation arriving among them.
/// </summary>
public class OptOutRaceTests : OutboundFixture
{
    private const string Scope = "brand-a";
    private static readonly TimeSpan CarrierDelay = TimeSpan.FromMilliseconds(100);

    [SetUp]
    public void SlowCarrier() => Vonage.Answer = request => FakeAnswer.Accepted(
        request.Form.GetValueOrDefault("to", ""), request.Form.GetValueOrDefault("client-ref"), $"0B{Guid.NewGuid():N}"[..16]) with { Delay = CarrierDelay };

    [Test]
    public async Task Of_1000_sends_queued_while_STOP_is_confirmed_none_reaches_the_carrier_after_the_confirmation()
    {
        var customer = TestNumbers.Unique();
        var optedOutAt = OptOutFence.FromMicroseconds(OptOutFence.Microseconds(DateTimeOffset.UtcNow.AddSeconds(-1)));
        var apiKey = $"race{Guid.NewGuid():N}"[..16];
        var a = await InstanceAsync(apiKey, Redis);
        var b = await InstanceAsync(apiKey, await SecondConnectionAsync());
        // Decided before the opt-out: the number had no consent change then.
        var queued = Enumerable.Range(0, 1_000).Select(i => Approved(customer, $"Your order {i} has shipped.", latestChangeAt: null)).ToList();
        var confirmation = Confirmation(customer, optedOutAt);
        var afterOptIn = Approved(customer, "Welcome back.", latestChangeAt: optedOutAt.AddSeconds(1));
        var otherNumber = Approved(TestNumbers.Unique(), "Your order has shipped.", latestChangeAt: null);

        // A third of them first, so some are at the carrier when the confirmation comes; the rest after it.
        await PublishAsync(a, b, queued.Take(300));
        await WaitUntilAsync(() => Vonage.Requests.Count(r => r.Form.GetValueOrDefault("to") == customer.TrimStart('+')) >= 64);
        await a.Bus.Bus.Publish(confirmation);
        await PublishAsync(a, b, queued.Skip(300).Append(afterOptIn).Append(otherNumber));
        var all = queued.Append(confirmation).Append(afterOptIn).Append(otherNumber).Select(m => m.Request.MessageId).ToHashSet();
        await WaitUntilAsync(() => Outcomes(a, b).Count(o => all.Contains(o.MessageId)) >= all.Count);

        var arrivals = Vonage.Requests.Select((r, i) => (Index: i, r.ReceivedAt, Ref: Guid.Parse(r.Form["client-ref"]))).ToList();
        var confirmationArrival = arrivals.Single(r => r.Ref == confirmation.Request.MessageId);
        var queuedIds = queued.Select(m => m.Request.MessageId).ToHashSet();
        var queuedArrivals = arrivals.Where(r => queuedIds.Contains(r.Ref)).ToList();
        var outcomes = Outcomes(a, b).Where(o => all.Contains(o.MessageId)).ToList();
        var sent = outcomes.Where(o => o.Failed is null).Select(o => o.MessageId).ToHashSet();
        var withheld = outcomes.Where(o => o.Failed is not null).ToList();
        TestContext.Out.WriteLine($"{queuedArrivals.Count} queued sends reached the carrier, {withheld.Count} were withheld.");
        Assert.Multiple(() =>
        {
            Assert.That(queuedArrivals.Where(r => r.Index > confirmationArrival.Index), Is.Empty,
                $"sends decided before the opt-out that reached the carrier after its confirmation (arrived {confirmationArrival.ReceivedAt:HH:mm:ss.fff})");
            Assert.That(queuedArrivals, Has.Count.GreaterThan(0).And.Count.LessThan(queued.Count),
                "the confirmation came while sends to the number were at the carrier");
            Assert.That(queuedArrivals.Select(r => r.Ref), Is.Unique.And.EquivalentTo(queuedIds.Where(sent.Contains)),
                "each send that reached the carrier is reported sent, once");
            Assert.That(withheld.Select(o => o.MessageId), Is.Unique.And.EquivalentTo(queuedIds.Except(queuedArrivals.Select(r => r.Ref))),
                "every other queued send is reported failed");
            Assert.That(withheld.Select(o => o.Failed!.Reason), Has.All.StartWith("opted_out_after_approval: "));
            Assert.That(withheld.Select(o => o.Failed!.Retryable), Has.All.False);
            Assert.That(sent, Does.Contain(confirmation.Request.MessageId).And.Contain(afterOptIn.Request.MessageId).And.Contain(otherNumber.Request.MessageId),
                "the confirmation, a send decided after a later opt-in and a send to another number all go");
        });
    }

    [Test]
    public async Task A_send_retried_after_the_confirmation_started_is_withheld_and_the_confirmation_waits_for_its_first_attempt()
    {
        var customer = TestNumbers.Unique();
        var optedOutAt = OptOutFence.FromMicroseconds(OptOutFence.Microseconds(DateTimeOffset.UtcNow.AddSeconds(-1)));
        var provider = Outbound(new Dictionary<string, string?>
        {
            ["Vonage:ApiKey"] = $"retry{Guid.NewGuid():N}"[..16],
            ["Outbound:Resilience:MaxRetryAttempts"] = "3",
            ["Outbound:Resilience:RetryBaseDelayMilliseconds"] = "20",
            ["Outbound:Resilience:BreakerMinimumThroughput"] = "1000",
        });
        var carrier = provider.GetRequiredService<ICarrierClient>();
        var send = Message(Approved(customer, "Your order has shipped.", latestChangeAt: null));
        var confirmation = Message(Confirmation(customer, optedOutAt));
        Task<CarrierSendResult>? confirming = null;
        var firstAnswerDelay = TimeSpan.FromMilliseconds(300);
        // The send's first attempt is at the carrier when the confirmation starts; the carrier then answers it with a
        // 500 (nothing sent, retried).
        Vonage.Answer = request =>
        {
            if (request.Form["client-ref"] != send.MessageId.ToString()) return FakeAnswer.Accepted(customer.TrimStart('+'), request.Form["client-ref"], "0C0000000000001");
            confirming ??= Task.Run(() => carrier.SendAsync(confirmation, CancellationToken.None));
            return new FakeAnswer(500, "", Delay: firstAnswerDelay);
        };

        var withheld = Assert.ThrowsAsync<SendWithheldException>(() => carrier.SendAsync(send, CancellationToken.None));
        await WaitUntilAsync(() => confirming is not null);
        var confirmed = await confirming!;

        var arrivals = Vonage.Requests.Where(r => r.Form.GetValueOrDefault("to") == customer.TrimStart('+')).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(withheld!.Reason, Does.StartWith("opted_out_after_approval: "));
            Assert.That(confirmed, Is.TypeOf<CarrierSendResult.Accepted>());
            Assert.That(arrivals.Select(r => r.Form["client-ref"]), Is.EqualTo(new[] { send.MessageId.ToString(), confirmation.MessageId.ToString() }),
                "the send's first attempt, then the confirmation; the send's retry never reached the carrier");
        });
        Assert.That(arrivals[1].ReceivedAt, Is.GreaterThanOrEqualTo(arrivals[0].ReceivedAt + firstAnswerDelay),
            "the confirmation reached the carrier only once the carrier had answered the send's first attempt");
    }

    /// <summary>
    /// One Outbound instance's consumers over <paramref name="redis"/>, as in production (<c>AddSmsMessaging</c>,
    /// prefetch 32): retry, then the in-memory outbox, many sends at once.
    /// </summary>
    private Task<ConsumerHarness> InstanceAsync(string apiKey, IConnectionMultiplexer redis) => StartConsumersAsync(
        new Dictionary<string, string?>
        {
            ["Vonage:ApiKey"] = apiKey,
            ["Outbound:RateLimits:PerAccountPerSecond"] = "10000",
            ["Outbound:RateLimits:DefaultPerNumberPerSecond"] = "10000",
            ["Outbound:Resilience:BreakerMinimumThroughput"] = "10000",
            ["Outbound:Resilience:OutageRetryLimit"] = "0",
        },
        new ConsumerHarnessOptions
        {
            ConfigureEndpoints = endpoint =>
            {
                endpoint.PrefetchCount = 32;
                endpoint.ConcurrentMessageLimit = 32;
                endpoint.UseMessageRetry(r => r.Immediate(2));
            },
            InMemoryOutbox = true,
            TestTimeout = TimeSpan.FromMinutes(2),
            InactivityTimeout = TimeSpan.FromSeconds(10),
        },
        redis: redis);

    private static async Task PublishAsync(ConsumerHarness a, ConsumerHarness b, IEnumerable<SmsApproved> approvals)
    {
        var i = 0;
        foreach (var approved in approvals)
            await (i++ % 2 == 0 ? a : b).Bus.Bus.Publish(approved);
    }

    private static IEnumerable<(Guid MessageId, SmsSendFailed? Failed)> Outcomes(params ConsumerHarness[] instances) =>
        instances.SelectMany(i => i.Bus.Published.Select<SmsSent>().Select(m => (m.Context.Message.Request.MessageId, (SmsSendFailed?)null))
            .Concat(i.Bus.Published.Select<SmsSendFailed>().Select(m => (m.Context.Message.Request.MessageId, (SmsSendFailed?)m.Context.Message))));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition()) await Task.Delay(20, timeout.Token);
    }

    private static SmsApproved Approved(string to, string text, DateTimeOffset? latestChangeAt) => new()
    {
        Request = new SendSms { MessageId = Guid.NewGuid(), To = to, Text = text, Category = SmsCategory.Transactional },
        ApprovedAt = DateTimeOffset.UtcNow,
        DecidedOn = new ConsentBasis { Scope = Scope, LatestChangeAt = latestChangeAt },
    };

    private static SmsApproved Confirmation(string to, DateTimeOffset optedOutAt) => new()
    {
        Request = new SendSms
        {
            MessageId = Guid.NewGuid(),
            To = to,
            Text = "You are unsubscribed. Reply START to subscribe again.",
            Category = SmsCategory.Compliance,
            Origin = SmsOrigin.Compliance,
            InReplyTo = Guid.NewGuid(),
        },
        ApprovedAt = DateTimeOffset.UtcNow,
        ConfirmsOptOut = new ConfirmedOptOut { Scope = Scope, Number = to, OptedOutAt = optedOutAt },
    };

    private static OutboundSms Message(SmsApproved approved) =>
        new(approved.Request.MessageId, OutboundServices.DefaultFrom, approved.Request.To, approved.Request.Text) { Fence = OptOutFence.For(approved) };
}
