using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Logging;
using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;
using Sms.Outbound.Data;
using Sms.Outbound.Tests.Support;
using Sms.Testing;
using StackExchange.Redis;

namespace Sms.Outbound.Tests.Consumers;

/// <summary>
/// SmsApproved through the consumer on a test harness (with the service's retry and in-memory outbox), the real Redis
/// and a real local HTTP server speaking the Vonage SMS API.
/// </summary>
public class SmsApprovedConsumerTests : OutboundFixture
{
    private ConsumerHarness harness = null!;

    /// <summary>Fast in-consumer retries; the circuit breaker out of the way unless a test asks for it.</summary>
    private static readonly Dictionary<string, string?> TestResilience = new()
    {
        ["Outbound:Resilience:MaxRetryAttempts"] = "2",
        ["Outbound:Resilience:RetryBaseDelayMilliseconds"] = "20",
        ["Outbound:Resilience:RetryMaxDelayMilliseconds"] = "100",
        ["Outbound:Resilience:BreakerMinimumThroughput"] = "1000",
        // A delivery that finds another attempt's claim in flight looks again soon.
        ["Outbound:SendClaims:InFlightRecheckMilliseconds"] = "100",
    };

    [SetUp]
    public Task StartHarness() => StartHarnessAsync(TestResilience, r => r.Immediate(2));

    /// <summary>
    /// A fresh harness (and so a fresh circuit, under a Vonage account of its own) in place of the test's current one,
    /// with these settings and this bus retry (null: the service's own), and the in-memory outbox as in production.
    /// </summary>
    private async Task StartHarnessAsync(IReadOnlyDictionary<string, string?> settings, Action<IRetryConfigurator>? busRetry)
    {
        if (harness is not null) await StopAsync(harness);
        harness = await StartConsumersAsync(
            new Dictionary<string, string?>(settings) { ["Vonage:ApiKey"] = $"con{Guid.NewGuid():N}"[..16] },
            new ConsumerHarnessOptions
            {
                Logs = Logs,
                ServiceRetry = busRetry is null,
                ConfigureEndpoints = busRetry is null ? null : endpoint => endpoint.UseMessageRetry(busRetry),
                InMemoryOutbox = true,
            },
            timeoutSeconds: 1);
    }

    private static SmsApproved Approved(string to, string text = "Your parcel arrives tomorrow between 9 and 12.", string? from = null) => new()
    {
        Request = new SendSms
        {
            MessageId = Guid.NewGuid(),
            To = to,
            From = from,
            Text = text,
            Category = SmsCategory.Transactional,
        },
        ApprovedAt = DateTimeOffset.UtcNow,
    };

    private async Task<T> PublishedAsync<T>(Guid messageId) where T : class
    {
        var published = await harness.Bus.Published
            .SelectAsync<T>(m => MessageIdOf(m.Context.Message) == messageId)
            .FirstOrDefault();
        Assert.That(published, Is.Not.Null, $"no {typeof(T).Name} published for {messageId}");
        return published!.Context.Message;
    }

    private static Guid MessageIdOf(object message) => message switch
    {
        SmsSent sent => sent.Request.MessageId,
        SmsSendFailed failed => failed.Request.MessageId,
        _ => Guid.Empty,
    };

    /// <summary>The first <paramref name="count"/> items, or fewer when the harness sees no more activity.</summary>
    private static async Task<List<T>> UpTo<T>(int count, IAsyncEnumerable<T> source)
    {
        var items = new List<T>();
        await foreach (var item in source)
        {
            items.Add(item);
            if (items.Count == count) break;
        }
        return items;
    }

    private Task<bool> ClaimedAsync(Guid messageId) => Redis.GetDatabase().KeyExistsAsync(SendClaims.Key(messageId));

    private async Task<string?> ClaimValueAsync(Guid messageId) => await Redis.GetDatabase().StringGetAsync(SendClaims.Key(messageId));

    /// <summary>The send claims as another Outbound instance sees them, its clock reading <paramref name="now"/>.</summary>
    private SendClaims OtherInstance(DateTimeOffset now) => new(Redis, new FixedClock(now));

    /// <summary>Another instance claimed the message at <paramref name="claimedAt"/> and has called the carrier with it.</summary>
    private async Task<SendClaim> OtherSenderCallingAsync(DateTimeOffset claimedAt, Guid messageId)
    {
        var other = OtherInstance(claimedAt);
        var claim = await other.TryClaimAsync(messageId);
        Assert.That(claim.Acquired && await other.MarkCallingAsync(claim), Is.True, "the precondition: the other instance holds the claim");
        return claim;
    }

    private bool AboutMessage(Guid messageId, string text) =>
        Logs.Lines.Any(l => l.Text.Contains(messageId.ToString()) && l.Text.Contains(text));

    [Test]
    public async Task An_approved_sms_is_sent_once_and_reported_with_provider_ids_and_segments()
    {
        var approved = Approved("+447700900421");

        await harness.Bus.Bus.Publish(approved);

        var sent = await PublishedAsync<SmsSent>(approved.Request.MessageId);
        var request = Vonage.RequestsFor(approved.Request.MessageId).Single();
        Assert.Multiple(() =>
        {
            Assert.That(sent.Provider, Is.EqualTo("vonage"));
            Assert.That(sent.From, Is.EqualTo(OutboundServices.DefaultFrom));
            Assert.That(sent.ProviderMessageIds, Has.Count.EqualTo(1).And.All.StartsWith("0A"));
            Assert.That(sent.SegmentCount, Is.EqualTo(1));
            Assert.That(sent.Encoding, Is.EqualTo(SmsEncoding.Gsm7));
            Assert.That(sent.Request, Is.EqualTo(approved.Request));
            Assert.That(sent.SentAt, Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
            Assert.That(request.Form["from"], Is.EqualTo("447700900000"));
            Assert.That(request.Form["to"], Is.EqualTo("447700900421"));
        });
    }

    [Test]
    public async Task A_long_unicode_sms_reports_every_part_id_the_segment_count_and_ucs2()
    {
        var text = string.Concat(Enumerable.Repeat("Votre rendez-vous est confirmé ✓ ", 5)); // 165 UTF-16 units: 3 parts of 67
        var approved = Approved("+447700900422", text);

        await harness.Bus.Bus.Publish(approved);

        var sent = await PublishedAsync<SmsSent>(approved.Request.MessageId);
        Assert.Multiple(() =>
        {
            Assert.That(sent.SegmentCount, Is.EqualTo(3));
            Assert.That(sent.Encoding, Is.EqualTo(SmsEncoding.Ucs2));
            Assert.That(sent.ProviderMessageIds, Has.Count.EqualTo(3).And.Unique);
            Assert.That(Vonage.RequestsFor(approved.Request.MessageId).Single().Form["type"], Is.EqualTo("unicode"));
        });
    }

    [Test]
    public async Task The_requested_sender_is_used_and_reported_in_E164()
    {
        var approved = Approved("+447700900423", from: "447700900999");

        await harness.Bus.Bus.Publish(approved);

        var sent = await PublishedAsync<SmsSent>(approved.Request.MessageId);
        Assert.Multiple(() =>
        {
            Assert.That(sent.From, Is.EqualTo("+447700900999"));
            Assert.That(Vonage.RequestsFor(approved.Request.MessageId).Single().Form["from"], Is.EqualTo("447700900999"));
        });
    }

    [Test]
    public async Task The_same_approval_twice_reaches_the_carrier_once_and_reports_the_same_send()
    {
        var approved = Approved("+447700900424");

        await harness.Bus.Bus.Publish(approved);
        var first = await PublishedAsync<SmsSent>(approved.Request.MessageId);
        await harness.Bus.Bus.Publish(approved);
        var reports = await UpTo(2, harness.Bus.Published
            .SelectAsync<SmsSent>(m => m.Context.Message.Request.MessageId == approved.Request.MessageId));

        Assert.Multiple(() =>
        {
            Assert.That(Vonage.RequestsFor(approved.Request.MessageId).Count(), Is.EqualTo(1));
            Assert.That(reports, Has.Count.EqualTo(2));
            Assert.That(reports.Select(r => r.Context.Message.ProviderMessageIds), Has.All.EqualTo(first.ProviderMessageIds));
        });
    }

    [Test]
    public async Task Two_copies_at_once_reach_the_carrier_once()
    {
        var approved = Approved("+447700900425");
        Vonage.Answer = r => FakeAnswer.Accepted(r.Form["to"], r.Form["client-ref"], $"0A{Guid.NewGuid():N}"[..18]) with { Delay = TimeSpan.FromMilliseconds(300) };

        await Task.WhenAll(harness.Bus.Bus.Publish(approved), harness.Bus.Bus.Publish(approved));
        await PublishedAsync<SmsSent>(approved.Request.MessageId);
        Assert.That(await UpTo(2, harness.Bus.Consumed.SelectAsync<SmsApproved>(m => m.Context.Message.Request.MessageId == approved.Request.MessageId)),
            Has.Count.EqualTo(2));

        Assert.That(Vonage.RequestsFor(approved.Request.MessageId).Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_permanent_refusal_is_reported_as_SmsSendFailed_and_not_retried()
    {
        Vonage.Answer = _ => FakeAnswer.Error("7", "Number barred");
        var approved = Approved("+447700900426");

        await harness.Bus.Bus.Publish(approved);

        var failed = await PublishedAsync<SmsSendFailed>(approved.Request.MessageId);
        Assert.Multiple(async () =>
        {
            Assert.That(failed.Provider, Is.EqualTo("vonage"));
            Assert.That(failed.ErrorCode, Is.EqualTo("7"));
            Assert.That(failed.Reason, Does.StartWith("Number barred: the destination is on the blocked list"));
            Assert.That(failed.Retryable, Is.False);
            Assert.That(failed.Request, Is.EqualTo(approved.Request));
            Assert.That(Vonage.RequestsFor(approved.Request.MessageId).Count(), Is.EqualTo(1));
            Assert.That(await harness.Bus.Published.Any<SmsSent>(m => m.Context.Message.Request.MessageId == approved.Request.MessageId), Is.False);
            Assert.That(await ClaimedAsync(approved.Request.MessageId), Is.False, "nothing was sent, so the id is free again");
        });
    }

    /// <summary>
    /// A send the carrier refused, replayed from the failed-messages view (README, "Failed messages"): the replay is the
    /// same request, so it is sent once when the carrier takes it, and a second replay finds the claim and only reports.
    /// </summary>
    [Test]
    public async Task A_refused_send_replayed_twice_reaches_the_carrier_once_more()
    {
        Vonage.Answer = _ => FakeAnswer.Error("7", "Number barred");
        var approved = Approved("+447700900427");
        await harness.Bus.Bus.Publish(approved);
        await PublishedAsync<SmsSendFailed>(approved.Request.MessageId);
        Vonage.Answer = null;

        await harness.Bus.Bus.Publish(approved with { ApprovedAt = DateTimeOffset.UtcNow });
        await PublishedAsync<SmsSent>(approved.Request.MessageId);
        await harness.Bus.Bus.Publish(approved with { ApprovedAt = DateTimeOffset.UtcNow });
        var reports = await UpTo(2, harness.Bus.Published
            .SelectAsync<SmsSent>(m => m.Context.Message.Request.MessageId == approved.Request.MessageId));

        Assert.Multiple(() =>
        {
            Assert.That(Vonage.RequestsFor(approved.Request.MessageId).Count(), Is.EqualTo(2), "the refusal and one send");
            Assert.That(reports, Has.Count.EqualTo(2), "the second replay reports the send again");
            Assert.That(reports.Select(r => string.Join(",", r.Context.Message.ProviderMessageIds)).Distinct(), Has.Exactly(1).Items);
        });
    }

    [Test]
    public async Task A_throttled_send_is_retried_and_then_sent()
    {
        var approved = Approved("+447700900427");
        var attempts = 0;
        Vonage.Answer = r => Interlocked.Increment(ref attempts) == 1
            ? FakeAnswer.Error("1", "Throughput Rate Exceeded - please wait [ 250 ] and retry")
            : FakeAnswer.Accepted(r.Form["to"], r.Form["client-ref"], "0A0000000RETRIED1");

        await harness.Bus.Bus.Publish(approved);

        var sent = await PublishedAsync<SmsSent>(approved.Request.MessageId);
        Assert.Multiple(() =>
        {
            Assert.That(sent.ProviderMessageIds, Is.EqualTo(new[] { "0A0000000RETRIED1" }));
            Assert.That(Vonage.RequestsFor(approved.Request.MessageId).Count(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_carrier_unavailable_for_longer_than_any_bounded_retry_gets_the_message_once_when_it_is_back_and_nothing_faults()
    {
        // The service's own bus retry; one carrier call per try.
        await StartHarnessAsync(new Dictionary<string, string?>(TestResilience)
        {
            ["Outbound:Resilience:MaxRetryAttempts"] = "0",
        }, busRetry: null);
        var approved = Approved("+447700900428");
        var attempts = 0;
        // Seventy refusals: many times the six tries (the first and five retries) a failure that is not an outage gets.
        Vonage.Answer = r => Interlocked.Increment(ref attempts) <= 70
            ? new FakeAnswer(503, "")
            : FakeAnswer.Accepted(r.Form["to"], r.Form["client-ref"], "0A0000000BACK001");

        await harness.Bus.Bus.Publish(approved);

        var sent = await PublishedAsync<SmsSent>(approved.Request.MessageId);
        var reports = await UpTo(2, harness.Bus.Published.SelectAsync<SmsSent>(m => m.Context.Message.Request.MessageId == approved.Request.MessageId));
        Assert.Multiple(async () =>
        {
            Assert.That(sent.ProviderMessageIds, Is.EqualTo(new[] { "0A0000000BACK001" }));
            Assert.That(reports, Has.Count.EqualTo(1), "reported once");
            Assert.That(Vonage.RequestsFor(approved.Request.MessageId).Count(), Is.EqualTo(71), "seventy refusals, then one send");
            Assert.That(await harness.Bus.Published.Any<Fault<SmsApproved>>(m => m.Context.Message.Message.Request.MessageId == approved.Request.MessageId), Is.False,
                "nothing went to the error queue");
            Assert.That(await harness.Bus.Published.Any<SmsSendFailed>(m => m.Context.Message.Request.MessageId == approved.Request.MessageId), Is.False);
        });
    }

    [Test]
    public async Task A_timeout_after_sending_is_reported_as_retryable_with_an_unknown_outcome_and_never_resent()
    {
        Vonage.Answer = r => FakeAnswer.Accepted(r.Form["to"], r.Form["client-ref"], "0A000000000LATE1") with { Delay = TimeSpan.FromSeconds(5) };
        var approved = Approved("+447700900429");

        await harness.Bus.Bus.Publish(approved);

        var failed = await PublishedAsync<SmsSendFailed>(approved.Request.MessageId);
        Assert.Multiple(async () =>
        {
            Assert.That(failed.Retryable, Is.True);
            Assert.That(failed.ErrorCode, Is.Null);
            Assert.That(failed.Reason, Does.StartWith("Outcome unknown"));
            Assert.That(failed.OutcomeUnknown, Is.True, "said in a field, not only in words");
            Assert.That(Vonage.RequestsFor(approved.Request.MessageId).Count(), Is.EqualTo(1), "not retried by the bus");
            Assert.That(await ClaimValueAsync(approved.Request.MessageId), Does.StartWith("unknown:"),
                "the claim stays, marked unknown: it may have been sent");
        });

        // A redelivery does not send it either, and reports the same failure again.
        Vonage.Answer = null;
        await harness.Bus.Bus.Publish(approved);
        Assert.That(await UpTo(2, harness.Bus.Consumed.SelectAsync<SmsApproved>(m => m.Context.Message.Request.MessageId == approved.Request.MessageId)),
            Has.Count.EqualTo(2));
        var reports = await UpTo(2, harness.Bus.Published.SelectAsync<SmsSendFailed>(m => m.Context.Message.Request.MessageId == approved.Request.MessageId));
        Assert.Multiple(() =>
        {
            Assert.That(Vonage.RequestsFor(approved.Request.MessageId).Count(), Is.EqualTo(1));
            Assert.That(reports, Has.Count.EqualTo(2));
            Assert.That(reports.Select(r => (r.Context.Message.Reason, r.Context.Message.FailedAt)), Has.All.EqualTo((failed.Reason, failed.FailedAt)));
        });
    }

    [Test]
    public async Task A_claim_left_by_a_sender_that_stopped_mid_call_is_reported_once_as_an_unknown_outcome_and_not_sent()
    {
        var approved = Approved("+447700900435");
        // An instance claimed the message five minutes ago, called the carrier, and died before it recorded anything.
        await OtherSenderCallingAsync(DateTimeOffset.UtcNow.AddMinutes(-5), approved.Request.MessageId);

        await harness.Bus.Bus.Publish(approved); // the broker redelivers its message to us

        var failed = await PublishedAsync<SmsSendFailed>(approved.Request.MessageId);
        var reports = await UpTo(2, harness.Bus.Published.SelectAsync<SmsSendFailed>(m => m.Context.Message.Request.MessageId == approved.Request.MessageId));
        Assert.Multiple(async () =>
        {
            Assert.That(reports, Has.Count.EqualTo(1), "exactly one SmsSendFailed");
            Assert.That(failed.Retryable, Is.True);
            Assert.That(failed.ErrorCode, Is.Null);
            Assert.That(failed.Provider, Is.EqualTo("vonage"));
            Assert.That(failed.Reason, Does.StartWith("Outcome unknown: the sender stopped mid-call"));
            Assert.That(failed.OutcomeUnknown, Is.True);
            Assert.That(failed.Request, Is.EqualTo(approved.Request));
            Assert.That(Vonage.RequestsFor(approved.Request.MessageId), Is.Empty, "not sent again: it may have gone out");
            Assert.That(await ClaimValueAsync(approved.Request.MessageId), Does.StartWith("unknown:"));
            Assert.That(await harness.Bus.Published.Any<SmsSent>(m => m.Context.Message.Request.MessageId == approved.Request.MessageId), Is.False);
        });
    }

    [Test]
    public async Task A_claim_another_sender_holds_right_now_is_looked_at_again_and_ends_with_that_senders_send_without_sending_twice()
    {
        var approved = Approved("+447700900436");
        var other = OtherInstance(DateTimeOffset.UtcNow);
        var otherClaim = await OtherSenderCallingAsync(DateTimeOffset.UtcNow, approved.Request.MessageId);

        await harness.Bus.Bus.Publish(approved);

        // Not acknowledged silently: the delivery keeps looking while the other sender is mid-call.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Logs.Lines.Count(l => l.Text.Contains(approved.Request.MessageId.ToString()) && l.Text.Contains("claimed by another attempt")) < 3
               && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.That(AboutMessage(approved.Request.MessageId, "claimed by another attempt"), Is.True, "the delivery found the claim and waits");
        Assert.That(await ClaimValueAsync(approved.Request.MessageId), Is.EqualTo(otherClaim.Token), "nothing changed the other sender's claim");

        // The other sender gets its answer and records its send.
        var record = new SentRecord("vonage", "+447700900000", ["0A00000000OTHER1"], 1, SmsEncoding.Gsm7, DateTimeOffset.UtcNow);
        Assert.That(await other.RecordSentAsync(otherClaim, record), Is.EqualTo(RecordSentResult.Recorded));

        var sent = await PublishedAsync<SmsSent>(approved.Request.MessageId);
        Assert.Multiple(async () =>
        {
            Assert.That(sent.ProviderMessageIds, Is.EqualTo(new[] { "0A00000000OTHER1" }), "the other sender's send, reported again");
            Assert.That(Vonage.RequestsFor(approved.Request.MessageId), Is.Empty, "this delivery never called the carrier");
            Assert.That(await ClaimValueAsync(approved.Request.MessageId), Does.StartWith("sent:"));
            Assert.That(await harness.Bus.Published.Any<Fault<SmsApproved>>(m => m.Context.Message.Message.Request.MessageId == approved.Request.MessageId), Is.False);
            Assert.That(await harness.Bus.Published.Any<SmsSendFailed>(m => m.Context.Message.Request.MessageId == approved.Request.MessageId), Is.False);
        });
    }

    [Test]
    public async Task A_claim_held_by_a_sender_that_then_stops_is_waited_for_and_reported_as_unknown_once_it_is_too_old()
    {
        // A short time limit, so "too old" comes within the test: 3 s for the whole send plus 1 s margin.
        var settings = new Dictionary<string, string?>(TestResilience)
        {
            ["Outbound:Resilience:TotalTimeoutSeconds"] = "3",
            ["Twilio:TimeoutSeconds"] = "1",
            ["Outbound:RateLimits:MaxWaitSeconds"] = "1",
            ["Outbound:SendClaims:InFlightMarginSeconds"] = "1",
            ["Outbound:SendClaims:InFlightRecheckMilliseconds"] = "250",
        };
        await StartHarnessAsync(settings, r => r.None());
        var approved = Approved("+447700900437");
        await OtherSenderCallingAsync(DateTimeOffset.UtcNow, approved.Request.MessageId); // and never finishes
        var published = DateTimeOffset.UtcNow;

        await harness.Bus.Bus.Publish(approved);

        var failed = await PublishedAsync<SmsSendFailed>(approved.Request.MessageId);
        Assert.Multiple(async () =>
        {
            Assert.That(failed.Reason, Does.StartWith("Outcome unknown: the sender stopped mid-call"));
            Assert.That(failed.OutcomeUnknown, Is.True);
            Assert.That(failed.FailedAt - published, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(3.5)), "not before the claim was too old");
            Assert.That(AboutMessage(approved.Request.MessageId, "claimed by another attempt"), Is.True, "it waited first");
            Assert.That(Vonage.RequestsFor(approved.Request.MessageId), Is.Empty);
            Assert.That(await harness.Bus.Published.Any<Fault<SmsApproved>>(m => m.Context.Message.Message.Request.MessageId == approved.Request.MessageId), Is.False);
        });
    }

    [Test]
    public async Task A_claim_left_by_a_sender_that_stopped_before_calling_the_carrier_is_taken_over_and_sent_once()
    {
        var approved = Approved("+447700900438");
        // An instance claimed the message five minutes ago and stopped before it called the carrier.
        var stopped = await OtherInstance(DateTimeOffset.UtcNow.AddMinutes(-5)).TryClaimAsync(approved.Request.MessageId);
        Assert.That(stopped.Acquired, Is.True, "the precondition: the other instance holds the claim");

        await harness.Bus.Bus.Publish(approved);

        var sent = await PublishedAsync<SmsSent>(approved.Request.MessageId);
        Assert.Multiple(async () =>
        {
            Assert.That(sent.Request, Is.EqualTo(approved.Request));
            Assert.That(Vonage.RequestsFor(approved.Request.MessageId).Count(), Is.EqualTo(1));
            Assert.That(AboutMessage(approved.Request.MessageId, "stopped before calling the carrier"), Is.True);
            Assert.That(await ClaimValueAsync(approved.Request.MessageId), Does.StartWith("sent:"));
            Assert.That(await harness.Bus.Published.Any<SmsSendFailed>(m => m.Context.Message.Request.MessageId == approved.Request.MessageId), Is.False);
        });
    }

    [Test]
    public async Task A_send_whose_redis_fails_between_its_claim_and_the_carrier_call_is_sent_once_when_redis_is_back()
    {
        // Outbound's Redis behind a proxy that drops every connection, and refuses new ones, the moment the rate limiter
        // asks for a send slot: after the claim, before the carrier call; giving the claim back fails as well.
        var servers = await Servers.GetAsync();
        var direct = ConfigurationOptions.Parse(servers.Redis);
        var (host, port) = direct.EndPoints.Single() switch
        {
            System.Net.DnsEndPoint named => (named.Host, named.Port),
            System.Net.IPEndPoint address => (address.Address.ToString(), address.Port),
            var other => throw new InvalidOperationException($"Unexpected Redis endpoint {other}"),
        };
        await using var proxy = SwitchableTcpProxy.Open(host, port);
        var throughProxy = direct.Clone();
        throughProxy.EndPoints.Clear();
        throughProxy.EndPoints.Add("127.0.0.1", proxy.Port);
        throughProxy.AbortOnConnectFail = false;
        throughProxy.ConnectTimeout = 1_000;
        throughProxy.AsyncTimeout = 1_000;
        throughProxy.SyncTimeout = 1_000;
        throughProxy.ReconnectRetryPolicy = new LinearRetry(200);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(throughProxy);
        var account = $"rf{Guid.NewGuid():N}"[..16];
        var settings = new Dictionary<string, string?>(TestResilience)
        {
            ["Vonage:ApiKey"] = account,
            // A send may take 3 s: the claim it left counts as stopped soon after Redis is back.
            ["Outbound:Resilience:TotalTimeoutSeconds"] = "3",
            ["Twilio:TimeoutSeconds"] = "1",
            ["Outbound:RateLimits:MaxWaitSeconds"] = "1",
            ["Outbound:SendClaims:InFlightMarginSeconds"] = "0",
        };
        await StopAsync(harness);
        harness = await StartConsumersAsync(
            settings,
            new ConsumerHarnessOptions
            {
                Logs = Logs,
                ServiceRetry = false,
                ConfigureEndpoints = endpoint => endpoint.UseMessageRetry(r => r.Interval(100, TimeSpan.FromMilliseconds(300))),
                InMemoryOutbox = true,
            },
            timeoutSeconds: 1, redis: redis);
        var approved = Approved("+447700900439");
        proxy.CloseWhenSent($":account:{account}");

        await harness.Bus.Bus.Publish(approved);
        await proxy.Tripped.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(TimeSpan.FromSeconds(4)); // Redis stays away for longer than a send may take

        Assert.Multiple(async () =>
        {
            Assert.That(await ClaimValueAsync(approved.Request.MessageId), Does.StartWith("reserved:"), "the claim says the carrier was not called");
            Assert.That(Vonage.RequestsFor(approved.Request.MessageId), Is.Empty);
            Assert.That(await harness.Bus.Published.Any<SmsSendFailed>(m => m.Context.Message.Request.MessageId == approved.Request.MessageId), Is.False,
                "no outcome reported while Redis is away");
        });

        proxy.IsOpen = true;

        var sent = await PublishedAsync<SmsSent>(approved.Request.MessageId);
        Assert.Multiple(async () =>
        {
            Assert.That(sent.Request, Is.EqualTo(approved.Request));
            Assert.That(Vonage.RequestsFor(approved.Request.MessageId).Count(), Is.EqualTo(1), "sent exactly once");
            Assert.That(await ClaimValueAsync(approved.Request.MessageId), Does.StartWith("sent:"));
            Assert.That(await harness.Bus.Published.Any<SmsSendFailed>(m => m.Context.Message.Request.MessageId == approved.Request.MessageId), Is.False,
                "never reported as an unknown outcome");
        });
    }

    [Test]
    public async Task A_partly_accepted_message_is_reported_sent_with_the_ids_that_went()
    {
        Vonage.Answer = r => FakeAnswer.Parts(
            FakeAnswer.Part("0", r.Form["to"], r.Form["client-ref"], messageId: "0A00000000MIXED1"),
            FakeAnswer.Part("5", r.Form["to"], r.Form["client-ref"], errorText: "internal error"));
        var approved = Approved("+447700900430", new string('a', 200));

        await harness.Bus.Bus.Publish(approved);

        var sent = await PublishedAsync<SmsSent>(approved.Request.MessageId);
        Assert.Multiple(() =>
        {
            Assert.That(sent.ProviderMessageIds, Is.EqualTo(new[] { "0A00000000MIXED1" }));
            Assert.That(sent.SegmentCount, Is.EqualTo(2));
            Assert.That(Vonage.RequestsFor(approved.Request.MessageId).Count(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Logs_at_information_carry_no_full_number_message_text_or_secret()
    {
        Vonage.Answer = r => FakeAnswer.Parts(
            FakeAnswer.Part("0", r.Form["to"], r.Form["client-ref"], messageId: "0A00000000LOGS01"),
            FakeAnswer.Part("5", r.Form["to"], r.Form["client-ref"], errorText: "internal error"));
        var approved = Approved("+447700900431", "Secret appointment code 7781, reply YES to confirm");

        await harness.Bus.Bus.Publish(approved);
        await PublishedAsync<SmsSent>(approved.Request.MessageId);

        var visible = Logs.Lines.Where(l => l.Level >= LogLevel.Information).Select(l => l.Text).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(visible, Has.Some.Contains(approved.Request.MessageId.ToString()), "the send itself is logged");
            Assert.That(visible, Has.None.Contains("447700900431"));
            Assert.That(visible, Has.None.Contains("7781"));
            Assert.That(visible, Has.None.Contains("outbound-test-secret"));
        });
    }

    [Test]
    public async Task Throttling_and_carrier_errors_end_in_one_send_and_one_SmsSent()
    {
        var approved = Approved("+447700900432");
        var attempts = 0;
        Vonage.Answer = r => Interlocked.Increment(ref attempts) switch
        {
            1 => FakeAnswer.Error("1", "Throughput Rate Exceeded - please wait [ 250 ] and retry"),
            2 => new FakeAnswer(502, ""),
            3 => FakeAnswer.Error("5", "Internal Error"), // the consumer's retries are spent: back to the bus
            4 => new FakeAnswer(429, ""),
            _ => FakeAnswer.Accepted(r.Form["to"], r.Form["client-ref"], "0A00000000ONCE01"),
        };

        await harness.Bus.Bus.Publish(approved);

        var sent = await PublishedAsync<SmsSent>(approved.Request.MessageId);
        var reports = await UpTo(2, harness.Bus.Published.SelectAsync<SmsSent>(m => m.Context.Message.Request.MessageId == approved.Request.MessageId));
        Assert.Multiple(async () =>
        {
            Assert.That(sent.ProviderMessageIds, Is.EqualTo(new[] { "0A00000000ONCE01" }));
            Assert.That(reports, Has.Count.EqualTo(1), "reported once");
            Assert.That(Vonage.RequestsFor(approved.Request.MessageId).Count(), Is.EqualTo(5), "four refusals, one send");
            Assert.That(await harness.Bus.Published.Any<SmsSendFailed>(m => m.Context.Message.Request.MessageId == approved.Request.MessageId), Is.False);
        });
    }

    [Test]
    public async Task While_the_circuit_is_open_the_message_waits_for_the_bus_retry_and_goes_out_once_when_the_carrier_recovers()
    {
        // The service's own bus retry; no retries in the consumer; the circuit opens after two failures. Each message's
        // first refusal counts towards the circuit (its repeats do not), so two messages fail once each.
        await StartHarnessAsync(new Dictionary<string, string?>
        {
            ["Outbound:Resilience:MaxRetryAttempts"] = "0",
            ["Outbound:Resilience:BreakerFailureRatio"] = "1.0",
            ["Outbound:Resilience:BreakerMinimumThroughput"] = "2",
            ["Outbound:Resilience:BreakDurationSeconds"] = "1.5",
        }, busRetry: null);
        var first = Approved("+447700900433");
        var second = Approved("+447700900434");
        var refused = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>();
        Vonage.Answer = r => refused.TryAdd(r.Form["client-ref"], true)
            ? new FakeAnswer(503, "")
            : FakeAnswer.Accepted(r.Form["to"], r.Form["client-ref"], $"0A0000WAIT{r.Form["to"][^4..]}");

        await harness.Bus.Bus.Publish(first);
        await harness.Bus.Bus.Publish(second);

        var sentFirst = await PublishedAsync<SmsSent>(first.Request.MessageId);
        var sentSecond = await PublishedAsync<SmsSent>(second.Request.MessageId);
        var visible = Logs.Lines.Where(l => l.Level >= LogLevel.Warning).Select(l => l.Text).ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(sentFirst.ProviderMessageIds, Is.EqualTo(new[] { "0A0000WAIT0433" }));
            Assert.That(sentSecond.ProviderMessageIds, Is.EqualTo(new[] { "0A0000WAIT0434" }));
            Assert.That(Vonage.RequestsFor(first.Request.MessageId).Count(), Is.EqualTo(2), "a failure, then the send");
            Assert.That(Vonage.RequestsFor(second.Request.MessageId).Count(), Is.EqualTo(2), "a failure, then the send");
            Assert.That(visible, Has.Some.Contains("circuit opened"));
            Assert.That(visible, Has.Some.Contains("circuit is open"), "at least one delivery found the circuit open and did not call the carrier");
            Assert.That(await harness.Bus.Published.Any<Fault<SmsApproved>>(), Is.False, "nothing went to the error queue");
        });
    }

    // Half a surrogate pair cannot arrive on the bus: the JSON serializer writes it as U+FFFD. U+0000 travels as \u0000.
    [Test]
    public async Task A_text_no_carrier_takes_published_on_the_bus_ends_as_SmsSendFailed_unsendable_text_without_calling_the_carrier()
    {
        var approved = Approved("+447700900435", text: "Meet me \0 at ten");

        await harness.Bus.Bus.Publish(approved);

        var failed = await PublishedAsync<SmsSendFailed>(approved.Request.MessageId);
        Assert.Multiple(async () =>
        {
            Assert.That(failed.Reason, Does.StartWith("unsendable_text: "));
            Assert.That(failed.Retryable, Is.False);
            Assert.That(Vonage.RequestsFor(approved.Request.MessageId), Is.Empty, "the carrier was not called");
            Assert.That(await harness.Bus.Published.Any<SmsSent>(m => m.Context.Message.Request.MessageId == approved.Request.MessageId), Is.False);
            Assert.That(await harness.Bus.Published.Any<Fault<SmsApproved>>(), Is.False, "not parked in the error queue");
        });
    }

    [Test]
    public async Task A_picture_for_a_Vonage_number_ends_as_SmsSendFailed_media_unsupported_without_calling_the_carrier()
    {
        var approved = Approved("+447700900437", text: "Here is the photo");
        approved = approved with
        {
            Request = approved.Request with { Media = new OutboundMedia { Url = "https://inbox.example.com/p.png", ContentType = "image/png" } },
        };

        await harness.Bus.Bus.Publish(approved);

        var failed = await PublishedAsync<SmsSendFailed>(approved.Request.MessageId);
        Assert.Multiple(() =>
        {
            Assert.That(failed.Reason, Does.StartWith("media_unsupported: "));
            Assert.That(failed.Retryable, Is.False);
            Assert.That(Vonage.RequestsFor(approved.Request.MessageId), Is.Empty, "the text was not sent without its picture");
        });
    }

    [Test]
    public async Task A_payload_the_carrier_fails_on_every_time_while_it_takes_others_ends_as_SmsSendFailed_and_does_not_hold_the_circuit_open()
    {
        // The service's own bus retry (which waits out an outage without limit); a circuit that would open after three
        // failures in four calls and then stay open longer than the test.
        await StartHarnessAsync(new Dictionary<string, string?>
        {
            ["Outbound:Resilience:MaxRetryAttempts"] = "1",
            ["Outbound:Resilience:RetryBaseDelayMilliseconds"] = "20",
            ["Outbound:Resilience:MaxRejectionsPerMessage"] = "6",
            ["Outbound:Resilience:BreakerFailureRatio"] = "0.5",
            ["Outbound:Resilience:BreakerMinimumThroughput"] = "3",
            ["Outbound:Resilience:BreakDurationSeconds"] = "60",
        }, busRetry: null);
        var poison = Approved("+447700900436", text: "This payload makes the carrier fail");
        var firstRefusal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Vonage.Answer = r =>
        {
            if (r.Form["text"] != poison.Request.Text) return FakeAnswer.Accepted(r.Form["to"], r.Form["client-ref"], $"0A00000OK{r.Form["to"][^4..]}");
            firstRefusal.TrySetResult();
            return new FakeAnswer(500, "");
        };

        await harness.Bus.Bus.Publish(poison);
        await firstRefusal.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var others = Enumerable.Range(437, 4).Select(n => Approved($"+447700900{n}")).ToList();
        foreach (var other in others) await harness.Bus.Bus.Publish(other);

        var failed = await PublishedAsync<SmsSendFailed>(poison.Request.MessageId);
        var sent = new List<SmsSent>();
        foreach (var other in others) sent.Add(await PublishedAsync<SmsSent>(other.Request.MessageId));
        Assert.Multiple(async () =>
        {
            Assert.That(failed.Reason, Does.StartWith("carrier_rejected_repeatedly: "));
            Assert.That(failed.Retryable, Is.False);
            // Six at least; a few more when the others take a moment to go through. Without a bound: for ever.
            Assert.That(Vonage.RequestsFor(poison.Request.MessageId).Count(), Is.InRange(6, 40), "given up after the limit once others went through");
            Assert.That(sent, Has.Count.EqualTo(4), "every other message went out");
            Assert.That(Logs.Lines.Select(l => l.Text), Has.None.Contains("circuit opened"), "the poison payload did not open the circuit");
            Assert.That(await harness.Bus.Published.Any<Fault<SmsApproved>>(), Is.False, "nothing went to the error queue");
        });
    }
}
