using Sms.Router.Sessions;

namespace Sms.Router.Tests.Sessions;

public class ReplyNormalizerTests
{
    private readonly ReplyNormalizer _normalizer = new();

    [TestCase("yes", "YES")]
    [TestCase("YES", "YES")]
    [TestCase("Yes", "YES")]
    [TestCase(" Yes! ", "YES")]
    [TestCase("yes.", "YES")]
    [TestCase("'yes'", "YES")]
    [TestCase("\"YES\"", "YES")]
    [TestCase("Yes 😀", "YES")]
    [TestCase("¡yes!", "YES")]
    [TestCase("\tno\n", "NO")]
    [TestCase("No!!!", "NO")]
    [TestCase("1", "1")]
    [TestCase("1.", "1")]
    [TestCase("#1", "1")]
    [TestCase("# 1", "1")]
    [TestCase("(2)", "2")]
    [TestCase("2)", "2")]
    [TestCase("option 2", "2")]
    [TestCase("Option 1", "1")]
    [TestCase("OPTION #3", "3")]
    [TestCase("option: 2", "2")]
    [TestCase("opt. 1", "1")]
    [TestCase("choice 2", "2")]
    [TestCase("number 1", "1")]
    [TestCase("Option  2!", "2")]
    [TestCase("１", "1")]
    [TestCase("1️⃣", "1")]
    [TestCase("café", "CAFÉ")]
    [TestCase("Can you call me instead?", "CAN YOU CALL ME INSTEAD")]
    [TestCase("  two   words  ", "TWO WORDS")]
    public void Cleans_the_reply_to_what_it_says(string reply, string expected)
    {
        Assert.That(_normalizer.Normalize(reply).Text, Is.EqualTo(expected));
    }

    [TestCase("yes", "YES")]
    [TestCase("y", "YES")]
    [TestCase("Y", "YES")]
    [TestCase("yeah", "YES")]
    [TestCase("Yeah!", "YES")]
    [TestCase("yep", "YES")]
    [TestCase("yup", "YES")]
    [TestCase("sure", "YES")]
    [TestCase("Sure.", "YES")]
    [TestCase("ok", "YES")]
    [TestCase("OK!", "YES")]
    [TestCase("okay", "YES")]
    [TestCase("confirm", "YES")]
    [TestCase("Confirmed", "YES")]
    [TestCase("👍", "YES")]
    [TestCase(" 👍 ", "YES")]
    [TestCase("👍🏽", "YES")]
    [TestCase("👍👍", "YES")]
    [TestCase("👍!", "YES")]
    [TestCase("no", "NO")]
    [TestCase("n", "NO")]
    [TestCase("N.", "NO")]
    [TestCase("nope", "NO")]
    [TestCase("Nah", "NO")]
    [TestCase("1", "1")]
    [TestCase("maybe", "MAYBE")]
    [TestCase("yes please", "YES PLEASE")]
    public void Recognises_what_a_synonym_stands_for(string reply, string canonical)
    {
        Assert.That(_normalizer.Normalize(reply).Canonical, Is.EqualTo(canonical));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("!!!")]
    [TestCase("?")]
    [TestCase("😀")]
    [TestCase("👍👎")]
    public void A_reply_with_nothing_to_match_is_empty(string? reply)
    {
        var normalized = _normalizer.Normalize(reply);

        Assert.That(normalized.IsEmpty, Is.True, $"'{normalized.Text}' / '{normalized.Canonical}'");
    }

    [Test]
    public void Uses_the_synonyms_it_is_given()
    {
        var normalizer = new ReplyNormalizer(new Dictionary<string, string> { ["SI"] = "YES" });

        Assert.Multiple(() =>
        {
            Assert.That(normalizer.Normalize("Sí").Canonical, Is.EqualTo("SÍ"));
            Assert.That(normalizer.Normalize("si!").Canonical, Is.EqualTo("YES"));
            Assert.That(normalizer.Normalize("yep").Canonical, Is.EqualTo("YEP"));
        });
    }
}
