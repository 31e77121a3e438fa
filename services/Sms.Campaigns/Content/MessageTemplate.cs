using System.Text;
using System.Text.RegularExpressions;

namespace Sms.Campaigns.Content;

/// <summary>A placeholder of a text: <c>{first_name}</c>, or <c>{first_name|there}</c> with a fallback.</summary>
/// <param name="Name">The attribute it is filled from, as written (matched ignoring case).</param>
/// <param name="Fallback">What a recipient without the value gets; null: nothing (the text then has a gap).</param>
/// <param name="Written">The placeholder as it stands in the text, braces included.</param>
public sealed record TemplatePlaceholder(string Name, string? Fallback, string Written);

/// <summary>A text rendered for one recipient, and the placeholders it had no value for and no fallback.</summary>
public sealed record RenderedText(string Text, IReadOnlyList<string> Unfilled);

/// <summary>
/// A campaign's text with placeholders, rendered for each recipient. <c>{name}</c> is the contact's name,
/// <c>{first_name}</c> its <c>first_name</c> attribute or else the first word of its name, and any other placeholder
/// the attribute of that name (the contact's, or the uploaded audience's column); <c>{x|fallback}</c> gives the text a
/// recipient without the value gets. A brace that does not open a placeholder stays as written. Pure.
/// </summary>
public sealed partial class MessageTemplate
{
    /// <summary>The placeholders every recipient can fill, from the contact itself rather than an attribute.</summary>
    public static readonly IReadOnlyList<string> BuiltIn = ["first_name", "name"];

    private readonly List<object> _parts = [];

    public MessageTemplate(string text)
    {
        Text = text;
        var position = 0;
        foreach (Match match in PlaceholderPattern().Matches(text))
        {
            if (match.Index > position) _parts.Add(text[position..match.Index]);
            var placeholder = new TemplatePlaceholder(
                match.Groups["name"].Value, match.Groups["fallback"].Success ? match.Groups["fallback"].Value.Trim() : null, match.Value);
            _parts.Add(placeholder);
            position = match.Index + match.Length;
        }
        if (position < text.Length) _parts.Add(text[position..]);
        Placeholders = _parts.OfType<TemplatePlaceholder>().ToList();
    }

    public string Text { get; }

    /// <summary>Every placeholder, in order, repeats included.</summary>
    public IReadOnlyList<TemplatePlaceholder> Placeholders { get; }

    /// <summary>
    /// The placeholders no recipient can be known to fill: neither <see cref="BuiltIn"/> nor one of
    /// <paramref name="knownAttributes"/> (the attributes the audience's contacts or columns carry), each name once.
    /// </summary>
    public IReadOnlyList<string> Unknown(IEnumerable<string> knownAttributes)
    {
        var known = new HashSet<string>(BuiltIn.Concat(knownAttributes), StringComparer.OrdinalIgnoreCase);
        return Placeholders.Select(p => p.Name).Where(n => !known.Contains(n)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>The text for one recipient.</summary>
    /// <param name="attributes">The recipient's attributes (matched ignoring case); a blank value counts as none.</param>
    /// <param name="name">The contact's name, when known.</param>
    public RenderedText Render(IReadOnlyDictionary<string, string?> attributes, string? name)
    {
        var byName = new Dictionary<string, string?>(attributes, StringComparer.OrdinalIgnoreCase);
        var text = new StringBuilder(Text.Length);
        var unfilled = new List<string>();
        foreach (var part in _parts)
        {
            if (part is string literal)
            {
                text.Append(literal);
                continue;
            }
            var placeholder = (TemplatePlaceholder)part;
            var value = Value(placeholder.Name, byName, name);
            if (value is null && placeholder.Fallback is null && !unfilled.Contains(placeholder.Name, StringComparer.OrdinalIgnoreCase))
                unfilled.Add(placeholder.Name);
            text.Append(value ?? placeholder.Fallback ?? "");
        }
        return new RenderedText(text.ToString(), unfilled);
    }

    /// <summary>
    /// The text as the longest it can be known to get, for counting its segments before any recipient is known: each
    /// placeholder as the longest fallback its name has anywhere in the text, or as written when it has none.
    /// </summary>
    public string RenderLongest()
    {
        var longest = Placeholders.Where(p => p.Fallback is not null).GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Fallback!).MaxBy(f => f.Length)!, StringComparer.OrdinalIgnoreCase);
        var text = new StringBuilder(Text.Length);
        foreach (var part in _parts)
            text.Append(part is TemplatePlaceholder p ? longest.GetValueOrDefault(p.Name) ?? p.Written : (string)part);
        return text.ToString();
    }

    private static string? Value(string placeholder, Dictionary<string, string?> attributes, string? name)
    {
        if (attributes.TryGetValue(placeholder, out var value) && !string.IsNullOrWhiteSpace(value)) return value.Trim();
        if (string.IsNullOrWhiteSpace(name)) return null;
        if (placeholder.Equals("name", StringComparison.OrdinalIgnoreCase)) return name.Trim();
        if (placeholder.Equals("first_name", StringComparison.OrdinalIgnoreCase))
            return name.Trim().Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries)[0];
        return null;
    }

    /// <summary><c>{name}</c> or <c>{name|fallback}</c>: a name of letters, digits and underscores, a fallback without braces.</summary>
    [GeneratedRegex(@"\{\s*(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?:\|(?<fallback>[^{}\r\n]*))?\}", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderPattern();
}
