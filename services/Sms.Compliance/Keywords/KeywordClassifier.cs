using System.Globalization;
using System.Text;

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
    public static readonly KeywordMatch None = new(KeywordIntent.None, null);
}

/// <summary>
/// Recognises the compliance keywords (STOP, START, HELP and their synonyms). Pure: no I/O, no clock.
/// The whole message must be the keyword once it is normalised: Unicode NFKC (full-width letters become ASCII),
/// accents removed, surrounding whitespace, punctuation and invisible characters trimmed, inner whitespace collapsed,
/// case ignored.
/// "stop by tomorrow" or "STOPS" are ordinary messages.
/// </summary>
public sealed class KeywordClassifier
{
    /// <summary>Longer messages are never keywords; they are not normalised at all.</summary>
    private const int MaxKeywordMessageLength = 64;

    private readonly Dictionary<string, Keyword> _keywords = new(StringComparer.Ordinal);

    public KeywordClassifier(KeywordOptions options)
    {
        // On overlap the safer meaning wins: opt-out before opt-in before help.
        Add(options.OptOut ?? KeywordOptions.DefaultOptOut, KeywordIntent.OptOut, onlyWhenOptedOut: false);
        Add(options.OptIn ?? KeywordOptions.DefaultOptIn, KeywordIntent.OptIn, onlyWhenOptedOut: false);
        Add(options.OptInWhenOptedOut ?? KeywordOptions.DefaultOptInWhenOptedOut, KeywordIntent.OptIn, onlyWhenOptedOut: true);
        Add(options.Help ?? KeywordOptions.DefaultHelp, KeywordIntent.Help, onlyWhenOptedOut: false);
    }

    /// <param name="text">The inbound message as received.</param>
    /// <param name="optedOut">Whether the sender is opted out now (YES opts in only then).</param>
    public KeywordMatch Classify(string? text, bool optedOut)
    {
        if (string.IsNullOrEmpty(text) || text.Length > MaxKeywordMessageLength) return KeywordMatch.None;
        if (!_keywords.TryGetValue(Normalize(text), out var keyword)) return KeywordMatch.None;
        if (keyword.OnlyWhenOptedOut && !optedOut) return KeywordMatch.None;
        return new KeywordMatch(keyword.Intent, keyword.Rule);
    }

    /// <summary>
    /// NFKC (full-width and compatibility forms folded), accents removed (ARRÊT is ARRET), trimmed of whitespace,
    /// punctuation and invisible characters, inner whitespace collapsed, upper case.
    /// </summary>
    internal static string Normalize(string text)
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

    private static bool IsIgnorable(Rune rune) =>
        Rune.IsWhiteSpace(rune)
        || Rune.IsPunctuation(rune)
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.Control;

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
