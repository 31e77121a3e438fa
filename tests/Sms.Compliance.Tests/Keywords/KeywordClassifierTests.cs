using Sms.Compliance.Extensions;
using Sms.Compliance.Keywords;

namespace Sms.Compliance.Tests.Keywords;

public class KeywordClassifierTests
{
    private static readonly KeywordClassifier Classifier = new(new KeywordOptions());

    // Every opt-out keyword, in either consent state.
    [TestCase("STOP", false, "keyword:STOP")]
    [TestCase("STOP", true, "keyword:STOP")]
    [TestCase("STOPALL", false, "keyword:STOPALL")]
    [TestCase("UNSUBSCRIBE", false, "keyword:UNSUBSCRIBE")]
    [TestCase("CANCEL", false, "keyword:CANCEL")]
    [TestCase("END", false, "keyword:END")]
    [TestCase("QUIT", false, "keyword:QUIT")]
    [TestCase("REVOKE", false, "keyword:REVOKE")]
    [TestCase("OPTOUT", false, "keyword:OPTOUT")]
    [TestCase("ARRET", false, "keyword:ARRET")]
    [TestCase("stopp", false, "keyword:STOPP")]
    // Case, punctuation, whitespace, full-width and accents.
    [TestCase("stop", false, "keyword:STOP")]
    [TestCase("Stop", false, "keyword:STOP")]
    [TestCase("sToP", false, "keyword:STOP")]
    [TestCase("  STOP  ", false, "keyword:STOP")]
    [TestCase("\tstop\r\n", false, "keyword:STOP")]
    [TestCase("STOP.", false, "keyword:STOP")]
    [TestCase("Stop!!!", false, "keyword:STOP")]
    [TestCase("\"stop\"", false, "keyword:STOP")]
    [TestCase("¡Stop!", false, "keyword:STOP")]
    [TestCase("(stop)", false, "keyword:STOP")]
    [TestCase("... stop ...", false, "keyword:STOP")]
    [TestCase("\u201CStop\u201D", false, "keyword:STOP")]
    [TestCase("\u200BSTOP\uFEFF", false, "keyword:STOP")]
    [TestCase("\u00A0STOP\u3000", false, "keyword:STOP")]
    [TestCase("ＳＴＯＰ", false, "keyword:STOP")]
    [TestCase("ｓｔｏｐ！", false, "keyword:STOP")]
    [TestCase("unsubscribe.", false, "keyword:UNSUBSCRIBE")]
    [TestCase("Cancel", false, "keyword:CANCEL")]
    [TestCase("quit!", false, "keyword:QUIT")]
    [TestCase("OptOut", false, "keyword:OPTOUT")]
    [TestCase("arrêt", false, "keyword:ARRET")]
    [TestCase("Arrêt.", false, "keyword:ARRET")]
    // Emoji and symbols around the keyword.
    [TestCase("STOP \U0001F6D1", false, "keyword:STOP")]
    [TestCase("\U0001F6D1 stop \U0001F6D1", false, "keyword:STOP")]
    [TestCase(" stop!! ", false, "keyword:STOP")]
    [TestCase("Stop \U0001F621\U0001F621", true, "keyword:STOP")]
    [TestCase("STOP \U0001F44B\U0001F3FD", false, "keyword:STOP")]
    [TestCase("\u270B\uFE0F STOP", false, "keyword:STOP")]
    [TestCase("unsubscribe \u2764\uFE0F", false, "keyword:UNSUBSCRIBE")]
    [TestCase("STOP \U0001F468\u200D\U0001F469\u200D\U0001F467", false, "keyword:STOP")]
    [TestCase("~STOP~", false, "keyword:STOP")]
    [TestCase("STOP +", false, "keyword:STOP")]
    public void Opt_out_keywords_opt_out(string text, bool optedOut, string rule) =>
        Assert.That(IntentAndRule(Classifier.Classify(text, optedOut)), Is.EqualTo((KeywordIntent.OptOut, rule)));

    [TestCase("START", false, "keyword:START")]
    [TestCase("START", true, "keyword:START")]
    [TestCase("start", true, "keyword:START")]
    [TestCase(" Start. ", true, "keyword:START")]
    [TestCase("ＳＴＡＲＴ", true, "keyword:START")]
    [TestCase("UNSTOP", true, "keyword:UNSTOP")]
    [TestCase("unstop", false, "keyword:UNSTOP")]
    [TestCase("SUBSCRIBE", false, "keyword:SUBSCRIBE")]
    [TestCase("Subscribe!", true, "keyword:SUBSCRIBE")]
    [TestCase("YES", true, "keyword:YES")]
    [TestCase("yes", true, "keyword:YES")]
    [TestCase("Yes!", true, "keyword:YES")]
    [TestCase("ｙｅｓ", true, "keyword:YES")]
    public void Opt_in_keywords_opt_in(string text, bool optedOut, string rule) =>
        Assert.That(IntentAndRule(Classifier.Classify(text, optedOut)), Is.EqualTo((KeywordIntent.OptIn, rule)));

    [TestCase("HELP", false, "keyword:HELP")]
    [TestCase("HELP", true, "keyword:HELP")]
    [TestCase("help", false, "keyword:HELP")]
    [TestCase("Help?", false, "keyword:HELP")]
    [TestCase("  help!  ", true, "keyword:HELP")]
    [TestCase("ＨＥＬＰ", false, "keyword:HELP")]
    [TestCase("INFO", false, "keyword:INFO")]
    [TestCase("info.", true, "keyword:INFO")]
    [TestCase("AIDE", false, "keyword:AIDE")]
    [TestCase("Aide ?", false, "keyword:AIDE")]
    public void Help_keywords_ask_for_help(string text, bool optedOut, string rule) =>
        Assert.That(IntentAndRule(Classifier.Classify(text, optedOut)), Is.EqualTo((KeywordIntent.Help, rule)));

    // Look-alikes: the word is in the message, the request is not.
    [TestCase("don't stop the delivery", false)]
    [TestCase("Don\u2019t stop the delivery please", false)]
    [TestCase("please don't stop texting me", false)]
    [TestCase("stop texting me the wrong time", false)]
    [TestCase("Can you stop by at 5?", false)]
    [TestCase("I'll stop in tomorrow", false)]
    [TestCase("please cancel", false)]
    [TestCase("cancel my appointment", false)]
    [TestCase("remove me from the 10am slot", false)]
    [TestCase("the bus stop", false)]
    [TestCase("non-stop service!", false)]
    [TestCase("unsubscribe my husband", false)]
    [TestCase("leave me alone with the kids on friday", false)]
    [TestCase("stop \U0001F6D1 by the shop", false)]
    [TestCase("YES", false)]
    [TestCase("yes", false)]
    [TestCase("Yes!", false)]
    [TestCase("stop by tomorrow", false)]
    [TestCase("Please stop by tomorrow", false)]
    [TestCase("STOPS", false)]
    [TestCase("stoppp", false)]
    [TestCase("nonstop", false)]
    [TestCase("ST0P", false)]
    [TestCase("don't stop", false)]
    [TestCase("don't stop the delivery", false)]
    [TestCase("Don't STOP!", true)]
    [TestCase("help me move my appointment", false)]
    [TestCase("I need help", false)]
    [TestCase("helpful, thanks", false)]
    [TestCase("information", false)]
    [TestCase("info@example.com", false)]
    [TestCase("started", false)]
    [TestCase("endless", false)]
    [TestCase("the end", false)]
    [TestCase("I want to quit smoking", false)]
    [TestCase("yes please", true)]
    [TestCase("YESS", true)]
    [TestCase("1", false)]
    [TestCase("", false)]
    [TestCase("   ", true)]
    [TestCase("!!!", false)]
    public void Other_messages_are_not_keywords(string text, bool optedOut) =>
        Assert.That(Classifier.Classify(text, optedOut), Is.EqualTo(KeywordMatch.None));

    // Requests to stop in plain words, with the phrase that fired.
    [TestCase("please stop texting me", "phrase:STOP TEXTING ME")]
    [TestCase("Please STOP texting me!!", "phrase:STOP TEXTING ME")]
    [TestCase("stop texting me \U0001F621", "phrase:STOP TEXTING ME")]
    [TestCase("remove me from this list", "phrase:REMOVE ME FROM THIS LIST")]
    [TestCase("Remove me from this list, thanks.", "phrase:REMOVE ME FROM THIS LIST")]
    [TestCase("remove me", "phrase:REMOVE ME")]
    [TestCase("unsubscribe me", "phrase:UNSUBSCRIBE ME")]
    [TestCase("Unsubscribe me please \U0001F64F", "phrase:UNSUBSCRIBE ME")]
    [TestCase("stop messaging me", "phrase:STOP MESSAGING ME")]
    [TestCase("Can you please stop messaging me?", "phrase:STOP MESSAGING ME")]
    [TestCase("take me off your list", "phrase:TAKE ME OFF YOUR LIST")]
    [TestCase("Don't text me", "phrase:DON'T TEXT ME")]
    [TestCase("Don\u2019t text me.", "phrase:DON'T TEXT ME")]
    [TestCase("do not contact me", "phrase:DO NOT CONTACT ME")]
    [TestCase("ＰＬＥＡＳＥ ＳＴＯＰ", "phrase:STOP")]
    [TestCase("please stop", "phrase:STOP")]
    [TestCase("stop, thank you", "phrase:STOP")]
    [TestCase("Stop please!", "phrase:STOP")]
    [TestCase("unsubscribe pls", "phrase:UNSUBSCRIBE")]
    [TestCase("opt out", "phrase:OPT OUT")]
    [TestCase("I want to opt out", "phrase:I WANT TO OPT OUT")]
    [TestCase("leave me alone", "phrase:LEAVE ME ALONE")]
    [TestCase("no more messages", "phrase:NO MORE MESSAGES")]
    [TestCase("Stop. Stop.", "phrase:STOP STOP")]
    public void Plain_words_requests_opt_out_as_phrases(string text, string rule)
    {
        var match = Classifier.Classify(text, optedOut: false);

        Assert.That(IntentAndRule(match), Is.EqualTo((KeywordIntent.OptOut, rule)));
        Assert.That(match.Source, Is.EqualTo(Sms.Contracts.Compliance.ConsentSource.Phrase));
    }

    [Test]
    public void A_keyword_is_recorded_as_a_keyword() =>
        Assert.That(Classifier.Classify("STOP", optedOut: false).Source, Is.EqualTo(Sms.Contracts.Compliance.ConsentSource.Keyword));

    [Test]
    public void The_phrase_list_is_configurable()
    {
        var classifier = new KeywordClassifier(new KeywordOptions { OptOutPhrases = ["no more please", "go away"], Languages = [] });

        Assert.Multiple(() =>
        {
            Assert.That(IntentAndRule(classifier.Classify("Go away!", false)), Is.EqualTo((KeywordIntent.OptOut, "phrase:GO AWAY")));
            Assert.That(classifier.Classify("please stop texting me", false), Is.EqualTo(KeywordMatch.None));
            Assert.That(IntentAndRule(new KeywordClassifier(new KeywordOptions { OptOutPhrases = ["go away"] }).Classify("please stop texting me", false)),
                Is.EqualTo((KeywordIntent.OptOut, "recogniser:en:verb=stop+object=text")));
            Assert.That(IntentAndRule(classifier.Classify("STOP", false)), Is.EqualTo((KeywordIntent.OptOut, "keyword:STOP")));
        });
    }

    [Test]
    public void A_long_message_is_not_read_as_a_phrase() =>
        Assert.That(Classifier.Classify("please stop texting me " + new string('.', 200), optedOut: false), Is.EqualTo(KeywordMatch.None));

    [Test]
    public void A_message_longer_than_any_keyword_is_not_read_as_one() =>
        Assert.That(Classifier.Classify(new string(' ', 200) + "STOP", optedOut: false), Is.EqualTo(KeywordMatch.None));

    [Test]
    public void A_null_text_is_not_a_keyword() =>
        Assert.That(Classifier.Classify(null, optedOut: true), Is.EqualTo(KeywordMatch.None));

    [Test]
    public void Configured_sets_replace_the_defaults()
    {
        var classifier = new KeywordClassifier(new KeywordOptions
        {
            OptOut = ["halt", "Stop Texting"],
            OptIn = ["RESUME"],
            OptInWhenOptedOut = [],
            Help = ["SOS"],
        });

        Assert.Multiple(() =>
        {
            Assert.That(IntentAndRule(classifier.Classify("HALT", false)), Is.EqualTo((KeywordIntent.OptOut, "keyword:HALT")));
            Assert.That(IntentAndRule(classifier.Classify("stop   texting!", false)), Is.EqualTo((KeywordIntent.OptOut, "keyword:STOP TEXTING")));
            Assert.That(classifier.Classify("STOP", false), Is.EqualTo(KeywordMatch.None));
            Assert.That(IntentAndRule(classifier.Classify("resume", true)), Is.EqualTo((KeywordIntent.OptIn, "keyword:RESUME")));
            Assert.That(classifier.Classify("YES", true), Is.EqualTo(KeywordMatch.None));
            Assert.That(IntentAndRule(classifier.Classify("sos", false)), Is.EqualTo((KeywordIntent.Help, "keyword:SOS")));
            Assert.That(classifier.Classify("HELP", false), Is.EqualTo(KeywordMatch.None));
        });
    }

    [Test]
    public void A_word_configured_in_two_sets_means_the_safer_one()
    {
        var classifier = new KeywordClassifier(new KeywordOptions { OptOut = ["STOP", "END"], Help = ["END", "HELP"], OptIn = ["END", "START"] });

        Assert.That(IntentAndRule(classifier.Classify("end", optedOut: true)), Is.EqualTo((KeywordIntent.OptOut, "keyword:END")));
    }

    [TestCase("  Ｓｔｏｐ！ ", "STOP")]
    [TestCase("arrêt", "ARRET")]
    [TestCase("stop   texting", "STOP TEXTING")]
    [TestCase("\u200B", "")]
    public void Normalisation_folds_width_accents_case_and_whitespace(string text, string expected) =>
        Assert.That(KeywordClassifier.Normalize(text), Is.EqualTo(expected));

    // The language the customer wrote in, for the reply: each language's keywords and sentences carry theirs; a keyword
    // every market uses carries none, so the reply is in the brand's language.
    [TestCase("BAJA", false, KeywordIntent.OptOut, "es")]
    [TestCase("Arrêt", false, KeywordIntent.OptOut, "fr")]
    [TestCase("ABMELDEN", false, KeywordIntent.OptOut, "de")]
    [TestCase("Sair", false, KeywordIntent.OptOut, "pt")]
    [TestCase("annulla", false, KeywordIntent.OptOut, "it")]
    [TestCase("UNSUBSCRIBE", false, KeywordIntent.OptOut, "en")]
    [TestCase("AYUDA", false, KeywordIntent.Help, "es")]
    [TestCase("aide", false, KeywordIntent.Help, "fr")]
    [TestCase("Hilfe!", false, KeywordIntent.Help, "de")]
    [TestCase("AJUDA", false, KeywordIntent.Help, "pt")]
    [TestCase("aiuto?", false, KeywordIntent.Help, "it")]
    [TestCase("YES", true, KeywordIntent.OptIn, "en")]
    [TestCase("STOP", false, KeywordIntent.OptOut, null)]
    [TestCase("stpo", false, KeywordIntent.OptOut, null)]
    [TestCase("Stop. Stop.", false, KeywordIntent.OptOut, null)]
    [TestCase("START", true, KeywordIntent.OptIn, null)]
    [TestCase("HELP", false, KeywordIntent.Help, null)]
    [TestCase("info", false, KeywordIntent.Help, null)]
    [TestCase("please stop", false, KeywordIntent.OptOut, "en")]
    [TestCase("Don't text me anymore", false, KeywordIntent.OptOut, "en")]
    [TestCase("Por favor dejen de enviarme mensajes", false, KeywordIntent.OptOut, "es")]
    [TestCase("Ne m'envoyez plus de messages svp", false, KeywordIntent.OptOut, "fr")]
    [TestCase("bitte keine SMS mehr", false, KeywordIntent.OptOut, "de")]
    [TestCase("Não quero mais receber mensagens", false, KeywordIntent.OptOut, "pt")]
    [TestCase("Non voglio più ricevere messaggi", false, KeywordIntent.OptOut, "it")]
    public void A_match_carries_the_language_the_customer_wrote_in(string text, bool optedOut, KeywordIntent intent, string? language)
    {
        var match = Classifier.Classify(text, optedOut);

        Assert.That((match.Intent, match.Language), Is.EqualTo((intent, language)), match.Rule);
    }

    [Test]
    public void A_configured_keyword_no_lexicon_knows_carries_no_language() =>
        Assert.That(new KeywordClassifier(new KeywordOptions { OptOut = ["XQZ"] }).Classify("xqz", false), Is.EqualTo(new KeywordMatch(KeywordIntent.OptOut, "keyword:XQZ")));

    private static (KeywordIntent Intent, string? Rule) IntentAndRule(KeywordMatch match) => (match.Intent, match.Rule);
}
