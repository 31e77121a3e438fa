using System.Text;

namespace Sms.ServiceDefaults.Text;

/// <summary>
/// The platform's one rule for text at its edges (carrier webhooks, the send API, the inbox, imports).
/// <list type="bullet">
/// <item>Text from a carrier is never refused or lost: it is kept as received, trimmed and in Unicode normalisation
/// form C, except for the two things PostgreSQL and every carrier API cannot take. U+0000 becomes "@", because GSM
/// 03.38 encodes "@" as 0x00 and a gateway that decodes it wrongly sends exactly that; an unpaired surrogate (half of
/// an emoji, invalid UTF-16) becomes U+FFFD. <see cref="FromCarrier"/> says when it changed anything.</item>
/// <item>Text from our own users (API callers, agents, imports) that holds such a character, or another control
/// character than tab, line feed and carriage return, is refused: <see cref="Problem"/> says why, for a 400 that
/// names the field. Nothing we could not store or send is accepted.</item>
/// </list>
/// </summary>
public static class MessageText
{
    /// <summary>What GSM 03.38 means by the code 0x00, which arrives as U+0000 from a gateway that decodes it wrongly.</summary>
    public const char GsmZero = '@';

    /// <summary>
    /// Text from a carrier as the platform keeps it: trimmed, NFC, U+0000 as "@", unpaired surrogates as U+FFFD.
    /// <paramref name="repaired"/> is true when a character had to be replaced (counted and logged by the caller).
    /// </summary>
    public static string FromCarrier(string text, out bool repaired)
    {
        var replaced = ReplaceUnstorable(text);
        repaired = !ReferenceEquals(replaced, text);
        return replaced.Trim().Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// Trims and NFC-normalises text a user gave us, so a keyword typed with combining accents matches the precomposed
    /// form. Null when the text cannot be normalised (an unpaired surrogate): check <see cref="Problem"/> first.
    /// </summary>
    public static string? Normalise(string text)
    {
        try
        {
            return text.Trim().Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// Why a user's text cannot be taken, or null when it can: U+0000, another control character than tab, line feed
    /// and carriage return, or an unpaired surrogate.
    /// </summary>
    public static string? Problem(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
                return $"contains an unpaired surrogate at position {i + 1} (not valid Unicode)";
            if (c == '\0')
                return $"contains U+0000 (NUL) at position {i + 1}, which cannot be stored or sent";
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
                return $"contains the control character U+{(int)c:X4} at position {i + 1}";
        }
        return null;
    }

    /// <summary>
    /// Why a user's text cannot be taken for a field of at most <paramref name="maxLength"/> characters (too long, or
    /// <see cref="Problem(string)"/>), as a sentence for a 400; null when it can.
    /// </summary>
    public static string? Problem(string text, int maxLength) =>
        text.Length > maxLength ? $"At most {maxLength} characters ({text.Length} given)."
        : Problem(text) is { } problem ? $"The text {problem}."
        : null;

    /// <summary>False when the text holds U+0000 or an unpaired surrogate, which no store or carrier takes.</summary>
    public static bool IsStorable(string text) => FirstUnstorable(text) < 0;

    /// <summary>The same string when nothing needs replacing (no allocation on the common path).</summary>
    private static string ReplaceUnstorable(string text)
    {
        var first = FirstUnstorable(text);
        if (first < 0) return text;
        var builder = new StringBuilder(text.Length);
        builder.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                builder.Append(c).Append(text[++i]);
            else if (char.IsSurrogate(c))
                builder.Append('\uFFFD');
            else if (c == '\0')
                builder.Append(GsmZero);
            else
                builder.Append(c);
        }
        return builder.ToString();
    }

    private static int FirstUnstorable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (c == '\0' || char.IsSurrogate(c)) return i;
        }
        return -1;
    }
}
