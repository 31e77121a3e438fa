using System.Collections.Concurrent;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sms.Contracts.Routing;
using Sms.Conversations.Tests.Support;
using Sms.Testing;

namespace Sms.Conversations.Tests.Inbox;

/// <summary>A webhook that fails, then recovers: the retries wait longer each time, and the notification goes out once.</summary>
public sealed class NotificationRetryTests : InboxServiceTest
{
    private const int FailuresBeforeRecovery = 3;

    private readonly ConcurrentQueue<(int Status, bool RowLocked)> _requests = new();
    private readonly string _rule = "retry-" + Guid.NewGuid().ToString("N")[..8];
    private LocalHttpServer _webhook = null!;

    protected override async Task StartPeersAsync()
    {
        _webhook = await LocalHttpServer.StartAsync(async context =>
        {
            // While the post is in flight the notification's row must be free: no transaction of the sender holds it.
            var locked = await RowLockedAsync();
            var status = _requests.Count < FailuresBeforeRecovery ? 503 : 200;
            _requests.Enqueue((status, locked));
            context.Response.StatusCode = status;
        });
    }

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Inbox:Notifications:PollMilliseconds"] = "50",
        ["Inbox:Notifications:FirstRetryMilliseconds"] = "200",
        ["Inbox:Notifications:MaxRetrySeconds"] = "1",
        ["Inbox:Notifications:Rules:0:Name"] = _rule,
        ["Inbox:Notifications:Rules:0:Url"] = _webhook.Url("/hook"),
        ["Inbox:Notifications:Rules:0:MinimumPriority"] = "urgent",
    };

    protected override ValueTask StopPeersAsync() => _webhook.DisposeAsync();

    [Test]
    public async Task A_failing_webhook_is_retried_after_growing_waits_and_gets_the_notification_once_it_recovers()
    {
        var events = Events.ForNewCustomer();
        await Service.Bus.Bus.Publish(new ConversationEscalated
        {
            InboundMessageId = Guid.NewGuid(), CustomerNumber = events.Customer, BusinessNumber = events.Business,
            Reason = EscalationReason.HumanRequested, Priority = EscalationPriority.Urgent, EscalatedAt = DateTimeOffset.UtcNow,
        });

        // Each failure's wait, read from the row after that failure was recorded.
        var waits = new List<TimeSpan>();
        for (var attempts = 1; attempts <= FailuresBeforeRecovery; attempts++)
        {
            var failed = await RowAsync(row => row.Attempts == attempts);
            waits.Add(failed.NextAttemptAt - failed.LastAttemptAt!.Value);
        }
        var sent = await RowAsync(row => row.SentAt is not null);
        await Task.Delay(500); // a further (wrong) post would come within this

        Assert.Multiple(() =>
        {
            Assert.That(waits, Is.EqualTo(new[] { TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(800) }),
                "the wait doubles with each failure");
            Assert.That(sent.Attempts, Is.EqualTo(FailuresBeforeRecovery + 1));
            Assert.That(_requests.Select(r => r.Status), Is.EqualTo(new[] { 503, 503, 503, 200 }), "one delivery after recovery, none after it");
            Assert.That(_requests.Select(r => r.RowLocked), Has.All.False, "no transaction is open around the post");
        });
    }

    [TestCase(1, 2)]
    [TestCase(2, 4)]
    [TestCase(5, 32)]
    [TestCase(9, 300)]
    [TestCase(1000, 300)]
    public void The_wait_doubles_with_each_failure_up_to_the_cap(int attempts, int seconds) =>
        Assert.That(Sms.Conversations.Notifications.EscalationNotifications.RetryDelay(attempts, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(5)),
            Is.EqualTo(TimeSpan.FromSeconds(seconds)));

    private sealed record NotificationRow(int Attempts, DateTime? LastAttemptAt, DateTime NextAttemptAt, DateTime? SentAt);

    private async Task<NotificationRow> RowAsync(Func<NotificationRow, bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(15);
        while (true)
        {
            await using var connection = await DataSource.OpenConnectionAsync();
            var row = await connection.QuerySingleOrDefaultAsync<NotificationRow>("""
                SELECT attempts AS Attempts, last_attempt_at AS LastAttemptAt, next_attempt_at AS NextAttemptAt, sent_at AS SentAt
                FROM conversations.notifications WHERE rule = @Rule
                """, new { Rule = _rule });
            if (row is not null && condition(row))
                return row;
            Assert.That(DateTimeOffset.UtcNow, Is.LessThan(deadline), $"the notification row never got there; last: {row}");
            await Task.Delay(10);
        }
    }

    /// <summary>
    /// Whether the row stays locked for a second: a transaction open around the post would hold it until the post ends,
    /// which waits on this very handler. (Another sender loop's claim may lock it for a moment; that is waited out.)
    /// </summary>
    private async Task<bool> RowLockedAsync()
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        try
        {
            await connection.ExecuteAsync("SET LOCAL lock_timeout = '1s'", transaction: transaction);
            await connection.ExecuteAsync("SELECT 1 FROM conversations.notifications WHERE rule = @Rule FOR UPDATE", new { Rule = _rule }, transaction);
            return false;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            return true;
        }
    }

    private NpgsqlDataSource DataSource => Service.Factory.Services.GetRequiredService<NpgsqlDataSource>();
}
