using Sms.Contracts.Routing;
using Sms.Conversations.Extensions;
using Sms.Conversations.Http;
using Sms.Conversations.Notifications;
using Sms.Conversations.Threads;

namespace Sms.Conversations.Tests.Inbox;

/// <summary>The inbox's pure decisions: placeholders, the change feed's gaps, page cursors, notification rules.</summary>
public sealed class InboxDecisionTests
{
    private static readonly Dictionary<string, string> Ada =
        CannedResponseFiller.ValuesOf("Ada King Lovelace", "+447700900123", "+447700900999", new Dictionary<string, string> { ["coupon"] = "SPRING10" });

    [TestCase("Hi {first_name}!", "Hi Ada!")]
    [TestCase("Dear {first_name} {last_name}", "Dear Ada King Lovelace")]
    [TestCase("{name}, call {business_number}", "Ada King Lovelace, call +447700900999")]
    [TestCase("Code {coupon}", "Code SPRING10")]
    [TestCase("No placeholders", "No placeholders")]
    [TestCase("{ first_name } stays", "{ first_name } stays")]
    public void Placeholders_are_filled_from_the_contact(string text, string expected) =>
        Assert.That(CannedResponseFiller.Fill(text, Ada).Text, Is.EqualTo(expected));

    [Test]
    public void Unknown_placeholders_stay_and_are_listed_once()
    {
        var filled = CannedResponseFiller.Fill("{greeting} {first_name}, {greeting} {order_id}", Ada);
        Assert.That(filled.Text, Is.EqualTo("{greeting} Ada, {greeting} {order_id}"));
        Assert.That(filled.MissingPlaceholders, Is.EqualTo(new[] { "greeting", "order_id" }));
    }

    [Test]
    public void A_contact_without_a_name_leaves_the_name_placeholders_missing()
    {
        var values = CannedResponseFiller.ValuesOf(null, "+447700900123", "+447700900999", new Dictionary<string, string>());
        Assert.That(CannedResponseFiller.Fill("Hi {first_name} {last_name}", values).MissingPlaceholders, Is.EqualTo(new[] { "first_name", "last_name" }));
    }

    [Test]
    public void A_single_word_name_has_no_last_name() =>
        Assert.That(CannedResponseFiller.Fill("{first_name}|{last_name}", CannedResponseFiller.ValuesOf("Cher", "+1", "+2", new Dictionary<string, string>())).Text,
            Is.EqualTo("Cher|{last_name}"));

    [Test]
    public void The_feed_stops_at_a_fresh_gap_and_passes_a_settled_one()
    {
        FeedPosition[] rows = [new(11, false), new(13, false), new(14, false)];
        Assert.That(ChangeFeedCursor.Deliverable(10, rows).Select(r => r.Position), Is.EqualTo(new long[] { 11 }), "12 may still commit");

        FeedPosition[] settled = [new(11, true), new(13, true), new(14, false)];
        Assert.That(ChangeFeedCursor.Deliverable(10, settled).Select(r => r.Position), Is.EqualTo(new long[] { 11, 13, 14 }), "12 rolled back");
    }

    [TestCase(100, 0, 100, false)]
    [TestCase(100, 100, 100, false)]
    [TestCase(99, 100, 100, true)]
    [TestCase(0, 5_000, 5_000, true)]
    public void A_reader_resumes_where_it_asked_unless_what_it_missed_was_pruned(long requested, long prunedThrough, long after, bool reset) =>
        Assert.That(ChangeFeedCursor.Resume(requested, prunedThrough), Is.EqualTo((after, reset)));

    [Test]
    public void The_feed_delivers_nothing_twice() =>
        Assert.That(ChangeFeedCursor.Deliverable(12, [new(11, true), new(12, true), new(13, false)]).Select(r => r.Position), Is.EqualTo(new long[] { 13 }));

    [Test]
    public void A_cursor_round_trips_and_a_plain_instant_reads_as_one()
    {
        var at = new DateTime(2025, 1, 31, 9, 30, 0, DateTimeKind.Utc).AddTicks(1234560);
        var id = Guid.NewGuid();
        Assert.That(PageCursor.TryParse(PageCursor.Of(at, id).ToString(), out var cursor), Is.True);
        Assert.That(cursor.At.UtcDateTime, Is.EqualTo(at));
        Assert.That(cursor.TryGetId(out var parsed) && parsed == id, Is.True);
        Assert.That(PageCursor.TryParse("2025-01-31T09:30:00Z", out var plain) && plain.TieBreaker.Length == 0, Is.True);
        Assert.That(PageCursor.TryParse("soon", out _), Is.False);
    }

    private static ConversationEscalated Escalation(EscalationPriority priority, EscalationReason reason) => new()
    {
        InboundMessageId = Guid.NewGuid(), CustomerNumber = "+447700900123", BusinessNumber = "+447700900999",
        Reason = reason, Priority = priority, EscalatedAt = DateTimeOffset.UtcNow, Topic = "billing",
    };

    [TestCase(EscalationPriority.Normal, EscalationReason.HumanRequested, new[] { "all" })]
    [TestCase(EscalationPriority.High, EscalationReason.HumanRequested, new[] { "all", "high" })]
    [TestCase(EscalationPriority.Urgent, EscalationReason.SensitiveTopic, new[] { "all", "high", "sensitive" })]
    [TestCase(EscalationPriority.Normal, EscalationReason.SensitiveTopic, new[] { "all", "sensitive" })]
    public void Rules_match_by_minimum_priority_and_reason(EscalationPriority priority, EscalationReason reason, string[] expected)
    {
        NotificationRule[] rules =
        [
            new() { Name = "all", Url = "http://x/", MinimumPriority = "normal" },
            new() { Name = "high", Url = "http://x/", MinimumPriority = "high" },
            new() { Name = "sensitive", Url = "http://x/", Reasons = ["sensitive_topic"] },
        ];
        Assert.That(EscalationNotifications.Matching(rules, Escalation(priority, reason), team: null).Select(r => r.Name), Is.EqualTo(expected));
    }

    [Test]
    public void A_notification_never_holds_a_full_phone_number()
    {
        var line = EscalationNotifications.Line(Escalation(EscalationPriority.Urgent, EscalationReason.SensitiveTopic));
        Assert.That(line, Does.Not.Contain("+447700900123").And.Not.Contain("+447700900999"));
        Assert.That(line, Does.Contain("sensitive_topic (billing)").And.Contain("urgent"));
    }

    [TestCase("https://sms.example.com/inbox/", " <https://sms.example.com/inbox/#6f9619ff-8b86-d011-b42d-00c04fc964ff|open in the inbox>")]
    [TestCase("https://sms.example.com/inbox", " <https://sms.example.com/inbox/#6f9619ff-8b86-d011-b42d-00c04fc964ff|open in the inbox>")]
    [TestCase(null, "")]
    [TestCase(" ", "")]
    public void A_notification_links_to_its_conversation_when_the_inbox_address_is_configured(string? inboxUrl, string link)
    {
        var escalation = Escalation(EscalationPriority.High, EscalationReason.HumanRequested);
        var line = EscalationNotifications.Line(escalation, inboxUrl, Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff"));

        Assert.That(line, Is.EqualTo(EscalationNotifications.Line(escalation) + link));
    }

    [Test]
    public void A_batch_waits_for_its_period_unless_one_is_urgent()
    {
        var now = DateTimeOffset.UtcNow;
        Assert.That(EscalationNotifications.Due(false, now.AddSeconds(-10), now, TimeSpan.FromSeconds(60)), Is.False);
        Assert.That(EscalationNotifications.Due(false, now.AddSeconds(-60), now, TimeSpan.FromSeconds(60)), Is.True);
        Assert.That(EscalationNotifications.Due(true, now, now, TimeSpan.FromSeconds(60)), Is.True);
    }

    [TestCase(null, "text")]
    [TestCase("", "text")]
    public void An_empty_reply_is_refused(string? text, string field) =>
        Assert.That(ReplyRequestValidator.Validate(new ReplyRequest(text, null), "").ContainsKey(field), Is.True);

    [Test]
    public void A_reply_of_exactly_1600_characters_is_accepted() =>
        Assert.That(ReplyRequestValidator.Validate(new ReplyRequest(new string('x', 1600), null), ""), Is.Empty);
}
