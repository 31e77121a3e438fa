using Sms.ServiceDefaults.Text;

namespace Sms.ServiceDefaults.Tests.Text;

public sealed class MessageTextTests
{
    // Built at run time: a lone surrogate in an attribute's string constant does not survive compilation.
    private static readonly string HighHalf = "😀"[..1];
    private static readonly string LowHalf = "😀"[1..];

    private static IEnumerable<TestCaseData> UnpairedSurrogates() =>
    [
        new TestCaseData("half an emoji " + HighHalf, "half an emoji \uFFFD"),
        new TestCaseData(LowHalf + " stray low half", "\uFFFD stray low half"),
    ];

    [TestCase("Meet me \0 the cafe", "Meet me @ the cafe")]
    [TestCase("name\0example.com", "name@example.com")]
    [TestCaseSource(nameof(UnpairedSurrogates))]
    public void Carrier_text_keeps_every_message_and_replaces_what_cannot_be_stored(string received, string kept)
    {
        var text = MessageText.FromCarrier(received, out var repaired);

        Assert.Multiple(() =>
        {
            Assert.That(text, Is.EqualTo(kept));
            Assert.That(repaired, Is.True);
        });
    }

    [TestCase("  Cafe\u0301 ok 😀  ", "Café ok 😀")]
    [TestCase("tab\tand\nnewline", "tab\tand\nnewline")]
    public void Carrier_text_without_such_characters_is_only_trimmed_and_normalised(string received, string kept)
    {
        var text = MessageText.FromCarrier(received, out var repaired);

        Assert.Multiple(() =>
        {
            Assert.That(text, Is.EqualTo(kept));
            Assert.That(repaired, Is.False);
        });
    }

    [TestCase("a\0b", "U+0000")]
    [TestCase("bell\u0007", "U+0007")]
    [TestCase("c1\u0085", "U+0085")]
    public void A_users_text_with_a_character_we_cannot_store_or_send_is_refused_with_the_reason(string text, string reason)
    {
        Assert.That(MessageText.Problem(text), Does.Contain(reason));
    }

    [Test]
    public void A_users_text_with_half_an_emoji_is_refused()
    {
        Assert.That(MessageText.Problem("broken " + HighHalf + " emoji"), Does.Contain("unpaired surrogate at position 8"));
    }

    [TestCase("Hello 😀, see you at 10:00")]
    [TestCase("line one\r\nline two\tend")]
    [TestCase("")]
    public void A_users_ordinary_text_is_accepted(string text)
    {
        Assert.That(MessageText.Problem(text), Is.Null);
    }
}
