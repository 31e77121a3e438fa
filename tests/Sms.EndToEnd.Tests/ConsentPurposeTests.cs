using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Sms.Contracts.Compliance;
using Sms.Contracts.Inbound;
using Sms.Contracts.Outbound;

namespace Sms.EndToEnd.Tests;

/// <summary>
/// Consent per purpose over the real processes: a keyword opt-in gives a number that never had marketing consent
/// informational messages only and asks the double opt-in question, whose answer grants marketing with both messages
/// as evidence; START after STOP restores exactly what the STOP revoked. Customers write through the carrier
/// simulator's signed webhooks, sends are published on the bus as an upstream system does, and what the customer got
/// is read from the carrier.
/// </summary>
[TestFixture]
public sealed class ConsentPurposeTests : PlatformTests
{
    // Compliance's default double opt-in texts (Compliance:DoubleOptIn), after the program's name.
    private const string Question = "Reply Y to confirm you want marketing texts from";
    private const string MarketingConfirmed = "Thanks, you will get marketing texts from";

    [Test]
    public async Task JOIN_from_a_new_number_asks_for_marketing_and_only_its_answer_lets_marketing_through()
    {
        await KeepOutOfQuietHoursAsync(Customer);

        Assert.That(await CustomerRepliesAsync(Customer, "JOIN"), Is.EqualTo(204));
        var join = await Platform.Events.WaitForAsync<InboundSmsReceived>(e => e.From == Customer && e.Text == "JOIN");
        var joined = await Platform.Events.WaitForAsync<OptInRecorded>(e => e.Number == Customer);
        Assert.That(joined.Purposes, Is.EqualTo(new[] { ConsentPurpose.Informational }), "JOIN alone grants no marketing");
        await Eventually.MatchesAsync(() => CarrierMessagesToAsync(Customer),
            m => m.Any(x => x.Text.Contains(Question, StringComparison.Ordinal)), "The double opt-in question reaching the carrier");

        // Before the answer, marketing has no consent: suppressed, never at the carrier.
        const string early = "Our summer sale starts today!";
        var earlyId = await PublishSendAsync(Customer, early, SmsCategory.Marketing);
        var suppressed = await Platform.Events.WaitForAsync<SmsSuppressed>(e => e.Request.MessageId == earlyId);
        Assert.Multiple(() =>
        {
            Assert.That(suppressed.Reason, Is.EqualTo(SuppressionReason.NoMarketingConsent));
            Assert.That(Platform.Events.OfType<SmsApproved>(e => e.Request.MessageId == earlyId), Is.Empty);
        });

        Assert.That(await CustomerRepliesAsync(Customer, "Y"), Is.EqualTo(204));
        var answer = await Platform.Events.WaitForAsync<InboundSmsReceived>(e => e.From == Customer && e.Text == "Y");
        var granted = await Platform.Events.WaitForAsync<OptInRecorded>(e => e.Number == Customer && e.Source == ConsentSource.DoubleOptIn);
        Assert.That(granted.Purposes, Is.EqualTo(new[] { ConsentPurpose.Marketing }));
        await Eventually.MatchesAsync(() => CarrierMessagesToAsync(Customer),
            m => m.Any(x => x.Text.Contains(MarketingConfirmed, StringComparison.Ordinal)), "The double opt-in confirmation reaching the carrier");
        Assert.That(Platform.Events.OfType<InboundSmsAccepted>(e => e.Message.MessageId == answer.MessageId), Is.Empty,
            "the answer to the question never reaches the router");

        const string later = "Members' preview: 20% off this weekend.";
        var laterId = await PublishSendAsync(Customer, later, SmsCategory.Marketing);
        var atCarrier = await Eventually.MatchesAsync(() => CarrierMessagesToAsync(Customer),
            m => m.Any(x => x.Text == later), "The marketing send after the answer reaching the carrier");
        await Platform.Events.WaitForAsync<SmsApproved>(e => e.Request.MessageId == laterId);
        Assert.That(atCarrier.Select(m => m.Text), Has.None.EqualTo(early), "the send before the answer never reached the carrier");

        var consent = await ConsentAsync(Customer);
        var marketing = consent.Purposes.Marketing;
        Assert.Multiple(() =>
        {
            Assert.That(marketing.State, Is.EqualTo("opted_in"));
            Assert.That(marketing.Allowed, Is.True);
            Assert.That(marketing.DecidedBy, Is.Not.Null);
            Assert.That(marketing.DecidedBy!.Kind, Is.EqualTo("opt_in"));
            Assert.That(marketing.DecidedBy.Source, Is.EqualTo("double_opt_in"));
            Assert.That(marketing.DecidedBy.Purposes, Is.EqualTo(new[] { "marketing" }));
            Assert.That(marketing.DecidedBy.EvidenceMessageId, Is.EqualTo(answer.MessageId), "the evidence is the Y");
            Assert.That(marketing.DecidedBy.EvidenceText, Is.EqualTo("Y"));
            Assert.That(marketing.DecidedBy.ConfirmedMessageId, Is.EqualTo(join.MessageId), "it confirms the JOIN");
            Assert.That(marketing.DecidedBy.ConfirmedText, Is.EqualTo("JOIN"));
            Assert.That(consent.Purposes.Informational.State, Is.EqualTo("opted_in"));
            Assert.That(consent.Purposes.Informational.DecidedBy?.EvidenceMessageId, Is.EqualTo(join.MessageId));
        });
    }

    [Test]
    public async Task START_after_STOP_restores_exactly_the_purposes_the_STOP_revoked()
    {
        var withMarketing = Customer;
        var without = Platform.NewCustomerNumber();
        await KeepOutOfQuietHoursAsync(withMarketing);
        await KeepOutOfQuietHoursAsync(without);

        using (var optIn = await Platform.Compliance.PostAsJsonAsync($"/v1/consent/{Uri.EscapeDataString(withMarketing)}/opt-in",
                   new { expressConsent = true, evidence = "Ticked 'Send me offers by SMS' on the signup form" }))
            Assert.That(optIn.StatusCode, Is.EqualTo(HttpStatusCode.OK), await optIn.Content.ReadAsStringAsync());
        await Platform.Events.WaitForAsync<OptInRecorded>(e => e.Number == withMarketing && e.Source == ConsentSource.Api);

        foreach (var customer in new[] { withMarketing, without })
        {
            Assert.That(await CustomerRepliesAsync(customer, "STOP"), Is.EqualTo(204));
            await Platform.Events.WaitForAsync<OptOutRecorded>(e => e.Number == customer);
            Assert.That(await CustomerRepliesAsync(customer, "START"), Is.EqualTo(204));
        }
        var restoredA = await Platform.Events.WaitForAsync<OptInRecorded>(e => e.Number == withMarketing && e.Source == ConsentSource.Keyword);
        var restoredB = await Platform.Events.WaitForAsync<OptInRecorded>(e => e.Number == without && e.Source == ConsentSource.Keyword);
        Assert.Multiple(() =>
        {
            Assert.That(restoredA.Purposes, Is.EqualTo(new[] { ConsentPurpose.Informational, ConsentPurpose.Marketing }));
            Assert.That(restoredB.Purposes, Is.EqualTo(new[] { ConsentPurpose.Informational }));
        });
        // B never had marketing, so START asks for it; A's came back without asking.
        await Eventually.MatchesAsync(() => CarrierMessagesToAsync(without),
            m => m.Any(x => x.Text.Contains(Question, StringComparison.Ordinal)), "The double opt-in question reaching the number without marketing");

        const string offer = "Our summer sale starts today!";
        var offerToA = await PublishSendAsync(withMarketing, offer, SmsCategory.Marketing);
        var offerToB = await PublishSendAsync(without, offer, SmsCategory.Marketing);
        const string receipt = "Your order has shipped.";
        await PublishSendAsync(without, receipt, SmsCategory.Transactional);

        var atA = await Eventually.MatchesAsync(() => CarrierMessagesToAsync(withMarketing),
            m => m.Any(x => x.Text == offer), "The marketing send to the number with marketing before its STOP reaching the carrier");
        await Platform.Events.WaitForAsync<SmsApproved>(e => e.Request.MessageId == offerToA);
        var suppressed = await Platform.Events.WaitForAsync<SmsSuppressed>(e => e.Request.MessageId == offerToB);
        var atB = await Eventually.MatchesAsync(() => CarrierMessagesToAsync(without),
            m => m.Any(x => x.Text == receipt), "The transactional send to the number without marketing reaching the carrier");
        Assert.Multiple(() =>
        {
            Assert.That(suppressed.Reason, Is.EqualTo(SuppressionReason.OptedOut), "B's STOP revoked marketing and START did not restore it");
            Assert.That(Platform.Events.OfType<SmsApproved>(e => e.Request.MessageId == offerToB), Is.Empty);
            Assert.That(atB.Select(m => m.Text), Has.None.EqualTo(offer), "marketing never reached the number without marketing");
            Assert.That(atA.Select(m => m.Text), Has.None.Contains(Question), "the number whose marketing came back is not asked for it");
        });

        var a = await ConsentAsync(withMarketing);
        var b = await ConsentAsync(without);
        Assert.Multiple(() =>
        {
            Assert.That(a.Purposes.Marketing.State, Is.EqualTo("opted_in"));
            Assert.That(a.Purposes.Marketing.Allowed, Is.True);
            Assert.That(a.Purposes.Marketing.DecidedBy?.EvidenceText, Is.EqualTo("START"));
            Assert.That(a.Purposes.Informational.State, Is.EqualTo("opted_in"));

            Assert.That(b.Purposes.Marketing.State, Is.EqualTo("opted_out"));
            Assert.That(b.Purposes.Marketing.Allowed, Is.False);
            Assert.That(b.Purposes.Marketing.DecidedBy?.EvidenceText, Is.EqualTo("STOP"), "the STOP still decides B's marketing");
            Assert.That(b.Purposes.Informational.State, Is.EqualTo("opted_in"));
            Assert.That(b.Purposes.Informational.Allowed, Is.True);
            Assert.That(b.Purposes.Informational.DecidedBy?.EvidenceText, Is.EqualTo("START"));
        });
    }

    /// <summary>Publishes a send on the bus, as an upstream system does; its message id.</summary>
    private static async Task<Guid> PublishSendAsync(string to, string text, SmsCategory category)
    {
        var messageId = Guid.NewGuid();
        await Platform.Bus.Publish(new SendSms { MessageId = messageId, To = to, Text = text, Category = category });
        return messageId;
    }

    /// <summary>
    /// Gives the contact a time zone where it is early afternoon now, so a marketing send is not held for quiet hours
    /// (08:00–21:00 by default) whenever the suite runs.
    /// </summary>
    private static async Task KeepOutOfQuietHoursAsync(string customer)
    {
        var offset = 14 - DateTimeOffset.UtcNow.Hour;
        var zone = offset switch
        {
            0 => "Etc/GMT",
            > 0 => string.Create(CultureInfo.InvariantCulture, $"Etc/GMT-{offset}"), // IANA's Etc zones name the offset reversed
            _ => string.Create(CultureInfo.InvariantCulture, $"Etc/GMT+{-offset}"),
        };
        using var response = await Platform.Compliance.PutAsJsonAsync($"/v1/consent/{Uri.EscapeDataString(customer)}/time-zone", new { timeZone = zone });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    private static async Task<ConsentView> ConsentAsync(string customer) =>
        (await Platform.Compliance.GetFromJsonAsync<ConsentView>($"/v1/consent/{Uri.EscapeDataString(customer)}"))!;

    private sealed record ConsentView(string Number, string State, PurposesView Purposes);

    private sealed record PurposesView(PurposeView Informational, PurposeView Marketing);

    private sealed record PurposeView(string State, bool Allowed, HistoryEntry? DecidedBy);

    private sealed record HistoryEntry(
        string Kind, string Source, string Rule, Guid? EvidenceMessageId, string? EvidenceText, List<string> Purposes,
        Guid? ConfirmedMessageId, string? ConfirmedText);
}
