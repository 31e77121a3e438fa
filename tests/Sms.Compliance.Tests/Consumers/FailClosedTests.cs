using MassTransit;
using Npgsql;
using Sms.Compliance.Tests.Support;
using Sms.Contracts.Compliance;
using Sms.Contracts.Inbound;
using Sms.Contracts.Outbound;
using Sms.Testing;

namespace Sms.Compliance.Tests.Consumers;

/// <summary>
/// The service's own retry (<c>UseSmsMessageRetry</c>) when the ledger cannot be read. PostgreSQL is "stopped" for a
/// test only: the ledger is reached through a proxy that refuses every connection until it is opened, so the shared
/// server keeps running for everyone else.
/// </summary>
public class FailClosedTests : ComplianceDatabaseFixture
{
    private static SendSms Send() => new()
    {
        MessageId = Guid.NewGuid(),
        To = TestNumbers.Unique(),
        From = "+447700900502",
        Text = "Your appointment is tomorrow at 10:00.",
        Category = SmsCategory.Transactional,
    };

    [Test]
    public async Task While_PostgreSQL_is_down_longer_than_any_bounded_retry_a_send_and_a_STOP_wait_and_once_it_is_back_each_is_handled_once()
    {
        var servers = await Servers.GetAsync();
        var target = new NpgsqlConnectionStringBuilder(servers.Postgres);
        await using var proxy = SwitchableTcpProxy.Closed(target.Host ?? "127.0.0.1", target.Port);
        var throughProxy = new NpgsqlConnectionStringBuilder(servers.Postgres) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 2 };
        await using var dataSource = NpgsqlDataSource.Create(throughProxy.ConnectionString);
        await using var compliance = await StartWithServiceRetryAsync(dataSource);
        var recorder = new PublishRecorder();
        using var _ = compliance.Bus.Bus.ConnectPublishObserver(recorder);
        var send = Send();
        var stop = new InboundSmsReceived
        {
            MessageId = Guid.NewGuid(),
            Provider = "vonage",
            ProviderMessageId = Guid.NewGuid().ToString("N"),
            From = TestNumbers.Unique(),
            To = "+447700900502",
            Text = "STOP",
            ReceivedAt = DateTimeOffset.UtcNow,
        };

        await compliance.Bus.Bus.Publish(send);
        await compliance.Bus.Bus.Publish(stop);
        // Each try of either message is one refused connection: 40 is several times the six tries (the first and five
        // retries) a failure that is not an outage gets.
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (proxy.Refused < 40) await Task.Delay(20, timeout.Token);
        }

        Assert.Multiple(() =>
        {
            Assert.That(recorder.Of<SmsApproved>().Where(p => p.Message.Request.MessageId == send.MessageId), Is.Empty,
                "nothing approved while the ledger cannot be read");
            Assert.That(recorder.Of<SmsSuppressed>().Where(p => p.Message.Request.MessageId == send.MessageId), Is.Empty,
                "nor suppressed: the send waits");
            Assert.That(recorder.Of<OptOutRecorded>().Where(p => p.Message.InboundMessageId == stop.MessageId), Is.Empty);
            Assert.That(recorder.Of<Fault<SendSms>>(), Is.Empty, "still retrying, not given up");
            Assert.That(recorder.Of<Fault<InboundSmsReceived>>(), Is.Empty, "the STOP still retrying, not given up");
        });

        proxy.IsOpen = true;

        Assert.That(await compliance.Bus.PublishedEventuallyAsync<SmsApproved>(m => m.Request.MessageId == send.MessageId), Is.Not.Null);
        Assert.That(await compliance.Bus.PublishedEventuallyAsync<OptOutRecorded>(m => m.InboundMessageId == stop.MessageId), Is.Not.Null);
        Assert.That(await compliance.Bus.Consumed.Any<SendSms>(m => m.Context.Message.MessageId == send.MessageId), Is.True);
        await recorder.WhenRecordedAsync<SmsApproved>(m => m.Request.MessageId == send.MessageId);
        await recorder.WhenRecordedAsync<OptOutRecorded>(m => m.InboundMessageId == stop.MessageId);
        Assert.Multiple(() =>
        {
            Assert.That(recorder.Of<SmsApproved>().Count(p => p.Message.Request.MessageId == send.MessageId), Is.EqualTo(1), "approved once");
            Assert.That(recorder.Of<OptOutRecorded>().Count(p => p.Message.InboundMessageId == stop.MessageId), Is.EqualTo(1), "opted out once");
            Assert.That(recorder.Of<Fault<SendSms>>(), Is.Empty);
            Assert.That(recorder.Of<Fault<InboundSmsReceived>>(), Is.Empty);
        });
    }

    [Test]
    public async Task A_failure_that_is_not_an_outage_is_retried_a_few_times_and_then_faults()
    {
        // A database that does not exist: PostgreSQL answers, and will answer the same however often it is asked.
        var servers = await Servers.GetAsync();
        var missing = new NpgsqlConnectionStringBuilder(servers.Postgres) { Database = "sms_test_no_such_database" };
        await using var dataSource = NpgsqlDataSource.Create(missing.ConnectionString);
        await using var compliance = await StartWithServiceRetryAsync(dataSource);
        var send = Send();

        await compliance.Bus.Bus.Publish(send);

        var fault = await compliance.Bus.PublishedEventuallyAsync<Fault<SendSms>>(m => m.Message.MessageId == send.MessageId);
        Assert.That(fault, Is.Not.Null, "given up: the Fault goes out and the message to _error");
        Assert.Multiple(async () =>
        {
            Assert.That(fault!.Exceptions.Select(e => e.ExceptionType), Has.Some.EqualTo(typeof(PostgresException).FullName));
            Assert.That(await compliance.Bus.Published.Any<SmsApproved>(m => m.Context.Message.Request.MessageId == send.MessageId), Is.False);
        });
    }

    /// <summary>The consumers with the service's own retry (<c>UseSmsMessageRetry</c>) and its short test waits.</summary>
    private static Task<ConsumerHarness> StartWithServiceRetryAsync(NpgsqlDataSource dataSource) =>
        ComplianceHarness.StartAsync(dataSource, new ConsumerHarnessOptions { ServiceRetry = true });
}
