using System.Net;
using System.Net.Http.Json;
using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;

namespace Sms.EndToEnd.Tests;

/// <summary>
/// A request to stop in the customer's own words and language, over the real processes: a number with marketing consent
/// asks in plain words, the opt-out is confirmed in that language at the carrier, and marketing never reaches it again.
/// </summary>
[TestFixture]
public sealed class ReplyLanguageTests : PlatformTests
{
    // The confirmation after the program's name (Compliance:ProgramName), as Compliance words it in each language.
    [TestCase("en", "Please stop sending me these messages",
        ": You have been unsubscribed and will receive no further messages. Reply START to resubscribe.")]
    [TestCase("es", "Por favor dejen de enviarme mensajes",
        ": Te has dado de baja y no recibirás más mensajes. Responde START para volver a suscribirte.")]
    [TestCase("fr", "Arrêtez de m'envoyer des SMS",
        " : Votre désinscription est confirmée, vous ne recevrez plus de messages. Répondez START pour vous réabonner.")]
    [TestCase("de", "Bitte keine SMS mehr",
        ": Sie wurden abgemeldet und erhalten keine weiteren Nachrichten. Antworten Sie mit START, um sich wieder anzumelden.")]
    [TestCase("pt", "Parem de me enviar mensagens",
        ": Sua inscrição foi cancelada e você não receberá mais mensagens. Responda START para se inscrever novamente.")]
    [TestCase("it", "Smettete di inviarmi messaggi",
        ": La tua iscrizione è stata annullata e non riceverai più messaggi. Rispondi START per iscriverti di nuovo.")]
    public async Task A_request_to_stop_in_plain_words_is_confirmed_in_its_language_and_marketing_is_suppressed_after_it(
        string language, string request, string confirmation)
    {
        using (var optIn = await Platform.Compliance.PostAsJsonAsync($"/v1/consent/{Uri.EscapeDataString(Customer)}/opt-in",
                   new { expressConsent = true, evidence = $"Ticked 'Send me offers by SMS' on the signup form ({language})" }))
            Assert.That(optIn.StatusCode, Is.EqualTo(HttpStatusCode.OK), await optIn.Content.ReadAsStringAsync());
        await Platform.Events.WaitForAsync<OptInRecorded>(e => e.Number == Customer);

        Assert.That(await CustomerRepliesAsync(Customer, request), Is.EqualTo(204));

        var optOut = await Platform.Events.WaitForAsync<OptOutRecorded>(e => e.Number == Customer);
        Assert.That(optOut.Rule, Does.StartWith($"recogniser:{language}:"), "read in plain words, in the customer's language");
        var atCarrier = await Eventually.MatchesAsync(() => CarrierMessagesToAsync(Customer), m => m.Count == 1, "The confirmation reaching the carrier");
        Assert.That(atCarrier[0].Text, Does.EndWith(confirmation).And.Not.StartWith(confirmation));

        using var marketing = await Platform.SendFromUpstreamAsync(new { to = Customer, text = "Our summer sale starts today!", category = "marketing" });
        Assert.That(marketing.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var marketingId = (await marketing.Content.ReadFromJsonAsync<Accepted>())!.MessageId;
        var suppressed = await Platform.Events.WaitForAsync<SmsSuppressed>(e => e.Request.MessageId == marketingId);
        var atCarrierAfter = await CarrierMessagesToAsync(Customer);
        Assert.Multiple(() =>
        {
            Assert.That(suppressed.Reason, Is.EqualTo(SuppressionReason.OptedOut));
            Assert.That(suppressed.Request.Category, Is.EqualTo(SmsCategory.Marketing));
            Assert.That(Platform.Events.OfType<SmsApproved>(e => e.Request.MessageId == marketingId), Is.Empty);
            Assert.That(atCarrierAfter.Select(m => m.Text), Is.EqualTo(atCarrier.Select(m => m.Text)),
                "nothing but the confirmation reached the carrier");
        });
    }

    private sealed record Accepted(Guid MessageId);
}
