using Sms.Compliance.Extensions;
using Sms.Compliance.Keywords;

namespace Sms.Compliance.Tests.Keywords;

public class ConsentRecogniserTests
{
    private static readonly ConsentRecogniser Recogniser = new(new KeywordOptions());

    // Requests to stop in plain words that no configured phrase lists, in every language.
    [TestCase("Don't text me anymore", "en")]
    [TestCase("please stop sending me these messages", "en")]
    [TestCase("I don't want these texts anymore", "en")]
    [TestCase("Stop the reminders please", "en")]
    [TestCase("cancel my subscription to these alerts", "en")]
    [TestCase("Please take this number off your list", "en")]
    [TestCase("no more texts from you!!", "en")]
    [TestCase("I want to unsubscribe now", "en")]
    [TestCase("I want out of your list", "en")]
    [TestCase("Not interested, please stop", "en")]
    [TestCase("Ich will raus aus der Liste", "de")]
    [TestCase("Não tenho interesse, parem", "pt")]
    [TestCase("Por favor dejen de enviarme mensajes", "es")]
    [TestCase("No me manden más mensajes", "es")]
    [TestCase("Ya no quiero recibir mensajes", "es")]
    [TestCase("quiero darme de baja", "es")]
    [TestCase("Arrêtez de m'envoyer des SMS", "fr")]
    [TestCase("Ne m'envoyez plus de messages svp", "fr")]
    [TestCase("je veux me désabonner", "fr")]
    [TestCase("Je ne veux plus recevoir de SMS", "fr")]
    [TestCase("Bitte keine SMS mehr", "de")]
    [TestCase("Hören Sie auf, mir Nachrichten zu schicken", "de")]
    [TestCase("Ich möchte mich abmelden", "de")]
    [TestCase("Schreiben Sie mir nicht mehr", "de")]
    [TestCase("Parem de me enviar mensagens", "pt")]
    [TestCase("Não quero mais receber mensagens", "pt")]
    [TestCase("quero sair da lista", "pt")]
    [TestCase("Smettete di inviarmi messaggi", "it")]
    [TestCase("Non voglio più ricevere messaggi", "it")]
    [TestCase("Basta messaggi per favore", "it")]
    [TestCase("Cancellatemi dalla lista", "it")]
    public void A_request_to_stop_in_plain_words_opts_out(string text, string language)
    {
        var reading = Recogniser.Read(text, optedOut: false);

        Assert.Multiple(() =>
        {
            Assert.That(reading.Intent, Is.EqualTo(KeywordIntent.OptOut));
            Assert.That(reading.Outcome, Is.EqualTo(ConsentOutcome.Act));
            Assert.That(reading.Language, Is.EqualTo(language));
            Assert.That(reading.Rule, Does.StartWith($"recogniser:{language}:"));
            Assert.That(reading.Score, Is.InRange(0.8, 1.0));
        });
    }

    // Negation and its scope: the stop verb is negated, or the sentence is about something else.
    [TestCase("don't stop the delivery")]
    [TestCase("I can't stop smiling")]
    [TestCase("Don't stop the reminders, they help")]
    [TestCase("please don't stop texting me")]
    [TestCase("No dejen de enviarme mensajes")]
    [TestCase("N'arrêtez pas les messages")]
    [TestCase("Hör nicht auf mir Nachrichten zu schicken")]
    [TestCase("Não parem de enviar mensagens")]
    [TestCase("Non smettete di mandarmi messaggi")]
    public void A_negated_stop_is_not_a_request(string text) =>
        Assert.That(Recogniser.Read(text, optedOut: false).Intent, Is.EqualTo(KeywordIntent.None));

    // A keyword that is also a common word, inside a sentence: never an opt-out.
    [TestCase("cancel my appointment")]
    [TestCase("baja el precio?")]
    [TestCase("Can you stop by at 5?")]
    [TestCase("I want to quit smoking")]
    [TestCase("the bus stop")]
    [TestCase("alto volume please")]
    [TestCase("basta così, grazie del passaggio")]
    [TestCase("Je veux annuler ma réservation")]
    [TestCase("Ich möchte den Termin absagen")]
    [TestCase("quero sair às 5")]
    [TestCase("send me the text of the contract")]
    [TestCase("text me when you arrive")]
    [TestCase("unsubscribe my husband")]
    [TestCase("Yes, cancel")]
    [TestCase("I don't want to stop getting the texts")]
    public void A_common_word_in_a_sentence_does_not_opt_out(string text) =>
        Assert.That(Recogniser.Read(text, optedOut: false).Outcome, Is.Not.EqualTo(ConsentOutcome.Act));

    [TestCase("BAJA", "es", "keyword:BAJA")]
    [TestCase("¡Baja!", "es", "keyword:BAJA")]
    [TestCase("PARAR", "es", "keyword:PARAR")]
    [TestCase("alto", "es", "keyword:ALTO")]
    [TestCase("Arrêt", "fr", "keyword:ARRET")]
    [TestCase("désabonner", "fr", "keyword:DESABONNER")]
    [TestCase("Abmelden", "de", "keyword:ABMELDEN")]
    [TestCase("STOPP", "de", "keyword:STOPP")]
    [TestCase("Sair", "pt", "keyword:SAIR")]
    [TestCase("annulla", "it", "keyword:ANNULLA")]
    [TestCase("BASTA!", "it", "keyword:BASTA")]
    [TestCase("STOP", null, "keyword:STOP")]
    [TestCase("S T O P", null, "keyword:STOP (spelled out)")]
    [TestCase("UNSUBSCRIBE", "en", "keyword:UNSUBSCRIBE")]
    [TestCase("ENDE", "de", "keyword:ENDE")]
    [TestCase("DISISCRIVI", "it", "keyword:DISISCRIVI")]
    public void Keywords_of_every_language_opt_out_as_the_whole_message(string text, string? language, string rule) =>
        Assert.That(Recogniser.Read(text, optedOut: false),
            Is.EqualTo(new ConsentReading(KeywordIntent.OptOut, 1, language, rule, ConsentOutcome.Act)));

    [TestCase("JOIN", KeywordIntent.OptIn)]
    [TestCase("ayuda", KeywordIntent.Help)]
    [TestCase("Hilfe", KeywordIntent.Help)]
    [TestCase("AJUDA", KeywordIntent.Help)]
    [TestCase("aiuto?", KeywordIntent.Help)]
    [TestCase("aide", KeywordIntent.Help)]
    public void Opt_in_and_help_keywords_of_every_language(string text, KeywordIntent intent) =>
        Assert.That(Recogniser.Read(text, optedOut: false).Intent, Is.EqualTo(intent));

    [Test]
    public void A_request_with_more_to_say_is_uncertain_not_acted_on()
    {
        var reading = Recogniser.Read("stop texting me the wrong time", optedOut: false);

        Assert.Multiple(() =>
        {
            Assert.That(reading.Outcome, Is.EqualTo(ConsentOutcome.Uncertain));
            Assert.That(reading.Score, Is.InRange(0.5, 0.8));
            Assert.That(new KeywordClassifier(new KeywordOptions()).Classify("stop texting me the wrong time", false), Is.EqualTo(KeywordMatch.None));
        });
    }

    [Test]
    public void The_thresholds_are_options()
    {
        var strict = new ConsentRecogniser(new KeywordOptions { OptOutThreshold = 0.99, ReviewThreshold = 0.9 });

        Assert.Multiple(() =>
        {
            Assert.That(strict.Read("please stop sending me these messages", false).Outcome, Is.EqualTo(ConsentOutcome.Uncertain));
            Assert.That(strict.Read("stop texting me the wrong time", false).Outcome, Is.EqualTo(ConsentOutcome.None));
            Assert.That(strict.Read("STOP", false).Outcome, Is.EqualTo(ConsentOutcome.Act));
        });
    }

    [Test]
    public void A_confident_sentence_is_recorded_like_a_phrase_with_its_rule()
    {
        var match = new KeywordClassifier(new KeywordOptions()).Classify("please stop sending me these messages", optedOut: false);

        Assert.Multiple(() =>
        {
            Assert.That(match, Is.EqualTo(new KeywordMatch(KeywordIntent.OptOut, "recogniser:en:verb=stop+object=messages", "en")));
            Assert.That(match.Source, Is.EqualTo(Sms.Contracts.Compliance.ConsentSource.Phrase));
        });
    }

    // A keyword as people type it: spelled out, with ALL, two letters swapped, the stop sign.
    [TestCase("S T O P", "keyword:STOP (spelled out)")]
    [TestCase("s.t.o.p", "keyword:STOP (spelled out)")]
    [TestCase("END ALL", "keyword:END ALL")]
    [TestCase("quit all!", "keyword:QUIT ALL")]
    [TestCase("STPO", "keyword:STOP (typed STPO)")]
    [TestCase("sotp", "keyword:STOP (typed SOTP)")]
    [TestCase("unsubscrbie", "keyword:UNSUBSCRIBE (typed UNSUBSCRBIE)")]
    [TestCase("\U0001F6D1", "keyword:STOP (\U0001F6D1)")]
    [TestCase("\U0001F6D1\U0001F6D1 !", "keyword:STOP (\U0001F6D1)")]
    [TestCase("Nehmen Sie mich von der Liste", null)]
    public void A_keyword_as_people_type_it_opts_out(string text, string? rule)
    {
        var reading = Recogniser.Read(text, optedOut: false);

        Assert.Multiple(() =>
        {
            Assert.That(reading.Intent, Is.EqualTo(KeywordIntent.OptOut));
            Assert.That(reading.Outcome, Is.EqualTo(ConsentOutcome.Act));
            if (rule is not null) Assert.That(reading.Rule, Is.EqualTo(rule));
        });
    }

    // Near a keyword but not one: another word, a keyword of fewer than four letters, an opt-in or help typo, more
    // than one swap, the sign beside words, "take my number" without "off the list".
    [TestCase("STOPS")]
    [TestCase("SHOP")]
    [TestCase("NED")]
    [TestCase("SATRT")]
    [TestCase("HLEP")]
    [TestCase("TSPO")]
    [TestCase("S T O P S")]
    [TestCase("ALL")]
    [TestCase("\U0001F6D1 at the corner, turn left")]
    [TestCase("Nehmen Sie meine Nummer auf")]
    public void A_near_keyword_is_an_ordinary_message(string text) =>
        Assert.That(Recogniser.Read(text, optedOut: false).Intent, Is.EqualTo(KeywordIntent.None));
}
