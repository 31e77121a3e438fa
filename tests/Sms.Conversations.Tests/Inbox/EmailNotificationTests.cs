using Dapper;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Npgsql;
using Sms.Contracts.Routing;
using Sms.Conversations.Tests.Support;
using Sms.Testing;

namespace Sms.Conversations.Tests.Inbox;

/// <summary>Escalation emails through MailKit to a real local SMTP server: urgent at once, the rest batched, teams filter.</summary>
public sealed class EmailNotificationTests : InboxServiceTest
{
    private readonly string _id = Guid.NewGuid().ToString("N")[..8];
#pragma warning disable NUnit1032 // Disposed in StopPeersAsync, which the base class calls once the service stopped.
    private SmtpSink _sink = null!;
#pragma warning restore NUnit1032

    protected override Task StartPeersAsync()
    {
        _sink = SmtpSink.Start();
        return Task.CompletedTask;
    }

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        // Long enough that the escalations below are queued well inside one batch period on a slow machine.
        ["Inbox:Notifications:BatchSeconds"] = "6",
        ["Inbox:Notifications:PollMilliseconds"] = "100",
        ["Inbox:Notifications:InboxUrl"] = "https://sms.example.com/inbox/",
        ["Inbox:Notifications:Smtp:Host"] = _sink.Host,
        ["Inbox:Notifications:Smtp:Port"] = _sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Inbox:Notifications:Smtp:From"] = "SMS inbox <inbox@example.com>",
        ["Inbox:Notifications:Smtp:Security"] = "none",
        ["Inbox:Notifications:Rules:0:Name"] = "oncall-" + _id,
        ["Inbox:Notifications:Rules:0:Email:0"] = "oncall@example.com",
        ["Inbox:Notifications:Rules:0:Email:1"] = "backup@example.com",
        // Escalations carry no team yet: a rule for a team gets none of them.
        ["Inbox:Notifications:Rules:1:Name"] = "billing-" + _id,
        ["Inbox:Notifications:Rules:1:Email:0"] = "billing@example.com",
        ["Inbox:Notifications:Rules:1:Teams:0"] = "billing",
    };

    protected override ValueTask StopPeersAsync() => _sink.DisposeAsync();

    [Test]
    public async Task An_urgent_escalation_is_emailed_at_once_and_normal_ones_in_one_email_after_the_batch_period()
    {
        var urgent = Events.NewEscalation(EscalationPriority.Urgent);
        await Service.PublishEscalationAsync(urgent);

        var first = (await _sink.WaitForMessagesAsync(1, TimeSpan.FromSeconds(3)))[0];
        var mail = Parse(first);
        var conversation = await Service.Queries.ConversationIdAsync(urgent.CustomerNumber, urgent.BusinessNumber, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(first.From, Is.EqualTo("inbox@example.com"));
            Assert.That(first.Recipients, Is.EqualTo(new[] { "oncall@example.com", "backup@example.com" }));
            Assert.That(mail.Subject, Is.EqualTo("Urgent: a conversation needs a person"));
            Assert.That(mail.TextBody, Does.StartWith("urgent escalation: ")
                .And.Contain($"open in the inbox: https://sms.example.com/inbox/#{conversation:D}")
                .And.Not.Contain("|open in the inbox>"), "a plain-text link, not the chat's markup");
            Assert.That(mail.TextBody, Does.Not.Contain(urgent.CustomerNumber), "no full phone number");
        });

        var queuedAt = DateTimeOffset.UtcNow;
        var normal1 = Events.NewEscalation(EscalationPriority.Normal);
        var normal2 = Events.NewEscalation(EscalationPriority.Normal);
        var normal3 = Events.NewEscalation(EscalationPriority.Normal);
        await Service.PublishEscalationAsync(normal1);
        await Service.PublishEscalationAsync(normal2);
        await Service.PublishEscalationAsync(normal3);
        await Service.PublishEscalationAsync(normal3); // redelivered: still one line
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.That(_sink.Messages, Has.Count.EqualTo(1), "normal ones wait for the batch period");

        var batch = (await _sink.WaitForMessagesAsync(2, TimeSpan.FromSeconds(10)))[1];
        var batchMail = Parse(batch);
        Assert.Multiple(() =>
        {
            Assert.That(DateTimeOffset.UtcNow - queuedAt, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(5.5)));
            Assert.That(batchMail.Subject, Is.EqualTo("3 conversations need a person"));
            var lines = (batchMail.TextBody ?? "").TrimEnd().Split('\n', StringSplitOptions.TrimEntries);
            Assert.That(lines[0], Is.EqualTo("3 conversations need a person:"));
            Assert.That(lines.Skip(1).ToList(), Has.Count.EqualTo(3).And.All.StartWith("• normal escalation: "), "one line per escalation, each once");
            Assert.That(batch.Recipients, Is.EqualTo(new[] { "oncall@example.com", "backup@example.com" }));
        });
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.That(_sink.Messages.SelectMany(m => m.Recipients), Has.None.EqualTo("billing@example.com"),
            "the team's rule matches no escalation without a team");
        Assert.That(_sink.Messages, Has.Count.EqualTo(2), "each sent once");
    }

    internal static MimeMessage Parse(SmtpSinkMessage message)
    {
        using var data = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(message.Data));
        return MimeMessage.Load(data);
    }

}

/// <summary>
/// Recipients the mail server refuses: one refused among others is left out; everyone refused for good is given up
/// after one try; refused for now (4xx) is tried again until the server takes it.
/// </summary>
public sealed class EmailNotificationRefusalTests : InboxServiceTest
{
    private readonly string _id = Guid.NewGuid().ToString("N")[..8];
#pragma warning disable NUnit1032 // Disposed in StopPeersAsync, which the base class calls once the service stopped.
    private SmtpSink _sink = null!;
#pragma warning restore NUnit1032

    protected override Task StartPeersAsync()
    {
        _sink = SmtpSink.Start();
        _sink.Refuse("gone@example.com");
        _sink.Refuse("full@example.com", 452);
        return Task.CompletedTask;
    }

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Inbox:Notifications:PollMilliseconds"] = "50",
        ["Inbox:Notifications:FirstRetryMilliseconds"] = "200",
        ["Inbox:Notifications:MaxRetrySeconds"] = "1",
        ["Inbox:Notifications:Smtp:Host"] = _sink.Host,
        ["Inbox:Notifications:Smtp:Port"] = _sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Inbox:Notifications:Smtp:From"] = "inbox@example.com",
        ["Inbox:Notifications:Smtp:Security"] = "none",
        ["Inbox:Notifications:Rules:0:Name"] = "partly-" + _id,
        ["Inbox:Notifications:Rules:0:Email:0"] = "gone@example.com",
        ["Inbox:Notifications:Rules:0:Email:1"] = "oncall@example.com",
        ["Inbox:Notifications:Rules:1:Name"] = "gone-" + _id,
        ["Inbox:Notifications:Rules:1:Email:0"] = "gone@example.com",
        ["Inbox:Notifications:Rules:2:Name"] = "full-" + _id,
        ["Inbox:Notifications:Rules:2:Email:0"] = "full@example.com",
    };

    protected override ValueTask StopPeersAsync() => _sink.DisposeAsync();

    [Test]
    public async Task A_refused_recipient_is_left_out_given_up_when_alone_and_retried_while_refused_for_now()
    {
        await Service.PublishEscalationAsync(Events.NewEscalation(EscalationPriority.Urgent));

        // Refused for now: tried again, after growing waits, until the server takes it.
        var retried = await RowAsync("full-" + _id, row => row.Attempts >= 3);
        Assert.That(retried.SentAt, Is.Null);
        _sink.Accept("full@example.com");
        var delivered = await RowAsync("full-" + _id, row => row.SentAt is not null);

        var partly = await RowAsync("partly-" + _id, row => row.SentAt is not null);
        var gone = await RowAsync("gone-" + _id, row => row.GivenUpAt is not null);
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // longer than the longest wait: a further (wrong) try would come within it
        var goneLater = await RowAsync("gone-" + _id, _ => true);

        Assert.Multiple(() =>
        {
            Assert.That(_sink.Messages.Select(m => m.Recipients), Is.EquivalentTo(new[] { new[] { "oncall@example.com" }, new[] { "full@example.com" } }),
                "the partly refused email reached the accepted recipient, the one refused for now once it was taken");
            Assert.That(partly.Attempts, Is.EqualTo(1), "one refused recipient among others does not repeat the email to the rest");
            Assert.That(gone.Attempts, Is.EqualTo(1));
            Assert.That(goneLater.Attempts, Is.EqualTo(1), "refused for good: not tried again");
            Assert.That(goneLater.SentAt, Is.Null);
            Assert.That(_sink.Refusals.Count(r => r.Recipient == "gone@example.com"), Is.EqualTo(2), "once for each rule that names it");
            Assert.That(delivered.Attempts, Is.EqualTo(_sink.Refusals.Count(r => r.Recipient == "full@example.com") + 1));
        });
    }

    private sealed record NotificationRow(int Attempts, DateTime? SentAt, DateTime? GivenUpAt);

    private async Task<NotificationRow> RowAsync(string rule, Func<NotificationRow, bool> condition)
    {
        var dataSource = Service.Factory.Services.GetRequiredService<NpgsqlDataSource>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(15);
        while (true)
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            var row = await connection.QuerySingleOrDefaultAsync<NotificationRow>("""
                SELECT attempts AS Attempts, sent_at AS SentAt, given_up_at AS GivenUpAt
                FROM conversations.notifications WHERE rule = @Rule
                """, new { Rule = rule });
            if (row is not null && condition(row))
                return row;
            Assert.That(DateTimeOffset.UtcNow, Is.LessThan(deadline), $"the notification row of {rule} never got there; last: {row}");
            await Task.Delay(10);
        }
    }
}
