using System.Text;

namespace Sms.Ingress.Validation;

/// <summary>Text as the platform keeps it: trimmed and in Unicode normalisation form C.</summary>
public static class MessageText
{
    /// <summary>
    /// Trims and NFC-normalises, so a keyword typed with combining accents matches the precomposed form.
    /// Null when the text is not valid Unicode (an unpaired surrogate).
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
}
