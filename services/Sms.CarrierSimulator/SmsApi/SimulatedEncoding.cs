using System.Text;
using Sms.Carriers.Segments;

namespace Sms.CarrierSimulator.SmsApi;

/// <summary>
/// How Vonage's SMS API encodes a send: the caller chooses with <c>type</c>, nothing is detected. <c>type=text</c>
/// travels as GSM-7 (characters outside GSM-7 are replaced, as carriers do), <c>type=unicode</c> as UCS-2 even
/// when every character would fit GSM-7.
/// </summary>
public static class SimulatedEncoding
{
    public static SegmentInfo Measure(string text, string type)
    {
        if (type == SmsTypes.Unicode)
        {
            if (!SmsSegments.IsGsm7(text))
                return SmsSegments.Measure(text);
            // Every GSM-7 character is a single UTF-16 unit, so no surrogate pair can straddle a part.
            var units = text.Length;
            return units <= 70
                ? new SegmentInfo(SmsTextEncoding.Ucs2, units, units == 0 ? 0 : 1, 70)
                : new SegmentInfo(SmsTextEncoding.Ucs2, units, (units + 66) / 67, 67);
        }
        return SmsSegments.Measure(ReplaceNonGsm(text));
    }

    /// <summary>The text as a GSM-7 handset would get it: each character (or emoji) outside GSM-7 becomes <c>?</c>.</summary>
    public static string ReplaceNonGsm(string text)
    {
        if (SmsSegments.IsGsm7(text)) return text;
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            var s = rune.ToString();
            builder.Append(SmsSegments.IsGsm7(s) ? s : "?");
        }
        return builder.ToString();
    }
}

public static class SmsTypes
{
    public const string Text = "text";
    public const string Unicode = "unicode";
    public const string Binary = "binary";
}
