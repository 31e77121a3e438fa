using System.Globalization;
using System.Text;
using Sms.Compliance.Extensions;
using Sms.Contracts.Compliance;

namespace Sms.Compliance.Keywords;

public enum KeywordIntent
{
    /// <summary>Not a compliance keyword: the message goes on to routing.</summary>
    None,
    OptOut,
    OptIn,
    Help,
}

/// <summary>What an inbound message means to compliance, and the rule that said so (e.g. <c>keyword:STOP</c>).</summary>
public readonly record struct KeywordMatch(KeywordIntent Intent, string? Rule)
{
    public const string PhrasePrefix = "phrase:";

    public static readonly KeywordMatch None = new(KeywordIntent.None, null);

    /// <summary>How the ledger records the match: a keyword, or a request in plain words (<c>phrase:…</c>).</summary>
    public ConsentSource Source =>
        Rule is not null && Rule.StartsWith(PhrasePrefix, StringComparison.Ordinal) ? ConsentSource.Phrase : ConsentSource.Keyword;
}

/// <summary>
/// Recognises the compliance keywords (STOP, START, HELP and their synonyms). Pure: no I/O, no clock.
/// The whole message must be the keyword once it is normalised: Unicode NFKC (full-width letters become ASCII),
/// accents removed, surrounding whitespace, punctuation and invisible characters trimmed, inner whitespace collapsed,
/// case ignored.
/// "stop by tomorrow" or "STOPS" are ordinary messages.
/// A message that is, as a whole, one of the configured opt-out phrases ("please stop texting me", "remove me from
/// this list") opts out too, with the rule <c>phrase:…</c>: its words are compared once emoji and punctuation are
/// removed and polite filler around them ("please", "thanks") is dropped. A message that merely contains a keyword or
/// a phrase ("don't stop the delivery") is not a request to stop.
/// </summary>
public sealed class KeywordClassifier
{
    /// <summary>Longer messages are never keywords; they are not normalised at all.</summary>
    private const int MaxKeywordMessageLength = 64;

    /// <summary>Longer messages are never read as a phrase: a clear request to stop is short.</summary>
    private const int MaxPhraseMessageLength = 160;

    /// <summary>Words that may come before a request without changing it.</summary>
    private static readonly HashSet<string> LeadingFiller = new(StringComparer.Ordinal)
    {
        "PLEASE", "PLS", "PLZ", "KINDLY", "OK", "OKAY", "HI", "HELLO", "HEY", "JUST", "CAN", "COULD", "WOULD", "YOU",
    };

    /// <summary>Words that may come after a request without changing it.</summary>
    private static readonly HashSet<string> TrailingFiller = new(StringComparer.Ordinal)
    {
        "PLEASE", "PLS", "PLZ", "THANKS", "THANK", "YOU", "THX", "TY", "OK",
    };

    private readonly Dictionary<string, Keyword> _keywords = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _phrases = new(StringComparer.Ordinal);

    public KeywordClassifier(KeywordOptions options)
    {
        // On overlap the safer meaning wins: opt-out before opt-in before help.
        Add(options.OptOut ?? KeywordOptions.DefaultOptOut, KeywordIntent.OptOut, onlyWhenOptedOut: false);
        Add(options.OptIn ?? KeywordOptions.DefaultOptIn, KeywordIntent.OptIn, onlyWhenOptedOut: false);
        Add(options.OptInWhenOptedOut ?? KeywordOptions.DefaultOptInWhenOptedOut, KeywordIntent.OptIn, onlyWhenOptedOut: true);
        Add(options.Help ?? KeywordOptions.DefaultHelp, KeywordIntent.Help, onlyWhenOptedOut: false);
        // A one-word phrase is an opt-out keyword with filler around it ("please stop"): it counts only while that
        // word is an opt-out keyword, so a brand that replaces the keywords does not keep the default ones this way.
        var optOutKeywords = (options.OptOut ?? KeywordOptions.DefaultOptOut).Select(Words).ToHashSet(StringComparer.Ordinal);
        foreach (var phrase in options.OptOutPhrases ?? KeywordOptions.DefaultOptOutPhrases)
        {
            var words = Words(phrase);
            var oneWord = !words.Contains(' ', StringComparison.Ordinal);
            if (words.Length > 0 && (!oneWord || optOutKeywords.Contains(words)))
                _phrases.TryAdd(words, KeywordMatch.PhrasePrefix + words);
        }
    }

    /// <param name="text">The inbound message as received.</param>
    /// <param name="optedOut">Whether the sender is opted out now (YES opts in only then).</param>
    public KeywordMatch Classify(string? text, bool optedOut)
    {
        if (string.IsNullOrEmpty(text)) return KeywordMatch.None;
        if (text.Length <= MaxKeywordMessageLength && _keywords.TryGetValue(Normalize(text), out var keyword))
        {
            return keyword.OnlyWhenOptedOut && !optedOut
                ? KeywordMatch.None
                : new KeywordMatch(keyword.Intent, keyword.Rule);
        }
        return text.Length <= MaxPhraseMessageLength ? ClassifyPhrase(text) : KeywordMatch.None;
    }

    /// <summary>A configured phrase, possibly wrapped in polite filler ("please stop texting me", "remove me, thanks").</summary>
    private KeywordMatch ClassifyPhrase(string text)
    {
        var tokens = Tokens(text);
        var start = 0;
        var end = tokens.Count;
        while (start < end && LeadingFiller.Contains(tokens[start])) start++;
        while (end > start && TrailingFiller.Contains(tokens[end - 1])) end--;
        if (start == end) return KeywordMatch.None;

        var words = string.Join(' ', tokens.Skip(start).Take(end - start));
        return _phrases.TryGetValue(words, out var rule) ? new KeywordMatch(KeywordIntent.OptOut, rule) : KeywordMatch.None;
    }

    /// <summary>The phrase form: <see cref="Normalize"/>d words, with emoji and punctuation between them dropped.</summary>
    internal static string Words(string text) => string.Join(' ', Tokens(text));

    private static List<string> Tokens(string text)
    {
        var normalized = Normalize(text).Replace('\u2019', '\'').Replace('\u2018', '\'');
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (var rune in normalized.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune) || rune.Value == '\'')
            {
                current.Append(rune.ToString());
                continue;
            }
            Flush();
        }
        Flush();
        return tokens;

        void Flush()
        {
            var token = current.ToString().Trim('\'');
            if (token.Length > 0) tokens.Add(token);
            current.Clear();
        }
    }

    /// <summary>
    /// NFKC (full-width and compatibility forms folded), accents removed (ARRÊT is ARRET), trimmed of whitespace,
    /// punctuation and invisible characters, inner whitespace collapsed, upper case.
    /// </summary>
    public static string Normalize(string text)
    {
        var runes = text.Normalize(NormalizationForm.FormKC).Normalize(NormalizationForm.FormD)
            .EnumerateRunes()
            .Where(r => Rune.GetUnicodeCategory(r) != UnicodeCategory.NonSpacingMark)
            .ToList();
        var start = 0;
        var end = runes.Count;
        while (start < end && IsIgnorable(runes[start])) start++;
        while (end > start && IsIgnorable(runes[end - 1])) end--;

        var builder = new StringBuilder(end - start);
        var previousWasSpace = false;
        for (var i = start; i < end; i++)
        {
            var isSpace = Rune.IsWhiteSpace(runes[i]);
            if (!isSpace) builder.Append(runes[i].ToString());
            else if (!previousWasSpace) builder.Append(' ');
            previousWasSpace = isSpace;
        }
        return builder.ToString().ToUpperInvariant();
    }

    /// <summary>Whitespace, punctuation, invisible characters and symbols (emoji such as 🛑, 🙏 and their skin tones).</summary>
    private static bool IsIgnorable(Rune rune) =>
        Rune.IsWhiteSpace(rune)
        || Rune.IsPunctuation(rune)
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.Control
            or UnicodeCategory.OtherSymbol or UnicodeCategory.ModifierSymbol or UnicodeCategory.MathSymbol
            or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse;

    private void Add(IEnumerable<string> words, KeywordIntent intent, bool onlyWhenOptedOut)
    {
        foreach (var word in words)
        {
            var normalized = Normalize(word);
            if (normalized.Length > 0)
                _keywords.TryAdd(normalized, new Keyword(intent, onlyWhenOptedOut, $"keyword:{normalized}"));
        }
    }

    private sealed record Keyword(KeywordIntent Intent, bool OnlyWhenOptedOut, string Rule);
}
