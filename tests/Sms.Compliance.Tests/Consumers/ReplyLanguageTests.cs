using Sms.Compliance.Tests.Support;
using Sms.Contracts.Compliance;
using Sms.Contracts.Inbound;
using Sms.Contracts.Outbound;
using Sms.Testing;

namespace Sms.Compliance.Tests.Consumers;

/// <summary>A keyword or a request in plain words is answered in the language the customer wrote in, else the brand's.</summary>
public class ReplyLanguageTests : ComplianceConsumerFixture
{
    private const string BusinessNumber = "+447700900520";
    private const string GlobexNumber = "+447700900521";

    protected override ConsumerHarnessOptions HarnessOptions() => new()
    {
        Settings = new Dictionary<string, string?>
        {
            ["Compliance:Brands:globex:Numbers:0"] = GlobexNumber,
            ["Compliance:Brands:globex:ProgramName"] = "Globex",
            ["Compliance:Brands:globex:Language"] = "fr",
            ["Compliance:Brands:globex:Replies:Languages:de:OptOut"] = "{ProgramName}: Abgemeldet. Mit START melden Sie sich wieder an.",
        },
    };

    [Test]
    public async Task A_German_request_to_stop_in_plain_words_is_confirmed_in_German()
    {
        var request = Inbound(BusinessNumber, "Bitte keine SMS mehr");

        await Harness.Bus.Publish(request);

        var optOut = await SinglePublishedAsync<OptOutRecorded>(m => m.InboundMessageId == request.MessageId);
        var reply = await SinglePublishedAsync<SendSms>(m => m.InReplyTo == request.MessageId);
        Assert.Multiple(() =>
        {
            Assert.That(optOut.Rule, Does.StartWith("recogniser:de:"));
            Assert.That(reply.Text, Is.EqualTo($"{ComplianceHarness.ProgramName}: Sie wurden abgemeldet und erhalten keine weiteren Nachrichten. " +
                "Antworten Sie mit START, um sich wieder anzumelden."));
        });
    }

    [Test]
    public async Task The_Spanish_help_word_is_answered_with_the_Spanish_help()
    {
        var help = Inbound(BusinessNumber, "Ayuda");

        await Harness.Bus.Publish(help);

        var requested = await SinglePublishedAsync<HelpRequested>(m => m.InboundMessageId == help.MessageId);
        var reply = await SinglePublishedAsync<SendSms>(m => m.InReplyTo == help.MessageId);
        Assert.Multiple(() =>
        {
            Assert.That(requested.Rule, Is.EqualTo("keyword:AYUDA"));
            Assert.That(reply.Text, Is.EqualTo($"{ComplianceHarness.ProgramName}: Para obtener ayuda, contacta con {ComplianceHarness.SupportContact}. " +
                "La frecuencia de los mensajes varía. Pueden aplicarse tarifas de mensajes y datos. Responde STOP para darte de baja."));
        });
    }

    [Test]
    public async Task STOP_is_confirmed_in_the_brands_language_and_a_German_keyword_in_the_brands_German_words()
    {
        var stop = Inbound(GlobexNumber, "STOP");
        var abmelden = Inbound(GlobexNumber, "Abmelden", TestNumbers.Unique());

        await Harness.Bus.Publish(stop);
        await Harness.Bus.Publish(abmelden);

        var stopReply = await SinglePublishedAsync<SendSms>(m => m.InReplyTo == stop.MessageId);
        var abmeldenReply = await SinglePublishedAsync<SendSms>(m => m.InReplyTo == abmelden.MessageId);
        Assert.Multiple(() =>
        {
            Assert.That(stopReply.Text, Is.EqualTo("Globex : Votre désinscription est confirmée, vous ne recevrez plus de messages. Répondez START pour vous réabonner."));
            Assert.That(abmeldenReply.Text, Is.EqualTo("Globex: Abgemeldet. Mit START melden Sie sich wieder an."));
        });
    }

    private InboundSmsReceived Inbound(string to, string text, string? from = null) => new()
    {
        MessageId = Guid.NewGuid(),
        Provider = "vonage",
        ProviderMessageId = Guid.NewGuid().ToString("N"),
        From = from ?? Customer,
        To = to,
        Text = text,
        ReceivedAt = DateTimeOffset.UtcNow,
    };
}
