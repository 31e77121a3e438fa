using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Sms.Router.Sessions;

/// <summary>
/// A reply reduced to what it says: <see cref="Text"/> is the reply cleaned up (<c>" Yes! "</c> → <c>YES</c>,
/// <c>"option 1"</c> → <c>1</c>); <see cref="Canonical"/> is the word it stands for (<c>yep</c> → <c>YES</c>).
/// </summary>
public sealed record NormalizedReply(string Text, string Canonical)
{
    public static readonly NormalizedReply Empty = new(string.Empty, string.Empty);

    public bool IsEmpty => Text.Length == 0;
}

/// <summary>
/// Normalises replies and prompt options alike, so both compare as equals: case-insensitive, surrounding
/// whitespace, punctuation and emoji removed, numbered choices reduced to their number (<c>"1."</c>, <c>"#1"</c>,
/// <c>"option 1"</c>, <c>"one"</c> → <c>1</c>), and synonyms recognised (configurable, <c>Router:Synonyms</c>).
/// Pure: no I/O, no state.
/// </summary>
public sealed partial class ReplyNormalizer
{
    /// <summary>Spellings (upper case) and the word each stands for.</summary>
    public static readonly IReadOnlyDictionary<string, string> DefaultSynonyms = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Y"] = "YES",
        ["YEAH"] = "YES",
        ["YEP"] = "YES",
        ["YUP"] = "YES",
        ["SURE"] = "YES",
        ["OK"] = "YES",
        ["OKAY"] = "YES",
        ["CONFIRM"] = "YES",
        ["CONFIRMED"] = "YES",
        ["👍"] = "YES",
        ["N"] = "NO",
        ["NOPE"] = "NO",
        ["NAH"] = "NO",
    };

    /// <summary>Number words a customer may write for a numbered choice.</summary>
    public static readonly IReadOnlyDictionary<string, string> NumberWords = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ZERO"] = "0",
        ["ONE"] = "1",
        ["TWO"] = "2",
        ["THREE"] = "3",
        ["FOUR"] = "4",
        ["FIVE"] = "5",
        ["SIX"] = "6",
        ["SEVEN"] = "7",
        ["EIGHT"] = "8",
        ["NINE"] = "9",
        ["TEN"] = "10",
    };

    private readonly IReadOnlyDictionary<string, string> _synonyms;

    public ReplyNormalizer(IReadOnlyDictionary<string, string>? synonyms = null)
    {
        _synonyms = synonyms ?? DefaultSynonyms;
    }

    /// <summary>
    /// A normalizer for a configured table (the word → its spellings, e.g. <c>YES: [Y, YEAH, 👍]</c>); the defaults when
    /// none is configured. Spellings are compared as replies are: case-insensitive, compatibility-normalised.
    /// </summary>
    public static ReplyNormalizer FromTable(IReadOnlyDictionary<string, string[]>? table) =>
        new(table is null || table.Count == 0 ? DefaultSynonyms : ToSynonyms(table));

    /// <summary>The spelling → word map of a table; a spelling listed under two words is an error.</summary>
    public static IReadOnlyDictionary<string, string> ToSynonyms(IReadOnlyDictionary<string, string[]> table)
    {
        var synonyms = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (word, spellings) in table)
        {
            var canonical = Key(word);
            foreach (var spelling in spellings ?? [])
            {
                if (string.IsNullOrWhiteSpace(spelling)) throw new ArgumentException($"A synonym of {word} is empty.");
                var key = Key(spelling);
                if (synonyms.TryGetValue(key, out var other) && other != canonical)
                    throw new ArgumentException($"'{spelling}' is listed as a synonym of both {other} and {canonical}.");
                synonyms[key] = canonical;
            }
        }
        return synonyms;
    }

    private static string Key(string text) =>
        CollapseWhitespace(WithoutEmojiModifiers(text.Normalize(NormalizationForm.FormKC))).ToUpperInvariant();

    /// <summary>
    /// The word a reply stands for when it is one typo away from a synonym or from a word with synonyms
    /// (<c>YEAHH</c>, <c>CONFRIM</c> → <c>YES</c>); null when it is none, or near spellings of different words.
    /// Only words of four letters or more (<see cref="EditDistance"/>).
    /// </summary>
    public string? TypoCanonical(NormalizedReply reply)
    {
        if (reply.IsEmpty || reply.Text.Length < EditDistance.MinimumLength) return null;
        var words = _synonyms
            .SelectMany(s => new[] { s, new KeyValuePair<string, string>(s.Value, s.Value) })
            .Where(s => EditDistance.IsTypoOf(reply.Text, s.Key))
            .Select(s => s.Value)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return words.Count == 1 ? words[0] : null;
    }

    public NormalizedReply Normalize(string? reply)
    {
        if (string.IsNullOrWhiteSpace(reply)) return NormalizedReply.Empty;

        // Full-width digits and letters become plain ones; emoji lose skin tones and presentation selectors.
        var text = CollapseWhitespace(WithoutEmojiModifiers(reply.Normalize(NormalizationForm.FormKC))).ToUpperInvariant();
        if (_synonyms.TryGetValue(text, out var whole)) return new NormalizedReply(text, whole);

        var trimmed = TrimToLettersAndDigits(text);
        if (trimmed.Length == 0) return SymbolsOnly(text);

        var numbered = NumberedChoice().Match(trimmed);
        if (numbered.Success) trimmed = numbered.Groups["number"].Value;
        if (NumberWords.TryGetValue(trimmed, out var digits)) trimmed = digits;

        return new NormalizedReply(trimmed, _synonyms.TryGetValue(trimmed, out var canonical) ? canonical : trimmed);
    }

    /// <summary>A reply of symbols only (<c>👍👍</c>, <c>👍!</c>) counts when every symbol in it means the same word.</summary>
    private NormalizedReply SymbolsOnly(string text)
    {
        var symbols = text.EnumerateRunes()
            .Where(r => !Rune.IsWhiteSpace(r) && !Rune.IsPunctuation(r))
            .Select(r => r.ToString())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return symbols.Count == 1 && _synonyms.TryGetValue(symbols[0], out var canonical)
            ? new NormalizedReply(symbols[0], canonical)
            : NormalizedReply.Empty;
    }

    private static string WithoutEmojiModifiers(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            var value = rune.Value;
            var isVariationSelector = value is >= 0xFE00 and <= 0xFE0F;
            var isSkinTone = value is >= 0x1F3FB and <= 0x1F3FF;
            if (!isVariationSelector && !isSkinTone) result.Append(rune.ToString());
        }
        return result.ToString();
    }

    private static string CollapseWhitespace(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Removes everything before the first letter or digit and after the last: punctuation, emoji, marks.</summary>
    private static string TrimToLettersAndDigits(string text)
    {
        var runes = text.EnumerateRunes().ToList();
        var start = runes.FindIndex(Rune.IsLetterOrDigit);
        if (start < 0) return string.Empty;
        var end = runes.FindLastIndex(Rune.IsLetterOrDigit);
        // Keep the combining marks that belong to the last letter (accents in decomposed text).
        while (end + 1 < runes.Count && Rune.GetUnicodeCategory(runes[end + 1]) is UnicodeCategory.NonSpacingMark)
            end++;
        return string.Concat(runes.Skip(start).Take(end - start + 1).Select(r => r.ToString()));
    }

    /// <summary><c>OPTION 1</c>, <c>OPTION #2</c>, <c>OPT. 3</c>, <c>CHOICE: 1</c>, <c>NUMBER 2</c>, <c>OPTION TWO</c> → the number.</summary>
    [GeneratedRegex(@"^(?:OPTION|OPT|CHOICE|NUMBER)\.?\s*[#:]?\s*(?<number>\d+|ZERO|ONE|TWO|THREE|FOUR|FIVE|SIX|SEVEN|EIGHT|NINE|TEN)$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberedChoice();
}
