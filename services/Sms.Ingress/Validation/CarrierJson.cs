using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Sms.Ingress.Validation;

/// <summary>Reading strings from a carrier's JSON, which may hold what .NET's reader refuses. Pure.</summary>
public static class CarrierJson
{
    /// <summary>
    /// A JSON string's text. An escaped unpaired surrogate (<c>"\ud800"</c>), which <see cref="JsonElement.GetString"/>
    /// refuses with an exception, is kept as that character, for <see cref="ServiceDefaults.Text.MessageText.FromCarrier"/>
    /// to replace: a carrier's message is never refused for it.
    /// </summary>
    public static string String(JsonElement element)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return Unescape(element.GetRawText());
        }
    }

    /// <summary>A JSON string literal (with its quotes, already known to be valid JSON) unescaped character by character.</summary>
    private static string Unescape(string literal)
    {
        var builder = new StringBuilder(literal.Length);
        for (var i = 1; i < literal.Length - 1; i++)
        {
            var c = literal[i];
            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }
            var escaped = literal[++i];
            switch (escaped)
            {
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u':
                    builder.Append((char)int.Parse(literal.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 4;
                    break;
                default: builder.Append(escaped); break; // \" \\ \/
            }
        }
        return builder.ToString();
    }
}
