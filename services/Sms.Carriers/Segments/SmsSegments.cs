namespace Sms.Carriers.Segments;

public enum SmsTextEncoding
{
    Gsm7,
    Ucs2,
}

/// <summary>How a text travels over SMS: its encoding, its length in that encoding's units and its number of parts.</summary>
public readonly record struct SegmentInfo(SmsTextEncoding Encoding, int Units, int Segments, int UnitsPerSegment)
{
    /// <summary>Units left in the last part before another part is needed.</summary>
    public int RemainingInLastSegment => Segments == 0 ? UnitsPerSegment : Segments * UnitsPerSegment - Units;
}

/// <summary>
/// GSM-7 / UCS-2 segment arithmetic (3GPP TS 23.038): 160 septets or 70 UTF-16 units in one part; 153 and 67 per part
/// of a multipart message. GSM-7 extension characters cost two septets and an escape pair is never split; a surrogate
/// pair is never split either. One character outside GSM-7 makes the whole message UCS-2.
/// </summary>
public static class SmsSegments
{
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private const string Extension = "\f^{}\\[~]|€";

    private static readonly HashSet<char> BasicSet = [.. Basic];
    private static readonly HashSet<char> ExtensionSet = [.. Extension];

    /// <summary>True when every character of <paramref name="text"/> is in the GSM-7 basic or extension table.</summary>
    public static bool IsGsm7(string text)
    {
        foreach (var c in text)
            if (!BasicSet.Contains(c) && !ExtensionSet.Contains(c))
                return false;
        return true;
    }

    public static SegmentInfo Measure(string text)
    {
        return IsGsm7(text) ? MeasureGsm7(text) : MeasureUcs2(text);
    }

    private static SegmentInfo MeasureGsm7(string text)
    {
        var units = 0;
        foreach (var c in text) units += ExtensionSet.Contains(c) ? 2 : 1;
        if (units <= 160) return new SegmentInfo(SmsTextEncoding.Gsm7, units, units == 0 ? 0 : 1, 160);
        return new SegmentInfo(SmsTextEncoding.Gsm7, units, CountParts(text, 153, c => ExtensionSet.Contains(c) ? 2 : 1), 153);
    }

    private static SegmentInfo MeasureUcs2(string text)
    {
        var units = text.Length;
        if (units <= 70) return new SegmentInfo(SmsTextEncoding.Ucs2, units, 1, 70);
        return new SegmentInfo(SmsTextEncoding.Ucs2, units, CountPartsUtf16(text, 67), 67);
    }

    /// <summary>Fills parts of <paramref name="capacity"/> septets, moving a two-septet character whole to the next part.</summary>
    private static int CountParts(string text, int capacity, Func<char, int> cost)
    {
        int parts = 1, used = 0;
        foreach (var c in text)
        {
            var size = cost(c);
            if (used + size > capacity) { parts++; used = 0; }
            used += size;
        }
        return parts;
    }

    /// <summary>Fills parts of <paramref name="capacity"/> UTF-16 units, keeping a surrogate pair in one part.</summary>
    private static int CountPartsUtf16(string text, int capacity)
    {
        int parts = 1, used = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var size = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            if (used + size > capacity) { parts++; used = 0; }
            used += size;
            i += size - 1;
        }
        return parts;
    }
}
