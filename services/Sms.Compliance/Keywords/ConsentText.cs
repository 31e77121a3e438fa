using System.Globalization;
using System.Text;

namespace Sms.Compliance.Keywords;

/// <summary>
/// The one normalisation every consent reading uses, so a keyword, a configured phrase and a sentence are compared on
/// the same text: NFKC (full-width letters become ASCII), accents removed (ARRÊT is ARRET), case ignored, emoji,
/// punctuation and invisible characters dropped. Pure.
/// </summary>
public static class ConsentText
{
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

    /// <summary>The <see cref="Normalize"/>d words of a message, emoji and punctuation between them dropped; an apostrophe inside a word stays ("DON'T").</summary>
    public static List<string> Tokens(string text)
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

    /// <summary>The phrase form: the <see cref="Tokens"/> joined by single spaces.</summary>
    public static string Words(string text) => string.Join(' ', Tokens(text));

    /// <summary>Whitespace, punctuation, invisible characters and symbols (emoji such as 🛑, 🙏 and their skin tones).</summary>
    private static bool IsIgnorable(Rune rune) =>
        Rune.IsWhiteSpace(rune)
        || Rune.IsPunctuation(rune)
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.Control
            or UnicodeCategory.OtherSymbol or UnicodeCategory.ModifierSymbol or UnicodeCategory.MathSymbol
            or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse;
}
