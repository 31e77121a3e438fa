using MassTransit;
using Npgsql;
using Sms.Compliance.Tests.Support;
using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;
using Sms.Testing;

namespace Sms.Compliance.Tests.Consumers;

/// <summary>
/// PostgreSQL "stopped" for this test only: the ledger is reached through a proxy that refuses every connection
/// until it is opened, so the shared server keeps running for everyone else.
/// </summary>
public class FailClosedTests
{
    [Test]
    public async Task While_PostgreSQL_is_down_a_send_waits_and_retries_and_once_it_is_back_the_send_is_approved_once()
    {
        var servers = await Servers.GetAsync();
        await TestDatabase.GetAsync("compliance", typeof(Program).Assembly); // migrated
        var target = new NpgsqlConnectionStringBuilder(servers.Postgres);
        await using var proxy = SwitchableTcpProxy.Closed(target.Host ?? "127.0.0.1", target.Port);
        var throughProxy = new NpgsqlConnectionStringBuilder(servers.Postgres) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 2 };
        await using var dataSource = NpgsqlDataSource.Create(throughProxy.ConnectionString);
        await using var compliance = await ComplianceHarness.StartAsync(dataSource,
            endpoint => endpoint.UseMessageRetry(r => r.Interval(100, TimeSpan.FromMilliseconds(100))));
        var recorder = new PublishRecorder();
        using var _ = compliance.Harness.Bus.ConnectPublishObserver(recorder);
        var send = new SendSms
        {
            MessageId = Guid.NewGuid(),
            To = TestNumbers.Unique(),
            From = "+447700900502",
            Text = "Your appointment is tomorrow at 10:00.",
            Category = SmsCategory.Transactional,
        };

        await compliance.Harness.Bus.Publish(send);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (proxy.Refused < 3) await Task.Delay(20, timeout.Token);
        }

        Assert.Multiple(() =>
        {
            Assert.That(recorder.Of<SmsApproved>().Where(p => p.Message.Request.MessageId == send.MessageId), Is.Empty,
                "nothing approved while the ledger cannot be read");
            Assert.That(recorder.Of<SmsSuppressed>().Where(p => p.Message.Request.MessageId == send.MessageId), Is.Empty,
                "nor suppressed: the send waits");
            Assert.That(recorder.Of<Fault<SendSms>>(), Is.Empty, "still retrying, not given up");
        });

        proxy.IsOpen = true;

        Assert.That(await compliance.Harness.PublishedEventuallyAsync<SmsApproved>(m => m.Request.MessageId == send.MessageId), Is.Not.Null);
        Assert.That(await compliance.Harness.Consumed.Any<SendSms>(m => m.Context.Message.MessageId == send.MessageId), Is.True);
        Assert.That(recorder.Of<SmsApproved>().Count(p => p.Message.Request.MessageId == send.MessageId), Is.EqualTo(1), "approved once");
        Assert.That(proxy.Refused, Is.GreaterThanOrEqualTo(3), "the send was tried again while PostgreSQL was down");
    }
}
