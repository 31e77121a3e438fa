using System.Text;
using Sms.Ingress.Vonage;
using Sms.ServiceDefaults.Messaging;

namespace Sms.Ingress.Tests.Vonage;

public sealed class VonageInboundParserTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private static Dictionary<string, string> Inbound(Action<Dictionary<string, string>>? change = null)
    {
        var parameters = new Dictionary<string, string>
        {
            ["msisdn"] = "447700900001",
            ["to"] = "447700900000",
            ["messageId"] = "0A0000000123ABCD1",
            ["text"] = "Hello world",
            ["type"] = "text",
            ["keyword"] = "HELLO",
            ["message-timestamp"] = "2020-01-01 12:00:00",
            ["api-key"] = "abcd1234",
        };
        change?.Invoke(parameters);
        return parameters;
    }

    [Test]
    public void A_complete_inbound_becomes_InboundSmsReceived_with_a_derived_id()
    {
        var message = VonageInboundParser.Parse(Inbound(), Now).Value!.ToMessage();
        Assert.Multiple(() =>
        {
            Assert.That(message.MessageId, Is.EqualTo(MessageIds.FromProvider("vonage", "0A0000000123ABCD1")));
            Assert.That(message.Provider, Is.EqualTo("vonage"));
            Assert.That(message.ProviderMessageId, Is.EqualTo("0A0000000123ABCD1"));
            Assert.That(message.From, Is.EqualTo("+447700900001"));
            Assert.That(message.To, Is.EqualTo("+447700900000"));
            Assert.That(message.Text, Is.EqualTo("Hello world"));
            Assert.That(message.ReceivedAt, Is.EqualTo(Now));
        });
    }

    [Test]
    public void The_same_provider_message_id_always_gives_the_same_message_id()
    {
        var first = VonageInboundParser.Parse(Inbound(), Now).Value!.ToMessage();
        var again = VonageInboundParser.Parse(Inbound(p => p["text"] = "retried"), Now.AddMinutes(5)).Value!.ToMessage();
        Assert.That(again.MessageId, Is.EqualTo(first.MessageId));
    }

    [TestCase("msisdn")]
    [TestCase("to")]
    [TestCase("messageId")]
    [TestCase("text")]
    public void A_missing_required_parameter_is_named(string parameter)
    {
        var parsed = VonageInboundParser.Parse(Inbound(p => p.Remove(parameter)), Now);
        Assert.Multiple(() =>
        {
            Assert.That(parsed.Succeeded, Is.False);
            Assert.That(parsed.Errors.Select(e => e.Field), Is.EqualTo(new[] { parameter }));
            Assert.That(parsed.Errors.Single().Message, Does.Contain(parameter).And.Contain("required"));
        });
    }

    [Test]
    public void Every_missing_parameter_is_reported_at_once()
    {
        var parsed = VonageInboundParser.Parse(new Dictionary<string, string> { ["type"] = "text" }, Now);
        Assert.That(parsed.Errors.Select(e => e.Field), Is.EquivalentTo(new[] { "msisdn", "to", "messageId", "text" }));
    }

    [TestCase("msisdn", "")]
    [TestCase("msisdn", "   ")]
    [TestCase("messageId", "")]
    [TestCase("to", "")]
    public void A_blank_required_parameter_counts_as_missing(string parameter, string value)
    {
        var parsed = VonageInboundParser.Parse(Inbound(p => p[parameter] = value), Now);
        Assert.That(parsed.Errors.Select(e => e.Field), Is.EqualTo(new[] { parameter }));
    }

    [Test]
    public void A_binary_message_is_refused_with_the_reason()
    {
        var parsed = VonageInboundParser.Parse(Inbound(p =>
        {
            p.Remove("text");
            p["type"] = "binary";
            p["data"] = "0011";
            p["udh"] = "050003CC0201";
        }), Now);
        Assert.That(parsed.Errors.Single().Message, Does.Contain("Binary messages"));
    }

    [TestCase("447700900001", "+447700900001")]
    [TestCase("+447700900001", "+447700900001")]
    [TestCase("00447700900001", "+447700900001")]
    [TestCase("14843472194", "+14843472194")]
    [TestCase("1 484 347 2194", "+14843472194")]
    public void The_sender_is_normalised_to_E164(string msisdn, string expected)
    {
        Assert.That(VonageInboundParser.Parse(Inbound(p => p["msisdn"] = msisdn), Now).Value!.From, Is.EqualTo(expected));
    }

    [TestCase("Vonage")]
    [TestCase("07700900001")]
    [TestCase("12345")]
    [TestCase("4477009000011234567")]
    public void A_sender_that_is_not_an_international_number_is_refused(string msisdn)
    {
        var parsed = VonageInboundParser.Parse(Inbound(p => p["msisdn"] = msisdn), Now);
        Assert.Multiple(() =>
        {
            Assert.That(parsed.Errors.Single().Field, Is.EqualTo("msisdn"));
            Assert.That(parsed.Errors.Single().Message, Does.Not.Contain(msisdn), "the number is not echoed");
        });
    }

    [Test]
    public void A_short_code_recipient_is_kept_as_sent()
    {
        Assert.That(VonageInboundParser.Parse(Inbound(p => p["to"] = "12345"), Now).Value!.To, Is.EqualTo("12345"));
    }

    [Test]
    public void The_text_is_trimmed()
    {
        Assert.That(VonageInboundParser.Parse(Inbound(p => p["text"] = "  \n STOP \t "), Now).Value!.Text, Is.EqualTo("STOP"));
    }

    [Test]
    public void The_text_is_NFC_normalised()
    {
        var decomposed = "Cafe\u0301 ou\u0308i"; // e + combining acute, u + combining diaeresis
        var text = VonageInboundParser.Parse(Inbound(p => p["text"] = decomposed), Now).Value!.Text;
        Assert.Multiple(() =>
        {
            Assert.That(text, Is.EqualTo("Café oüi"));
            Assert.That(text.IsNormalized(NormalizationForm.FormC), Is.True);
            Assert.That(text, Has.Length.EqualTo(8));
        });
    }

    [Test]
    public void Emoji_and_non_latin_text_pass_unchanged()
    {
        const string text = "Да 👍 はい";
        Assert.That(VonageInboundParser.Parse(Inbound(p => p["text"] = text), Now).Value!.Text, Is.EqualTo(text));
    }

    [Test]
    public void An_empty_text_is_a_real_message()
    {
        Assert.That(VonageInboundParser.Parse(Inbound(p => p["text"] = " "), Now).Value!.Text, Is.Empty);
    }

    [Test]
    public void Text_with_an_unpaired_surrogate_is_refused()
    {
        var parsed = VonageInboundParser.Parse(Inbound(p => p["text"] = "bad \ud800 text"), Now);
        Assert.That(parsed.Errors.Single().Field, Is.EqualTo("text"));
    }

    [TestCase("2020-01-01 12:00:00")]
    [TestCase(null)]
    [TestCase("yesterday")]
    [TestCase("2020-13-01 12:00:00")]
    [TestCase("1577880000")]
    public void The_receive_time_is_when_the_ingress_received_it_whatever_the_carrier_timestamp(string? timestamp)
    {
        var parsed = VonageInboundParser.Parse(Inbound(p =>
        {
            if (timestamp is null) p.Remove("message-timestamp");
            else p["message-timestamp"] = timestamp;
        }), Now);
        Assert.That(parsed.Value!.ReceivedAt, Is.EqualTo(Now));
    }

    [Test]
    public void A_concatenated_part_is_kept_as_its_own_message_with_its_part_details()
    {
        var parsed = VonageInboundParser.Parse(Inbound(p =>
        {
            p["concat"] = "true";
            p["concat-ref"] = "7";
            p["concat-part"] = "2";
            p["concat-total"] = "3";
        }), Now).Value!;
        Assert.Multiple(() =>
        {
            Assert.That(parsed.Concatenation, Is.EqualTo(new ConcatenationInfo("7", "2", "3")));
            Assert.That(parsed.ToMessage().Text, Is.EqualTo("Hello world"));
        });
    }

    [Test]
    public void A_single_part_message_has_no_concatenation_details()
    {
        Assert.That(VonageInboundParser.Parse(Inbound(), Now).Value!.Concatenation, Is.Null);
    }
}
