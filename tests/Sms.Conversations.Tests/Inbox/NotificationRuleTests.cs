using Sms.Contracts.Routing;
using Sms.Conversations.Extensions;
using Sms.Conversations.Notifications;
using Sms.Conversations.Tests.Support;

namespace Sms.Conversations.Tests.Inbox;

/// <summary>Notification rules with no I/O: teams, the email's subject and outcome, and the checks made on start.</summary>
public sealed class NotificationRuleTests
{
    private static readonly ConversationEscalated Urgent = new()
    {
        InboundMessageId = Guid.NewGuid(), CustomerNumber = "+447700900123", BusinessNumber = "+447700900999",
        Reason = EscalationReason.HumanRequested, Priority = EscalationPriority.Urgent, EscalatedAt = DateTimeOffset.UtcNow,
    };

    [TestCase("billing", new[] { "all", "billing", "billing-or-sales" })]
    [TestCase("BILLING", new[] { "all", "billing", "billing-or-sales" })]
    [TestCase("sales", new[] { "all", "billing-or-sales" })]
    [TestCase("support", new[] { "all" })]
    [TestCase(null, new[] { "all" })]
    public void A_rule_with_teams_matches_only_escalations_routed_to_one_of_them(string? team, string[] expected)
    {
        NotificationRule[] rules =
        [
            new() { Name = "all", Url = "http://x/" },
            new() { Name = "billing", Email = ["billing@example.com"], Teams = ["billing"] },
            new() { Name = "billing-or-sales", Url = "http://x/", Teams = ["billing", "sales"] },
        ];
        Assert.That(EscalationNotifications.Matching(rules, Urgent, team).Select(r => r.Name), Is.EqualTo(expected));
    }

    [TestCase(1, true, "Urgent: a conversation needs a person")]
    [TestCase(1, false, "A conversation needs a person")]
    [TestCase(3, false, "3 conversations need a person")]
    [TestCase(3, true, "Urgent: 3 conversations need a person")]
    public void An_email_subject_counts_its_escalations_and_says_when_one_is_urgent(int count, bool urgent, string subject) =>
        Assert.That(EscalationNotifications.Subject(count, urgent), Is.EqualTo(subject));

    [Test]
    public void An_email_line_links_to_its_conversation_with_the_plain_address()
    {
        var id = Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff");
        var line = EscalationNotifications.Line(Urgent, "https://sms.example.com/inbox/", id, NotificationChannel.Email);
        Assert.That(line, Is.EqualTo(EscalationNotifications.Line(Urgent) + " - open in the inbox: https://sms.example.com/inbox/#6f9619ff-8b86-d011-b42d-00c04fc964ff"));
    }

    [TestCase(2, new int[0], NotificationOutcome.Sent)]
    [TestCase(2, new[] { 550 }, NotificationOutcome.Sent)]
    [TestCase(1, new[] { 550 }, NotificationOutcome.GivenUp)]
    [TestCase(2, new[] { 550, 553 }, NotificationOutcome.GivenUp)]
    [TestCase(1, new[] { 450 }, NotificationOutcome.Retry)]
    [TestCase(2, new[] { 550, 451 }, NotificationOutcome.Retry)]
    public void An_email_is_sent_when_anyone_took_it_and_given_up_only_when_everyone_refused_it_for_good(
        int recipients, int[] refusals, NotificationOutcome outcome) =>
        Assert.That(EscalationNotifications.EmailOutcome(recipients, refusals), Is.EqualTo(outcome));

    [Test]
    public void A_valid_configuration_has_no_problems()
    {
        var options = new NotificationOptions
        {
            Rules =
            [
                new() { Name = "chat", Url = "https://hooks.example.com/x", MinimumPriority = "high" },
                new() { Name = "oncall", Email = ["oncall@example.com", "Night Desk <night@example.com>"], Teams = ["billing"] },
            ],
            Smtp = new() { Host = "smtp.example.com", From = "inbox@example.com", Username = "inbox", Password = "secret", Security = "TLS" },
        };
        Assert.That(NotificationOptionsValidator.Problems(options), Is.Empty);
    }

    private static readonly SmtpOptions GoodSmtp = new() { Host = "smtp.example.com", From = "inbox@example.com" };

    private static IEnumerable<TestCaseData> Broken()
    {
        yield return Case("both", new NotificationRule { Name = "r", Url = "https://x.example/", Email = ["a@example.com"] }, GoodSmtp,
            "Inbox:Notifications:Rules:0 ('r') needs exactly one of Url (a webhook) or Email (addresses).");
        yield return Case("neither", new NotificationRule { Name = "r" }, GoodSmtp,
            "Inbox:Notifications:Rules:0 ('r') needs exactly one of Url (a webhook) or Email (addresses).");
        yield return Case("no name", new NotificationRule { Url = "https://x.example/" }, GoodSmtp, "Inbox:Notifications:Rules:0:Name is required.");
        yield return Case("relative url", new NotificationRule { Name = "r", Url = "/hook" }, GoodSmtp,
            "Inbox:Notifications:Rules:0:Url is not an absolute http(s) address.");
        yield return Case("bad address", new NotificationRule { Name = "r", Email = ["a@example.com", "not an address"] }, GoodSmtp,
            "Inbox:Notifications:Rules:0:Email:1 is not an email address.");
        yield return Case("bad priority", new NotificationRule { Name = "r", Url = "https://x.example/", MinimumPriority = "critical" }, GoodSmtp,
            "Inbox:Notifications:Rules:0:MinimumPriority 'critical' is not normal, high or urgent.");
        yield return Case("empty team", new NotificationRule { Name = "r", Url = "https://x.example/", Teams = [" "] }, GoodSmtp,
            "Inbox:Notifications:Rules:0:Teams holds an empty team name.");
        var email = new NotificationRule { Name = "r", Email = ["a@example.com"] };
        yield return Case("no host", email, new SmtpOptions { From = "inbox@example.com" }, "Inbox:Notifications:Smtp:Host is required: a rule sends email.");
        yield return Case("no from", email, new SmtpOptions { Host = "smtp.example.com" },
            "Inbox:Notifications:Smtp:From is required and must be an email address: a rule sends email.");
        yield return Case("bad port", email, new SmtpOptions { Host = "smtp.example.com", From = "inbox@example.com", Port = 0 },
            "Inbox:Notifications:Smtp:Port must be between 1 and 65535.");
        yield return Case("bad security", email, new SmtpOptions { Host = "smtp.example.com", From = "inbox@example.com", Security = "ssl" },
            "Inbox:Notifications:Smtp:Security 'ssl' is not none, starttls or tls.");
        yield return Case("no password", email, new SmtpOptions { Host = "smtp.example.com", From = "inbox@example.com", Username = "inbox" },
            "Inbox:Notifications:Smtp:Password is required with Username (set it in the environment: Inbox__Notifications__Smtp__Password).");

        static TestCaseData Case(string name, NotificationRule rule, SmtpOptions smtp, string problem) =>
            new TestCaseData(rule, smtp, problem).SetArgDisplayNames(name);
    }

    [TestCaseSource(nameof(Broken))]
    public void A_broken_rule_is_named_with_its_key(NotificationRule rule, SmtpOptions smtp, string problem) =>
        Assert.That(NotificationOptionsValidator.Problems(new NotificationOptions { Rules = [rule], Smtp = smtp }), Is.EqualTo(new[] { problem }));

    [Test]
    public void Two_rules_of_one_name_are_refused() =>
        Assert.That(NotificationOptionsValidator.Problems(new NotificationOptions
            {
                Rules = [new() { Name = "r", Url = "https://x.example/" }, new() { Name = "r", Url = "https://y.example/" }],
            }),
            Is.EqualTo(new[] { "Inbox:Notifications:Rules:1:Name 'r' is used by an earlier rule: each rule needs its own name." }));

    [Test]
    public void Without_an_email_rule_the_mail_server_need_not_be_configured() =>
        Assert.That(NotificationOptionsValidator.Problems(new NotificationOptions
        {
            Rules = [new() { Name = "chat", Url = "https://hooks.example.com/x" }], Smtp = new() { Security = "bogus", Port = 0 },
        }), Is.Empty);

    [Test]
    public void The_service_does_not_start_with_a_broken_rule()
    {
        var failure = Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(async () =>
            await (await InboxService.StartAsync(new Dictionary<string, string>
            {
                ["Inbox:Notifications:Rules:0:Name"] = "oncall",
                ["Inbox:Notifications:Rules:0:Email:0"] = "oncall@example.com",
            })).DisposeAsync());
        Assert.That(failure!.Message, Does.Contain("Inbox:Notifications:Smtp:Host is required: a rule sends email."));
    }
}
