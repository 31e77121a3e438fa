using System.Text;

namespace Sms.Campaigns.Content;

/// <summary>
/// A campaign's text with placeholders: <c>{name}</c> is the recipient's attribute <c>name</c>, <c>{name|fallback}</c>
/// the fallback when the recipient has no such attribute (or an empty one); a placeholder with neither becomes empty.
/// <c>{{</c> and <c>}}</c> are literal braces, and a brace that opens no placeholder is kept as it is. Pure.
/// </summary>
public static class MessageTemplate
{
    public static string Render(string template, IReadOnlyDictionary<string, string> attributes)
    {
        if (!template.Contains('{') && !template.Contains('}')) return template;
        var text = new StringBuilder(template.Length + 32);
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if ((c == '{' || c == '}') && i + 1 < template.Length && template[i + 1] == c)
            {
                text.Append(c);
                i++;
                continue;
            }
            var close = c == '{' ? template.IndexOf('}', i + 1) : -1;
            if (close < 0)
            {
                text.Append(c);
                continue;
            }
            var placeholder = template.AsSpan(i + 1, close - i - 1);
            var bar = placeholder.IndexOf('|');
            var name = (bar < 0 ? placeholder : placeholder[..bar]).Trim().ToString();
            var fallback = bar < 0 ? "" : placeholder[(bar + 1)..].ToString();
            text.Append(attributes.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : fallback);
            i = close;
        }
        return text.ToString();
    }
}
