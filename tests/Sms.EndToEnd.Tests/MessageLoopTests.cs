using System.Net;
using System.Net.Http.Json;
using Sms.Contracts.Compliance;
using Sms.Contracts.Inbound;
using Sms.Contracts.Outbound;
using Sms.Contracts.Routing;

namespace Sms.EndToEnd.Tests;

/// <summary>The four flows of the spine, on the real servers, checked by what reaches the carrier, the stores and the bus.</summary>
[TestFixture]
public sealed class MessageLoopTests : PlatformTests
{
    private const string Reminder = "Reminder: your appointment is tomorrow at 10:00. Reply YES to confirm or NO to reschedule.";
    private const string Confirmation = "Thanks, your appointment is confirmed. See you tomorrow!";

    private static object AppointmentReminder(string customer, string appointmentId) => new
    {
        to = customer,
        text = Reminder,
        category = "transactional",
        prompt = new
        {
            sessionType = "appointment_reminder",
            options = new Dictionary<string, string>
            {
                ["1"] = "confirm_appointment", ["YES"] = "confirm_appointment",
                ["2"] = "reschedule_request", ["NO"] = "reschedule_request",
            },
            autoResponses = new Dictionary<string, string>
            {
                ["confirm_appointment"] = Confirmation,
                ["reschedule_request"] = "No problem, a team member will contact you to find a new time.",
            },
            timeToLiveSeconds = 86_400,
            context = new Dictionary<string, string> { ["appointmentId"] = appointmentId },
        },
    };

    [Test]
    public async Task An_upstream_reminder_reaches_the_carrier_opens_a_session_and_is_stored()
    {

        using var response = await Platform.SendFromUpstreamAsync(AppointmentReminder(Customer, "A-1001"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var messageId = (await response.Content.ReadFromJsonAsync<Accepted>())!.MessageId;

        var atCarrier = await Eventually.MatchesAsync(() => CarrierMessagesToAsync(Customer), m => m.Count == 1, "The reminder reaching the carrier");
        Assert.Multiple(() =>
        {
            Assert.That(atCarrier[0].Text, Is.EqualTo(Reminder));
            Assert.That(Digits(atCarrier[0].To), Is.EqualTo(Digits(Customer)));
            Assert.That(atCarrier[0].ClientRef, Is.EqualTo(messageId.ToString()), "client-ref carries our message id");
        });

        await Platform.Events.WaitForAsync<SmsApproved>(e => e.Request.MessageId == messageId);

        // The router keeps the session in Redis with its expiry.
        var redis = Platform.Redis.GetDatabase();
        var sessionIds = await Eventually.MatchesAsync(
            async () => (await redis.SortedSetRangeByRankAsync($"sms:sessions:{Customer}")).Select(v => v.ToString()).ToList(),
            ids => ids.Count == 1, "The session being stored in Redis");
        var ttl = await redis.KeyTimeToLiveAsync($"sms:session:{sessionIds[0]}");
        Assert.That(ttl, Is.Not.Null.And.GreaterThan(TimeSpan.FromHours(23)).And.LessThanOrEqualTo(TimeSpan.FromHours(24)));

        // Conversations stores the outbound message, and the carrier's delivery receipt reaches it.
        var thread = await Eventually.MatchesAsync(() => ThreadAsync(Customer),
            t => t.Count == 1 && t[0].Status == "delivered", "The reminder being stored and marked delivered");
        Assert.Multiple(() =>
        {
            Assert.That(thread[0].MessageId, Is.EqualTo(messageId));
            Assert.That(thread[0].Direction, Is.EqualTo("outbound"));
            Assert.That(thread[0].Text, Is.EqualTo(Reminder));
        });
    }

    [Test]
    public async Task A_send_published_on_the_bus_by_an_upstream_system_reaches_the_carrier()
    {
        var messageId = Guid.NewGuid();

        await Platform.Bus.Publish(new SendSms
        {
            MessageId = messageId,
            To = Customer,
            Text = "Your order has shipped.",
            Category = SmsCategory.Transactional,
        });

        var sent = await Platform.Events.WaitForAsync<SmsSent>(e => e.Request.MessageId == messageId);
        var atCarrier = await Eventually.MatchesAsync(() => CarrierMessagesToAsync(Customer), m => m.Count == 1, "The send reaching the carrier");
        Assert.Multiple(() =>
        {
            Assert.That(atCarrier[0].Text, Is.EqualTo("Your order has shipped."));
            Assert.That(sent.ProviderMessageIds, Is.EqualTo(atCarrier[0].MessageIds));
            Assert.That(sent.SegmentCount, Is.EqualTo(1));
            Assert.That(sent.Encoding, Is.EqualTo(SmsEncoding.Gsm7));
        });
    }

    [Test]
    public async Task A_yes_reply_is_classified_with_the_prompt_context_and_answered_in_one_thread()
    {
        using var response = await Platform.SendFromUpstreamAsync(AppointmentReminder(Customer, "A-2002"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        await Eventually.MatchesAsync(() => CarrierMessagesToAsync(Customer), m => m.Count == 1, "The reminder reaching the carrier");
        await Eventually.MatchesAsync(() => OpenSessionCountAsync(Customer),
            n => n == 1, "The session being stored");

        Assert.That(await CustomerRepliesAsync(Customer, "yes"), Is.EqualTo(204), "the ingress accepts the signed webhook");

        var classified = await Platform.Events.WaitForAsync<ReplyClassified>(e => e.CustomerNumber == Customer);
        Assert.Multiple(() =>
        {
            Assert.That(classified.Action, Is.EqualTo("confirm_appointment"));
            Assert.That(classified.SessionType, Is.EqualTo("appointment_reminder"));
            Assert.That(classified.Context["appointmentId"], Is.EqualTo("A-2002"));
            Assert.That(classified.BusinessNumber, Is.EqualTo(Platform.BusinessNumber));
        });

        var atCarrier = await Eventually.MatchesAsync(() => CarrierMessagesToAsync(Customer), m => m.Count == 2, "The auto-response reaching the carrier");
        Assert.That(atCarrier[1].Text, Is.EqualTo(Confirmation));

        var thread = await Eventually.MatchesAsync(() => ThreadAsync(Customer),
            t => t.Count == 3 && t[2].Status is "sent" or "delivered", "The thread holding reminder, reply and confirmation");
        Assert.Multiple(() =>
        {
            Assert.That(thread.Select(m => (m.Direction, m.Text)), Is.EqualTo(new[]
            {
                ("outbound", Reminder), ("inbound", "yes"), ("outbound", Confirmation),
            }));
            Assert.That(thread[2].Origin, Is.EqualTo("automation"));
        });
        Assert.That(Platform.Events.OfType<ConversationEscalated>(e => e.CustomerNumber == Customer), Is.Empty);
    }

    [Test]
    public async Task A_reply_that_matches_nothing_is_handed_to_people_and_the_customer_told_once()
    {

        Assert.That(await CustomerRepliesAsync(Customer, "Can I bring my dog to the appointment?"), Is.EqualTo(204));

        var escalated = await Platform.Events.WaitForAsync<ConversationEscalated>(e => e.CustomerNumber == Customer);
        Assert.That(escalated.Reason, Is.EqualTo(EscalationReason.NoMatchingSession));

        var atCarrier = await Eventually.MatchesAsync(() => CarrierMessagesToAsync(Customer), m => m.Count == 1, "The hand-over text reaching the carrier");
        Assert.That(atCarrier[0].Text, Does.StartWith(HandoverText), "an expected wait may follow");

        var status = await Eventually.MatchesAsync(() => ConversationStatusAsync(Customer), s => s == "waiting_on_agent", "The conversation waiting on an agent");
        Assert.That(status, Is.EqualTo("waiting_on_agent"));
        var thread = await Eventually.MatchesAsync(() => ThreadAsync(Customer), t => t.Count == 2, "The thread holding the message and the hand-over text");
        Assert.That(thread.Select(m => m.Direction), Is.EqualTo(new[] { "inbound", "outbound" }));
    }

    [Test]
    public async Task STOP_suppresses_every_later_send_until_START()
    {

        Assert.That(await CustomerRepliesAsync(Customer, "STOP"), Is.EqualTo(204));
        await Platform.Events.WaitForAsync<OptOutRecorded>(e => e.Number == Customer);
        Assert.That(await ConsentLedgerAsync(Customer), Is.EqualTo(new[] { "opt_out" }), "the opt-out is in the ledger");
        var confirmation = await Eventually.MatchesAsync(() => CarrierMessagesToAsync(Customer), m => m.Count == 1, "The opt-out confirmation reaching the carrier");
        Assert.That(confirmation[0].Text, Does.Contain("START"), "the confirmation says how to opt back in");

        // Every later send is suppressed and never reaches the carrier.
        var suppressedIds = new List<Guid>();
        foreach (var category in new[] { "transactional", "conversational", "marketing" })
        {
            using var response = await Platform.SendFromUpstreamAsync(new { to = Customer, text = $"A {category} message", category });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            suppressedIds.Add((await response.Content.ReadFromJsonAsync<Accepted>())!.MessageId);
        }
        foreach (var id in suppressedIds)
        {
            var suppressed = await Platform.Events.WaitForAsync<SmsSuppressed>(e => e.Request.MessageId == id);
            Assert.That(suppressed.Reason, Is.EqualTo(SuppressionReason.OptedOut));
        }
        Assert.That(Platform.Events.OfType<SmsApproved>(e => suppressedIds.Contains(e.Request.MessageId)), Is.Empty);
        Assert.That((await CarrierMessagesToAsync(Customer)).Select(m => m.Text), Is.EqualTo(confirmation.Select(m => m.Text)),
            "nothing but the confirmation reached the carrier");
        Assert.That(Platform.Events.OfType<InboundSmsAccepted>(e => e.Message.From == Customer), Is.Empty, "STOP never reaches the router");

        // START restores transactional sends.
        Assert.That(await CustomerRepliesAsync(Customer, "START"), Is.EqualTo(204));
        await Platform.Events.WaitForAsync<OptInRecorded>(e => e.Number == Customer);
        Assert.That(await ConsentLedgerAsync(Customer), Is.EqualTo(new[] { "opt_out", "opt_in" }));
        using (var again = await Platform.SendFromUpstreamAsync(new { to = Customer, text = "Welcome back", category = "transactional" }))
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        // The number never had marketing consent, so START also asks the double opt-in question (ConsentPurposeTests).
        var afterStart = await Eventually.MatchesAsync(() => CarrierMessagesToAsync(Customer),
            m => m.Count == 4 && m.Any(x => x.Text == "Welcome back"), "A send after START reaching the carrier");
        Assert.That(afterStart.Count(m => m.Text.Contains("Reply Y to confirm you want marketing texts", StringComparison.Ordinal)), Is.EqualTo(1),
            "STOP confirmation, START confirmation and the double opt-in question, then the new send");
    }

    [Test]
    public async Task An_unsigned_webhook_is_refused_and_never_published()
    {

        Assert.That(await CustomerRepliesAsync(Customer, "hello", signed: false), Is.EqualTo(401));

        // A signed message from the same customer afterwards is the only one that gets through.
        Assert.That(await CustomerRepliesAsync(Customer, "hello again"), Is.EqualTo(204));
        await Platform.Events.WaitForAsync<InboundSmsReceived>(e => e.From == Customer);
        Assert.That(Platform.Events.OfType<InboundSmsReceived>(e => e.From == Customer).Select(e => e.Text), Is.EqualTo(new[] { "hello again" }));
    }

    private sealed record Accepted(Guid MessageId);
}
