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
    [TestCase("one", "1")]
    [TestCase("One!", "1")]
    [TestCase("TWO", "2")]
    [TestCase("three", "3")]
    [TestCase("ten", "10")]
    [TestCase("option one", "1")]
    [TestCase("Option two.", "2")]
    [TestCase("number three", "3")]
    [TestCase("#2.", "2")]
    [TestCase("1)", "1")]
    [TestCase("opt 2", "2")]
    [TestCase("option 12", "12")]
    [TestCase("eleven", "ELEVEN")]
    [TestCase("one two", "ONE TWO")]
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

    [TestCase("yeahh", "YES")]
    [TestCase("Yaeh", "YES")]
    [TestCase("confrim", "YES")]
    [TestCase("Confirmd!", "YES")]
    [TestCase("okya", "YES")]
    [TestCase("okey", "YES")]
    [TestCase("nopee", "NO")]
    [TestCase("noep", "NO")]
    public void A_word_one_typo_from_a_synonym_stands_for_its_word(string reply, string canonical)
    {
        Assert.That(_normalizer.TypoCanonical(_normalizer.Normalize(reply)), Is.EqualTo(canonical));
    }

    [TestCase("yess")]
    [TestCase("noo")]
    [TestCase("ys")]
    [TestCase("maybe")]
    [TestCase("yes please")]
    [TestCase("1234")]
    [TestCase("")]
    public void Short_words_and_far_words_are_not_typos(string reply)
    {
        Assert.That(_normalizer.TypoCanonical(_normalizer.Normalize(reply)), Is.Null);
    }

    [Test]
    public void A_word_near_spellings_of_two_words_is_no_typo_of_either()
    {
        var normalizer = new ReplyNormalizer(new Dictionary<string, string> { ["SURE"] = "YES", ["SORE"] = "NO" });

        Assert.That(normalizer.TypoCanonical(normalizer.Normalize("surre")), Is.EqualTo("YES"));
        Assert.That(normalizer.TypoCanonical(normalizer.Normalize("sxre")), Is.Null);
    }

    [Test]
    public void A_configured_table_replaces_the_default_synonyms()
    {
        var normalizer = ReplyNormalizer.FromTable(new Dictionary<string, string[]>
        {
            ["yes"] = ["si", "Sí", "claro", "👌"],
            ["no"] = ["nein"],
        });

        Assert.Multiple(() =>
        {
            Assert.That(normalizer.Normalize("SI!").Canonical, Is.EqualTo("YES"));
            Assert.That(normalizer.Normalize("sí").Canonical, Is.EqualTo("YES"));
            Assert.That(normalizer.Normalize("Claro.").Canonical, Is.EqualTo("YES"));
            Assert.That(normalizer.Normalize("👌").Canonical, Is.EqualTo("YES"));
            Assert.That(normalizer.Normalize("nein").Canonical, Is.EqualTo("NO"));
            Assert.That(normalizer.Normalize("yep").Canonical, Is.EqualTo("YEP"), "the defaults are replaced");
        });
    }

    [Test]
    public void No_configured_table_means_the_defaults()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ReplyNormalizer.FromTable(null).Normalize("yep").Canonical, Is.EqualTo("YES"));
            Assert.That(ReplyNormalizer.FromTable(new Dictionary<string, string[]>()).Normalize("nah").Canonical, Is.EqualTo("NO"));
        });
    }

    [Test]
    public void A_spelling_listed_under_two_words_is_refused()
    {
        var table = new Dictionary<string, string[]> { ["YES"] = ["ok"], ["NO"] = ["OK"] };

        Assert.That(() => ReplyNormalizer.ToSynonyms(table), Throws.ArgumentException.With.Message.Contains("'OK'"));
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
