using Sms.Compliance.Extensions;
using Sms.Contracts.Inbound;
using Sms.Contracts.Outbound;
using Sms.ServiceDefaults.Messaging;

namespace Sms.Compliance.Keywords;

/// <summary>
/// The reply to a keyword: confirmation of an opt-out or opt-in, or the help text, in the language the customer wrote in
/// (else the brand's, <see cref="BrandOptions.Language"/>) and in the words of the brand the customer wrote to
/// (<see cref="BrandOptions.Replies"/>, program name and support contact). Each text the brand leaves out is the
/// deployment's (<see cref="ReplyOptions"/>), else the built-in one of its language (<see cref="DefaultReplies"/>);
/// <see cref="ReplyOptions"/> gives the order. Pure.
/// </summary>
public sealed class KeywordReplies(ComplianceOptions program, ReplyOptions replies)
{
    /// <summary>The purpose the reply's id is derived for, from the inbound message's id.</summary>
    public const string Purpose = "compliance-reply";

    private static readonly KeywordIntent[] Answered = [KeywordIntent.OptOut, KeywordIntent.OptIn, KeywordIntent.Help];

    /// <param name="intent">The keyword's intent.</param>
    /// <param name="scope">The brand (consent scope) the customer wrote to; null or a scope with no brand: the deployment's texts.</param>
    /// <param name="language">The language the customer wrote in (<see cref="KeywordMatch.Language"/>); null: the brand's.</param>
    public string TextFor(KeywordIntent intent, string? scope = null, string? language = null)
    {
        var brand = BrandOf(scope);
        return Fill(Find(brand, language, ReplyOf(intent)).Template, brand);
    }

    /// <summary>
    /// The reply to <paramref name="inbound"/>: to the customer, from the number they wrote to, in the words of
    /// <paramref name="scope"/> and in <paramref name="language"/>. Its id is derived from the inbound message, so
    /// handling that message again sends nothing new.
    /// </summary>
    public SendSms ReplyTo(InboundSmsReceived inbound, string customerNumber, KeywordIntent intent, DateTimeOffset requestedAt,
        string? scope = null, string? language = null) =>
        Compose(MessageIds.Derive(inbound.MessageId, Purpose), customerNumber, inbound.To, TextFor(intent, scope, language), inbound.MessageId, requestedAt);

    /// <summary>
    /// A message of Compliance's own to the customer (category and origin Compliance, so it reaches even an opted-out
    /// number and never carries marketing), answering <paramref name="inReplyTo"/>.
    /// </summary>
    public static SendSms Compose(Guid messageId, string to, string from, string text, Guid inReplyTo, DateTimeOffset requestedAt) => new()
    {
        MessageId = messageId,
        To = to,
        From = from,
        Text = text,
        Category = SmsCategory.Compliance,
        Origin = SmsOrigin.Compliance,
        InReplyTo = inReplyTo,
        RequestedAt = requestedAt,
    };

    /// <summary>
    /// What is wrong with the replies as they will be sent, for the deployment and every brand, in every language a reply
    /// can be in (the built-in ones, those configured, the default ones), one sentence each naming the setting: a reply
    /// longer than <see cref="ReplyOptions.MaxLength"/> once filled in; a help text that names none of the opt-out
    /// keywords of the brand it answers for (its own, else <paramref name="keywords"/>', else the default set), as a
    /// word; a default language (<see cref="ComplianceOptions.Language"/>, <see cref="BrandOptions.Language"/>) without
    /// a text. Empty when the service may start.
    /// </summary>
    public static IReadOnlyList<string> Problems(ComplianceOptions program, ReplyOptions replies, KeywordOptions? keywords = null)
    {
        var texts = new KeywordReplies(program, replies);
        var deploymentOptOut = keywords?.OptOut ?? KeywordOptions.DefaultOptOut;
        var languages = DefaultReplies.ByLanguage.Keys
            .Concat(replies.Languages.Keys)
            .Concat(program.Brands.Values.SelectMany(b => b.Replies?.Languages.Keys ?? Enumerable.Empty<string>()))
            .Append(program.Language)
            .Concat(program.Brands.Values.Select(b => b.Language).OfType<string>())
            .Select(Code).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal).ToList();

        var problems = new List<string>();
        Check(brand: null, deploymentOptOut);
        foreach (var (name, options) in program.Brands)
            Check(new Brand(name, options), options.Keywords?.OptOut ?? deploymentOptOut);
        return problems.Distinct(StringComparer.Ordinal).ToList();

        void Check(Brand? brand, IReadOnlyList<string> optOutKeywords)
        {
            var ownLanguage = texts.LanguageOf(brand);
            foreach (var reply in Answered.Select(ReplyOf))
            {
                if (texts.InLanguage(brand, ownLanguage, reply) is null)
                    problems.Add($"{(brand is null ? ComplianceOptions.Section : $"{ComplianceOptions.Section}:Brands:{brand.Name}")}:Language is \"{ownLanguage}\", " +
                        $"a language without built-in replies: set {OwnKey(brand, ownLanguage, reply)}.");
                foreach (var language in languages)
                {
                    var found = texts.Find(brand, language, reply);
                    var text = texts.Fill(found.Template, brand);
                    var inherited = brand is not null && !found.Key.StartsWith($"{ComplianceOptions.Section}:Brands:{brand.Name}:", StringComparison.Ordinal);
                    var where = found.Key.Length > 0 ? found.Key : $"The built-in {found.Language} {reply} text";
                    // A built-in text is worded otherwise for the brand when the problem is the brand's, else for the deployment.
                    string Hint(bool brands) => found.Key.Length > 0 ? "" : $" Set {OwnKey(brands ? brand : null, found.Language, reply)} to word it otherwise.";
                    if (text.Length > ReplyOptions.MaxLength)
                        problems.Add($"{where}{(inherited ? $" (filled in for brand {brand!.Name})" : "")} is {text.Length} characters long; a reply may have at most {ReplyOptions.MaxLength}.{Hint(inherited)}");
                    // The keywords differ from the deployment's only when the brand has its own: then say for which brand.
                    var ownKeywords = inherited && brand!.Options.Keywords?.OptOut is not null;
                    if (reply == nameof(ReplyTexts.Help) && !NamesAnyOf(text, optOutKeywords))
                        problems.Add($"{where}{(ownKeywords ? $" (for brand {brand!.Name})" : "")} must tell the customer how to opt out: " +
                            $"it has to name one of the opt-out keywords (e.g. \"Reply {optOutKeywords.FirstOrDefault(k => !string.IsNullOrWhiteSpace(k))?.Trim() ?? "STOP"} to opt out.\").{Hint(ownKeywords)}");
                }
            }
        }
    }

    /// <summary>Whether one of the keywords is a word (or words) of the text, compared as the recogniser compares them.</summary>
    private static bool NamesAnyOf(string text, IEnumerable<string> keywords)
    {
        var words = $" {ConsentText.Words(text)} ";
        return keywords.Select(ConsentText.Words).Any(k => k.Length > 0 && words.Contains($" {k} ", StringComparison.Ordinal));
    }

    /// <summary>One brand: its name (the consent scope) and options.</summary>
    private sealed record Brand(string Name, BrandOptions Options);

    /// <summary>A text as configured (or built in), the setting it comes from (empty: built in), and its language.</summary>
    private readonly record struct Found(string Template, string Key, string Language);

    private Brand? BrandOf(string? scope) =>
        scope is not null && program.Brands.TryGetValue(scope, out var options) ? new Brand(scope, options) : null;

    /// <summary>The language of the brand's (or the deployment's) replies to a message that shows none.</summary>
    private string LanguageOf(Brand? brand) => Code(brand?.Options.Language ?? program.Language);

    /// <summary>
    /// The text in the customer's language, else in the brand's, else in the deployment's; the English built-in text
    /// only when none of those has one (the startup check refuses such a default language).
    /// </summary>
    private Found Find(Brand? brand, string? language, string reply)
    {
        foreach (var candidate in new[] { language, LanguageOf(brand), Code(program.Language) })
        {
            if (string.IsNullOrWhiteSpace(candidate)) continue;
            if (InLanguage(brand, Code(candidate), reply) is { } found) return found;
        }
        return new Found(Of(DefaultReplies.ByLanguage["en"], reply), "", "en");
    }

    /// <summary>
    /// One text in one language, the first of: the brand's for the language, the brand's own when it is the brand's
    /// language, the deployment's for the language, the deployment's own when it is the deployment's language, the
    /// built-in one. Null when the language has none.
    /// </summary>
    private Found? InLanguage(Brand? brand, string language, string reply)
    {
        if (brand?.Options.Replies is { } own)
        {
            if (Text(InLanguageOf(own.Languages, language), reply) is { } brandInLanguage)
                return new Found(brandInLanguage, $"{ComplianceOptions.Section}:Brands:{brand.Name}:Replies:Languages:{language}:{reply}", language);
            if (language == LanguageOf(brand) && Text(own, reply) is { } brandOwn)
                return new Found(brandOwn, $"{ComplianceOptions.Section}:Brands:{brand.Name}:Replies:{reply}", language);
        }
        if (Text(InLanguageOf(replies.Languages, language), reply) is { } deploymentInLanguage)
            return new Found(deploymentInLanguage, $"{ReplyOptions.Section}:Languages:{language}:{reply}", language);
        if (language == Code(program.Language) && Text(replies, reply) is { } deploymentOwn)
            return new Found(deploymentOwn, $"{ReplyOptions.Section}:{reply}", language);
        return DefaultReplies.ByLanguage.TryGetValue(language, out var builtIn) ? new Found(Of(builtIn, reply), "", language) : null;
    }

    /// <summary>Where to word a text for this brand (or the deployment) in this language.</summary>
    private static string OwnKey(Brand? brand, string language, string reply) => brand is null
        ? $"{ReplyOptions.Section}:Languages:{language}:{reply}"
        : $"{ComplianceOptions.Section}:Brands:{brand.Name}:Replies:Languages:{language}:{reply}";

    /// <summary>A language's texts, whatever the case of its key (the configuration binder may not keep the dictionary's comparer).</summary>
    private static ReplyTexts? InLanguageOf(Dictionary<string, ReplyTexts>? byLanguage, string language) =>
        byLanguage?.FirstOrDefault(l => Code(l.Key) == language).Value;

    private static string? Text(ReplyTexts? texts, string reply)
    {
        var text = reply switch
        {
            nameof(ReplyTexts.OptOut) => texts?.OptOut,
            nameof(ReplyTexts.OptIn) => texts?.OptIn,
            _ => texts?.Help,
        };
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }

    private static string Of(DefaultReplies.Texts texts, string reply) => reply switch
    {
        nameof(ReplyTexts.OptOut) => texts.OptOut,
        nameof(ReplyTexts.OptIn) => texts.OptIn,
        _ => texts.Help,
    };

    private static string ReplyOf(KeywordIntent intent) => intent switch
    {
        KeywordIntent.OptOut => nameof(ReplyTexts.OptOut),
        KeywordIntent.OptIn => nameof(ReplyTexts.OptIn),
        KeywordIntent.Help => nameof(ReplyTexts.Help),
        _ => throw new ArgumentOutOfRangeException(nameof(intent), intent, "Only keywords are answered."),
    };

    /// <summary>A language code as compared: trimmed, lower case ("DE" is "de").</summary>
    private static string Code(string? language) => (language ?? "").Trim().ToLowerInvariant();

    private string Fill(string template, Brand? brand) => template
        .Replace("{ProgramName}", brand?.Options.ProgramName ?? program.ProgramName, StringComparison.Ordinal)
        .Replace("{SupportContact}", brand?.Options.SupportContact ?? program.SupportContact, StringComparison.Ordinal);
}
