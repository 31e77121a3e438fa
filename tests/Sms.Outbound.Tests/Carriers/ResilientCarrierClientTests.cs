using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Sms.Outbound.Carriers;
using Sms.Outbound.Tests.Support;
using Sms.Testing;

namespace Sms.Outbound.Tests.Carriers;

/// <summary>
/// The carrier client as the consumer sees it (rate limits, retry, circuit breaker, time limit; the service's own
/// wiring) against a local HTTP server speaking the Vonage SMS API that throttles, fails and recovers on demand.
/// </summary>
public class ResilientCarrierClientTests : OutboundFixture
{
    /// <summary>One Outbound instance: fast retries, and a breaker that opens after <paramref name="breakAfter"/> failures in a row.</summary>
    private ServiceProvider Instance(int retries = 3, int breakAfter = 100, double breakSeconds = 2, int timeoutSeconds = 10) =>
        Outbound(new Dictionary<string, string?>
        {
            ["Vonage:ApiKey"] = $"res{Guid.NewGuid():N}"[..16],
            ["Outbound:Resilience:MaxRetryAttempts"] = retries.ToString(CultureInfo.InvariantCulture),
            ["Outbound:Resilience:RetryBaseDelayMilliseconds"] = "20",
            ["Outbound:Resilience:RetryMaxDelayMilliseconds"] = "100",
            ["Outbound:Resilience:BreakerFailureRatio"] = "1.0",
            ["Outbound:Resilience:BreakerMinimumThroughput"] = breakAfter.ToString(CultureInfo.InvariantCulture),
            ["Outbound:Resilience:BreakDurationSeconds"] = breakSeconds.ToString(CultureInfo.InvariantCulture),
        }, timeoutSeconds);

    private static OutboundSms Message() => new(Guid.NewGuid(), TestNumbers.Unique(), TestNumbers.Unique(), "Your order has shipped.");

    /// <summary>Answers the given faults in turn, then accepts.</summary>
    private void FailThenAccept(params FakeAnswer[] faults)
    {
        var count = 0;
        Vonage.Answer = r =>
        {
            var n = Interlocked.Increment(ref count);
            return n <= faults.Length ? faults[n - 1] : FakeAnswer.Accepted(r.Form["to"], r.Form["client-ref"], $"0A{n:D14}");
        };
    }

    [Test]
    public async Task Throttling_and_carrier_errors_are_retried_until_the_message_is_sent_exactly_once()
    {
        var provider = Instance(retries: 4);
        FailThenAccept(
            FakeAnswer.Error("1", "Throughput Rate Exceeded - please wait [ 250 ] and retry"),
            new FakeAnswer(503, ""),
            FakeAnswer.Error("5", "Internal Error"),
            new FakeAnswer(429, ""));
        var message = Message();

        var result = await provider.GetRequiredService<ICarrierClient>().SendAsync(message, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.TypeOf<CarrierSendResult.Accepted>());
            Assert.That(Vonage.RequestsFor(message.MessageId).Count(), Is.EqualTo(5), "four refusals, then the one that went");
        });
    }

    [Test]
    public async Task When_the_retries_run_out_the_last_refusal_comes_back_retryable_with_its_code()
    {
        var provider = Instance(retries: 2);
        Vonage.Answer = _ => FakeAnswer.Error("5", "Internal Error");
        var message = Message();

        var result = await provider.GetRequiredService<ICarrierClient>().SendAsync(message, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.TypeOf<CarrierSendResult.Failed>());
            Assert.That(((CarrierSendResult.Failed)result).Error.Code, Is.EqualTo("5"));
            Assert.That(((CarrierSendResult.Failed)result).Error.Retryable, Is.True);
            Assert.That(Vonage.RequestsFor(message.MessageId).Count(), Is.EqualTo(3), "the first try and two retries");
        });
    }

    [Test]
    public async Task A_request_that_may_have_reached_the_carrier_is_not_retried()
    {
        var provider = Instance(retries: 3, timeoutSeconds: 1);
        Vonage.Answer = r => FakeAnswer.Accepted(r.Form["to"], r.Form["client-ref"], "0A000000000SLOW1") with { Delay = TimeSpan.FromSeconds(3) };
        var message = Message();

        var result = await provider.GetRequiredService<ICarrierClient>().SendAsync(message, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.TypeOf<CarrierSendResult.OutcomeUnknown>());
            Assert.That(Vonage.RequestsFor(message.MessageId).Count(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_permanent_refusal_is_not_retried()
    {
        var provider = Instance(retries: 3);
        Vonage.Answer = _ => FakeAnswer.Error("7", "Number barred");
        var message = Message();

        var result = await provider.GetRequiredService<ICarrierClient>().SendAsync(message, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.TypeOf<CarrierSendResult.Failed>());
            Assert.That(((CarrierSendResult.Failed)result).Error.Retryable, Is.False);
            Assert.That(Vonage.RequestsFor(message.MessageId).Count(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task The_circuit_opens_after_repeated_failures_and_no_request_reaches_the_carrier_until_it_half_opens()
    {
        var provider = Instance(retries: 0, breakAfter: 3, breakSeconds: 2);
        var client = provider.GetRequiredService<ICarrierClient>();
        Vonage.Answer = _ => new FakeAnswer(503, "");

        var failing = new[] { Message(), Message(), Message() };
        foreach (var message in failing) await client.SendAsync(message, CancellationToken.None);
        var whileOpen = new[] { Message(), Message(), Message() };
        var openResults = new List<CarrierSendResult>();
        foreach (var message in whileOpen) openResults.Add(await client.SendAsync(message, CancellationToken.None));
        var requestsWhileOpen = whileOpen.Sum(m => Vonage.RequestsFor(m.MessageId).Count());

        Vonage.Answer = null; // the carrier recovers
        await Task.Delay(TimeSpan.FromSeconds(2.3));
        var afterBreak = Message();
        var recovered = await client.SendAsync(afterBreak, CancellationToken.None);
        var next = Message();
        var closed = await client.SendAsync(next, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(failing.Sum(m => Vonage.RequestsFor(m.MessageId).Count()), Is.EqualTo(3));
            Assert.That(openResults, Has.All.TypeOf<CarrierSendResult.Failed>());
            Assert.That(openResults.Cast<CarrierSendResult.Failed>().Select(f => f.Error),
                Has.All.Matches<CarrierError>(e => e.Retryable && e.Code == null && e.Reason.Contains("circuit is open")));
            Assert.That(requestsWhileOpen, Is.Zero, "no request reaches the carrier while the circuit is open");
            Assert.That(recovered, Is.TypeOf<CarrierSendResult.Accepted>(), "the trial after the break goes through");
            Assert.That(closed, Is.TypeOf<CarrierSendResult.Accepted>(), "and closes the circuit");
            Assert.That(Vonage.RequestsFor(afterBreak.MessageId).Count() + Vonage.RequestsFor(next.MessageId).Count(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Throttling_does_not_open_the_circuit()
    {
        var provider = Instance(retries: 0, breakAfter: 3);
        var client = provider.GetRequiredService<ICarrierClient>();
        Vonage.Answer = _ => FakeAnswer.Error("1", "Throughput Rate Exceeded - please wait [ 250 ] and retry");
        var messages = Enumerable.Range(0, 5).Select(_ => Message()).ToList();

        foreach (var message in messages) await client.SendAsync(message, CancellationToken.None);

        Assert.That(messages.Select(m => Vonage.RequestsFor(m.MessageId).Count()), Has.All.EqualTo(1), "every send reached the carrier");
    }

    [Test]
    public async Task Timeouts_open_the_circuit_too()
    {
        var provider = Instance(retries: 0, breakAfter: 2, timeoutSeconds: 1);
        var client = provider.GetRequiredService<ICarrierClient>();
        Vonage.Answer = r => FakeAnswer.Accepted(r.Form["to"], r.Form["client-ref"], "0A000000000SLOW2") with { Delay = TimeSpan.FromSeconds(3) };

        await client.SendAsync(Message(), CancellationToken.None);
        await client.SendAsync(Message(), CancellationToken.None);
        var third = Message();
        var result = await client.SendAsync(third, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.TypeOf<CarrierSendResult.Failed>());
            Assert.That(Vonage.RequestsFor(third.MessageId), Is.Empty);
        });
    }

    [Test]
    public async Task A_send_that_gets_no_rate_limit_slot_in_time_is_not_sent_and_comes_back_retryable()
    {
        var sender = TestNumbers.Unique();
        var provider = Outbound(new Dictionary<string, string?>
        {
            ["Vonage:ApiKey"] = $"slot{Guid.NewGuid():N}"[..16],
            [$"Outbound:RateLimits:Numbers:{sender.TrimStart('+')}"] = "1",
            ["Outbound:RateLimits:MaxWaitSeconds"] = "1",
        });
        var client = provider.GetRequiredService<ICarrierClient>();
        var first = Message() with { From = sender };
        var second = Message() with { From = sender };

        var sent = await client.SendAsync(first, CancellationToken.None);
        var refused = await client.SendAsync(second, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(sent, Is.TypeOf<CarrierSendResult.Accepted>());
            Assert.That(refused, Is.TypeOf<CarrierSendResult.Failed>());
            Assert.That(((CarrierSendResult.Failed)refused).Error, Is.EqualTo(new CarrierError(null,
                "Not sent: no send slot free within 1 s (rate limit of the account or the sending number)", Retryable: true, Throttled: true)));
            Assert.That(Vonage.RequestsFor(second.MessageId), Is.Empty);
        });
    }
}
