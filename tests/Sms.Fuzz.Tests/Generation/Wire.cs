using System.Text;

namespace Sms.Fuzz.Tests.Generation;

/// <summary>
/// Puts any .NET string on the wire, including the ones a strict encoder refuses: an unpaired surrogate becomes its
/// three WTF-8 bytes (what a sloppy client sends), a NUL stays a NUL. Every other character is plain UTF-8.
/// </summary>
public static class Wire
{
    public static byte[] Bytes(string text)
    {
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            int scalar;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                scalar = char.ConvertToUtf32(c, text[++i]);
            else
                scalar = c; // a lone surrogate is encoded like any other code point below 0x10000 (WTF-8)
            if (scalar < 0x80) bytes.Add((byte)scalar);
            else if (scalar < 0x800) { bytes.Add((byte)(0xC0 | (scalar >> 6))); bytes.Add((byte)(0x80 | (scalar & 0x3F))); }
            else if (scalar < 0x10000)
            {
                bytes.Add((byte)(0xE0 | (scalar >> 12))); bytes.Add((byte)(0x80 | ((scalar >> 6) & 0x3F))); bytes.Add((byte)(0x80 | (scalar & 0x3F)));
            }
            else
            {
                bytes.Add((byte)(0xF0 | (scalar >> 18))); bytes.Add((byte)(0x80 | ((scalar >> 12) & 0x3F)));
                bytes.Add((byte)(0x80 | ((scalar >> 6) & 0x3F))); bytes.Add((byte)(0x80 | (scalar & 0x3F)));
            }
        }
        return bytes.ToArray();
    }

    /// <summary>Percent-encodes every byte but the unreserved ones (RFC 3986), spaces as <c>%20</c>.</summary>
    public static string Percent(string text)
    {
        var builder = new StringBuilder();
        foreach (var b in Bytes(text))
        {
            if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
                or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
                builder.Append((char)b);
            else
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    /// <summary>A JSON string literal of <paramref name="text"/>; surrogates, lone or paired, as <c>\uXXXX</c> escapes.</summary>
    public static string JsonString(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < 0x20 || char.IsSurrogate(c) || c is '\u2028' or '\u2029')
                        builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    else
                        builder.Append(c);
                    break;
            }
        }
        return builder.Append('"').ToString();
    }

    /// <summary>A form body (<c>k=v&amp;k=v</c>) in the order given, duplicates kept.</summary>
    public static string Form(IEnumerable<KeyValuePair<string, string>> fields) =>
        string.Join('&', fields.Select(f => Percent(f.Key) + "=" + Percent(f.Value)));

    /// <summary>At most <paramref name="length"/> characters of a body or value for a report, control characters shown as escapes.</summary>
    public static string Preview(string text, int length = 160)
    {
        var builder = new StringBuilder();
        foreach (var c in text.Length > length ? text[..length] : text)
        {
            if (c < 0x20 || c == 0x7F || char.IsSurrogate(c) || c is >= '\u0080' and < '\u00A0')
                builder.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            else builder.Append(c);
        }
        if (text.Length > length) builder.Append($"…({text.Length} chars)");
        return builder.ToString();
    }

    public static string Preview(byte[] bytes, int length = 160) =>
        Preview(Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, length * 4)), length) + (bytes.Length > length * 4 ? $"…({bytes.Length} bytes)" : "");
}
