using System.Text;
using Sms.Ingress.Inbound;
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

    // Built here: an attribute cannot hold an unpaired surrogate.
    [TestCase(0xD800, "bad \ufffd text", Description = "an unpaired surrogate")]
    [TestCase(0x0000, "bad @ text", Description = "GSM's @ decoded wrongly as U+0000")]
    public void Text_no_database_could_store_is_kept_with_the_character_replaced(int character, string kept)
    {
        var parsed = VonageInboundParser.Parse(Inbound(p => p["text"] = $"bad {(char)character} text"), Now).Value!;
        Assert.Multiple(() =>
        {
            Assert.That(parsed.Text, Is.EqualTo(kept));
            Assert.That(parsed.TextRepaired, Is.True);
        });
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
    public void A_concatenated_part_carries_its_part_details_and_its_raw_text()
    {
        var parsed = VonageInboundParser.Parse(Inbound(p =>
        {
            p["concat"] = "true";
            p["concat-ref"] = "7";
            p["concat-part"] = "2";
            p["concat-total"] = "3";
            p["text"] = "ends in a space ";
        }), Now).Value!;
        Assert.Multiple(() =>
        {
            Assert.That(parsed.Concatenation, Is.EqualTo(new ConcatenationInfo("7", 2, 3)));
            Assert.That(parsed.RawText, Is.EqualTo("ends in a space "), "parts are joined untrimmed");
            Assert.That(parsed.ConcatenationProblem, Is.Null);
        });
    }

    [TestCase("TRUE", " 9 ", "1", "2", "9", 1, 2)]
    [TestCase("true", "ab12", "255", "255", "ab12", 255, 255)]
    [TestCase("true", "0", "3", "3", "0", 3, 3)]
    public void Usable_concatenation_details_are_read(string concat, string reference, string part, string total, string expectedReference, int expectedPart, int expectedTotal)
    {
        var parsed = VonageInboundParser.Parse(Inbound(p =>
        {
            p["concat"] = concat;
            p["concat-ref"] = reference;
            p["concat-part"] = part;
            p["concat-total"] = total;
        }), Now).Value!;
        Assert.That(parsed.Concatenation, Is.EqualTo(new ConcatenationInfo(expectedReference, expectedPart, expectedTotal)));
    }

    [TestCase(null, "1", "2", "concat-ref")]
    [TestCase(" ", "1", "2", "concat-ref")]
    [TestCase("7", "1", null, "concat-total")]
    [TestCase("7", "1", "x", "concat-total")]
    [TestCase("7", "1", "0", "concat-total")]
    [TestCase("7", "1", "256", "concat-total")]
    [TestCase("7", "1", "-2", "concat-total")]
    [TestCase("7", null, "2", "concat-part")]
    [TestCase("7", "0", "2", "concat-part")]
    [TestCase("7", "3", "2", "concat-part")]
    [TestCase("7", "1.5", "2", "concat-part")]
    public void Unusable_concatenation_details_keep_the_part_as_its_own_message_and_say_why(string? reference, string? part, string? total, string named)
    {
        var parsed = VonageInboundParser.Parse(Inbound(p =>
        {
            p["concat"] = "true";
            if (reference is not null) p["concat-ref"] = reference;
            if (part is not null) p["concat-part"] = part;
            if (total is not null) p["concat-total"] = total;
        }), Now);
        Assert.Multiple(() =>
        {
            Assert.That(parsed.Succeeded, Is.True, "the part is not refused: a 4xx would make Vonage give it up");
            Assert.That(parsed.Value!.Concatenation, Is.Null);
            Assert.That(parsed.Value!.ConcatenationProblem, Does.Contain(named));
        });
    }

    [TestCase("false")]
    [TestCase("")]
    public void Concat_other_than_true_is_a_single_message(string concat)
    {
        var parsed = VonageInboundParser.Parse(Inbound(p =>
        {
            p["concat"] = concat;
            p["concat-ref"] = "7";
            p["concat-part"] = "1";
            p["concat-total"] = "2";
        }), Now).Value!;
        Assert.That(parsed.Concatenation, Is.Null);
    }

    [Test]
    public void A_message_of_one_part_is_a_single_message()
    {
        var parsed = VonageInboundParser.Parse(Inbound(p =>
        {
            p["concat"] = "true";
            p["concat-ref"] = "7";
            p["concat-part"] = "1";
            p["concat-total"] = "1";
        }), Now).Value!;
        Assert.That((parsed.Concatenation, parsed.ConcatenationProblem), Is.EqualTo(((ConcatenationInfo?)null, (string?)null)));
    }

    [Test]
    public void A_part_ending_in_half_a_surrogate_pair_keeps_its_raw_text_for_the_join_and_alone_the_half_is_replaced()
    {
        var half = "smile \uD83D";
        var part = VonageInboundParser.Parse(Inbound(p =>
        {
            p["text"] = half;
            p["concat"] = "true";
            p["concat-ref"] = "7";
            p["concat-part"] = "1";
            p["concat-total"] = "2";
        }), Now);
        var alone = VonageInboundParser.Parse(Inbound(p => p["text"] = half), Now);
        Assert.Multiple(() =>
        {
            Assert.That(part.Succeeded, Is.True, "the next part completes the pair");
            Assert.That(part.Value!.RawText, Is.EqualTo(half));
            Assert.That(part.Value!.TextRepaired, Is.False, "a part's repair is counted when its message is joined");
            Assert.That(alone.Value!.Text, Is.EqualTo("smile \uFFFD"));
        });
    }

    [Test]
    public void A_single_part_message_has_no_concatenation_details()
    {
        Assert.That(VonageInboundParser.Parse(Inbound(), Now).Value!.Concatenation, Is.Null);
    }
}
