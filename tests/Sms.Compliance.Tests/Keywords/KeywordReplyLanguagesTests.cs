using Sms.Compliance.Extensions;
using Sms.Compliance.Keywords;

namespace Sms.Compliance.Tests.Keywords;

/// <summary>The replies in the customer's language: the built-in texts, the configured ones per language and per brand, and the order in which one is found.</summary>
public class KeywordReplyLanguagesTests
{
    private const string Program = "Acme Alerts";
    private const string Support = "+15550100";

    private static readonly KeywordReplies Replies = new(new ComplianceOptions { ProgramName = Program, SupportContact = Support }, new ReplyOptions());

    [TestCase("en", "Acme Alerts: You have been unsubscribed and will receive no further messages. Reply START to resubscribe.")]
    [TestCase("es", "Acme Alerts: Te has dado de baja y no recibirás más mensajes. Responde START para volver a suscribirte.")]
    [TestCase("fr", "Acme Alerts : Votre désinscription est confirmée, vous ne recevrez plus de messages. Répondez START pour vous réabonner.")]
    [TestCase("de", "Acme Alerts: Sie wurden abgemeldet und erhalten keine weiteren Nachrichten. Antworten Sie mit START, um sich wieder anzumelden.")]
    [TestCase("pt", "Acme Alerts: Sua inscrição foi cancelada e você não receberá mais mensagens. Responda START para se inscrever novamente.")]
    [TestCase("it", "Acme Alerts: La tua iscrizione è stata annullata e non riceverai più messaggi. Rispondi START per iscriverti di nuovo.")]
    public void The_opt_out_is_confirmed_in_the_customers_language(string language, string expected) =>
        Assert.That(Replies.TextFor(KeywordIntent.OptOut, language: language), Is.EqualTo(expected));

    [TestCase("en", "Acme Alerts: For help contact +15550100. Msg frequency varies. Msg&data rates may apply. Reply STOP to opt out.")]
    [TestCase("es", "Acme Alerts: Para obtener ayuda, contacta con +15550100. La frecuencia de los mensajes varía. Pueden aplicarse tarifas de mensajes y datos. Responde STOP para darte de baja.")]
    [TestCase("fr", "Acme Alerts : Pour obtenir de l'aide, contactez +15550100. Fréquence des messages variable. Des frais de messagerie et de données peuvent s'appliquer. Répondez STOP pour vous désabonner.")]
    [TestCase("de", "Acme Alerts: Hilfe erhalten Sie unter +15550100. Die Häufigkeit der Nachrichten variiert. Es können Gebühren für SMS und Daten anfallen. Antworten Sie mit STOP, um sich abzumelden.")]
    [TestCase("pt", "Acme Alerts: Para obter ajuda, entre em contato com +15550100. A frequência das mensagens varia. Podem ser cobradas tarifas de mensagens e dados. Responda STOP para deixar de receber mensagens.")]
    [TestCase("it", "Acme Alerts: Per assistenza contatta +15550100. La frequenza dei messaggi varia. Potrebbero essere applicati costi per messaggi e dati. Rispondi STOP per annullare l'iscrizione.")]
    public void Help_is_answered_in_the_customers_language(string language, string expected) =>
        Assert.That(Replies.TextFor(KeywordIntent.Help, language: language), Is.EqualTo(expected));

    [TestCase("en", "Reply HELP for help, STOP to opt out.")]
    [TestCase("es", "Responde AYUDA para obtener ayuda o STOP para darte de baja.")]
    [TestCase("fr", "Répondez AIDE pour obtenir de l'aide, STOP pour vous désabonner.")]
    [TestCase("de", "Antworten Sie mit HILFE für Hilfe oder mit STOP, um sich abzumelden.")]
    [TestCase("pt", "Responda AJUDA para obter ajuda ou STOP para deixar de receber mensagens.")]
    [TestCase("it", "Rispondi AIUTO per assistenza o STOP per annullare l'iscrizione.")]
    public void The_opt_in_is_confirmed_in_the_customers_language_with_the_terms_and_the_way_out(string language, string ending)
    {
        var text = Replies.TextFor(KeywordIntent.OptIn, language: language);

        Assert.That(text, Does.StartWith(Program).And.EndWith(ending));
    }

    [Test]
    public void Every_built_in_text_starts_with_the_program_and_the_help_names_the_contact_the_terms_and_STOP()
    {
        Assert.That(DefaultReplies.ByLanguage.Keys, Is.EquivalentTo(KeywordOptions.DefaultLanguages), "a text set for every language the recogniser reads");
        Assert.Multiple(() =>
        {
            foreach (var (language, texts) in DefaultReplies.ByLanguage)
            {
                foreach (var text in new[] { texts.OptOut, texts.OptIn, texts.Help })
                    Assert.That(text, Does.StartWith("{ProgramName}"), language);
                Assert.That(texts.OptOut, Does.Match(@"\bSTART\b"), $"{language}: the opt-out confirmation says how to come back");
                Assert.That(texts.Help, Does.Contain("{SupportContact}").And.Match(@"\bSTOP\b"), language);
                Assert.That(texts.OptIn.Split(". ").Skip(1).Take(2), Is.EqualTo(texts.Help.Split(". ").Skip(1).Take(2)),
                    $"{language}: the opt-in confirmation states the same frequency and rates as the help text");
            }
        });
    }

    [Test]
    public void A_message_without_a_language_is_answered_in_the_brands_language_else_the_deployments()
    {
        var replies = new KeywordReplies(new ComplianceOptions
        {
            ProgramName = Program,
            SupportContact = Support,
            Language = "fr",
            Brands = new() { ["globex"] = new BrandOptions { Numbers = ["+447700900700"], Language = "DE" } },
        }, new ReplyOptions());

        Assert.Multiple(() =>
        {
            Assert.That(replies.TextFor(KeywordIntent.OptOut, "globex"), Does.StartWith("Acme Alerts: Sie wurden abgemeldet"));
            Assert.That(replies.TextFor(KeywordIntent.OptOut), Does.StartWith("Acme Alerts : Votre désinscription"));
            Assert.That(replies.TextFor(KeywordIntent.OptOut, "default"), Does.StartWith("Acme Alerts : Votre désinscription"));
            Assert.That(replies.TextFor(KeywordIntent.Help, "globex", "es"), Does.StartWith("Acme Alerts: Para obtener ayuda"),
                "the customer's language before the brand's");
        });
    }

    /// <summary>
    /// The deployment in English with its own texts and German ones; globex in German with its own texts and Spanish
    /// ones; initech in English with nothing of its own.
    /// </summary>
    private static KeywordReplies Layered() => new(LayeredProgram(), LayeredReplies());

    private static ComplianceOptions LayeredProgram() => new()
    {
        ProgramName = Program,
        SupportContact = Support,
        Brands = new()
        {
            ["globex"] = new BrandOptions
            {
                Numbers = ["+447700900700"],
                Language = "de",
                Replies = new BrandReplyOptions
                {
                    OptOut = "globex own",
                    Languages = new() { ["es"] = new ReplyTexts { OptOut = "globex es" }, ["De"] = new ReplyTexts { Help = "globex de help STOP" } },
                },
            },
            ["initech"] = new BrandOptions { Numbers = ["+447700900701"] },
        },
    };

    private static ReplyOptions LayeredReplies() => new()
    {
        OptOut = "deployment own",
        Languages = new()
        {
            ["de"] = new ReplyTexts { OptOut = "deployment de", OptIn = "deployment de opt-in" },
            ["es"] = new ReplyTexts { OptIn = " " },
            ["nl"] = new ReplyTexts { OptOut = "deployment nl" },
        },
    };

    // brand+language, brand's own in its language, deployment+language, deployment's own in its language, built-in.
    [TestCase("globex", "es", KeywordIntent.OptOut, "globex es")]
    [TestCase("globex", "de", KeywordIntent.Help, "globex de help STOP")]
    [TestCase("globex", "de", KeywordIntent.OptOut, "globex own")]
    [TestCase("globex", null, KeywordIntent.OptOut, "globex own")]
    [TestCase("globex", "de", KeywordIntent.OptIn, "deployment de opt-in")]
    [TestCase("globex", "en", KeywordIntent.OptOut, "deployment own")]
    [TestCase("globex", "fr", KeywordIntent.OptOut, "Acme Alerts : Votre désinscription")]
    [TestCase("initech", "de", KeywordIntent.OptOut, "deployment de")]
    [TestCase("initech", "es", KeywordIntent.OptOut, "Acme Alerts: Te has dado de baja")]
    [TestCase("initech", "es", KeywordIntent.OptIn, "Acme Alerts: Te has vuelto a suscribir")]
    [TestCase("initech", "en", KeywordIntent.OptOut, "deployment own")]
    [TestCase("initech", null, KeywordIntent.OptOut, "deployment own")]
    [TestCase("initech", "nl", KeywordIntent.OptOut, "deployment nl")]
    [TestCase("initech", "nl", KeywordIntent.Help, "Acme Alerts: For help contact")]
    [TestCase("globex", "nl", KeywordIntent.Help, "globex de help STOP")]
    [TestCase("globex", "xx", KeywordIntent.OptIn, "deployment de opt-in")]
    public void One_text_is_the_first_found_from_the_brand_in_the_language_down_to_the_built_in_one(
        string scope, string? language, KeywordIntent intent, string expected) =>
        Assert.That(Layered().TextFor(intent, scope, language), Does.StartWith(expected));

    [Test]
    public void The_layered_configuration_has_no_problems() =>
        Assert.That(KeywordReplies.Problems(LayeredProgram(), LayeredReplies()), Is.Empty);

    /// <summary>The deployment in English, globex in Spanish, neither with texts of its own.</summary>
    private static ComplianceOptions OneSpanishBrand() => new()
    {
        ProgramName = Program,
        SupportContact = Support,
        Brands = new() { ["globex"] = new BrandOptions { Numbers = ["+447700900700"], Language = "es" } },
    };

    [Test]
    public void A_help_text_of_a_language_that_names_no_opt_out_keyword_is_a_problem_named_by_its_setting()
    {
        var replies = new ReplyOptions
        {
            Languages = new()
            {
                ["de"] = new ReplyTexts { Help = "{ProgramName}: Hilfe unter {SupportContact}. Abmeldung jederzeit möglich." },
                ["es"] = new ReplyTexts { Help = "{ProgramName}: Ayuda en {SupportContact}. Envía BAJA para darte de baja." },
                ["fr"] = new ReplyTexts { Help = "{ProgramName} : aide au {SupportContact}. STOPPER les SMS : répondez STOPSMS." },
            },
        };

        Assert.That(KeywordReplies.Problems(OneSpanishBrand(), replies), Is.EquivalentTo(new[]
        {
            "Compliance:Replies:Languages:de:Help must tell the customer how to opt out: it has to name one of the opt-out keywords (e.g. \"Reply STOP to opt out.\").",
            "Compliance:Replies:Languages:fr:Help must tell the customer how to opt out: it has to name one of the opt-out keywords (e.g. \"Reply STOP to opt out.\").",
        }), "ABMELDUNG and STOPPER name no keyword; BAJA is one");
    }

    [Test]
    public void A_brand_whose_keywords_leave_out_STOP_must_word_every_help_text_with_one_of_its_own()
    {
        var options = OneSpanishBrand();
        options.Brands["globex"].Keywords = new KeywordOptions { OptOut = ["BAJA", "ALTO"] };

        var problems = KeywordReplies.Problems(options, new ReplyOptions());

        Assert.That(problems, Has.Count.EqualTo(5), "the Spanish one says \"darte de baja\": BAJA, which opts out");
        Assert.That(problems, Has.Member(
            "The built-in de Help text (for brand globex) must tell the customer how to opt out: it has to name one of the opt-out keywords " +
            "(e.g. \"Reply BAJA to opt out.\"). Set Compliance:Brands:globex:Replies:Languages:de:Help to word it otherwise."));

        foreach (var language in DefaultReplies.ByLanguage.Keys)
        {
            options.Brands["globex"].Replies ??= new BrandReplyOptions();
            options.Brands["globex"].Replies!.Languages[language] = new ReplyTexts { Help = "{ProgramName}: {SupportContact}. BAJA = baja." };
        }
        Assert.That(KeywordReplies.Problems(options, new ReplyOptions()), Is.Empty);
    }

    [Test]
    public void The_deployments_keywords_are_the_ones_a_help_text_must_name()
    {
        var problems = KeywordReplies.Problems(OneSpanishBrand(), new ReplyOptions(), new KeywordOptions { OptOut = ["HALT"] });

        Assert.That(problems, Has.Count.EqualTo(6).And.All.Contain("(e.g. \"Reply HALT to opt out.\")"));
    }

    [Test]
    public void A_text_of_a_language_longer_than_1600_characters_is_a_problem()
    {
        var replies = new ReplyOptions { Languages = new() { ["fr"] = new ReplyTexts { OptIn = new string('x', 1_700) } } };

        Assert.That(KeywordReplies.Problems(OneSpanishBrand(), replies),
            Has.Member("Compliance:Replies:Languages:fr:OptIn is 1700 characters long; a reply may have at most 1600.")
                .And.Member("Compliance:Replies:Languages:fr:OptIn (filled in for brand globex) is 1700 characters long; a reply may have at most 1600.")
                .And.Count.EqualTo(2));
    }

    [Test]
    public void A_default_language_without_texts_is_a_problem_until_its_texts_are_configured()
    {
        var options = OneSpanishBrand();
        options.Language = "nl";

        Assert.That(KeywordReplies.Problems(options, new ReplyOptions()), Is.EqualTo(new[]
        {
            "Compliance:Language is \"nl\", a language without built-in replies: set Compliance:Replies:Languages:nl:OptOut.",
            "Compliance:Language is \"nl\", a language without built-in replies: set Compliance:Replies:Languages:nl:OptIn.",
            "Compliance:Language is \"nl\", a language without built-in replies: set Compliance:Replies:Languages:nl:Help.",
        }));

        var dutch = new ReplyOptions
        {
            OptOut = "{ProgramName}: U bent afgemeld. Antwoord START om u weer aan te melden.",
            OptIn = "{ProgramName}: U bent weer aangemeld. Antwoord STOP om u af te melden.",
            Help = "{ProgramName}: hulp via {SupportContact}. Antwoord STOP om u af te melden.",
        };
        Assert.That(KeywordReplies.Problems(options, dutch), Is.Empty);
        Assert.That(new KeywordReplies(options, dutch).TextFor(KeywordIntent.OptOut), Is.EqualTo("Acme Alerts: U bent afgemeld. Antwoord START om u weer aan te melden."));
    }
}
