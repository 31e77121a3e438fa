using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sms.Conversations.Threads;

/// <summary>A canned response's text with its placeholders filled, and those that could not be.</summary>
public sealed record FilledText(string Text, IReadOnlyList<string> MissingPlaceholders);

/// <summary>
/// Fills the placeholders of a canned response from the contact: <c>{first_name}</c> and <c>{last_name}</c> (the
/// contact's name split at its first space), <c>{name}</c>, <c>{business_number}</c> (our number of the conversation),
/// <c>{customer_number}</c>, and any contact attribute by its key (<c>{appointment_time}</c>). A placeholder with no
/// value is left as it is and listed, so the agent sees what to type before sending.
/// </summary>
public static partial class CannedResponseFiller
{
    public static FilledText Fill(string text, IReadOnlyDictionary<string, string> values)
    {
        var missing = new List<string>();
        var filled = Placeholder().Replace(text, match =>
        {
            var key = match.Groups["key"].Value;
            if (values.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value))
                return value;
            if (!missing.Contains(key))
                missing.Add(key);
            return match.Value;
        });
        return new FilledText(filled, missing);
    }

    /// <summary>The placeholder values a contact provides (attributes first, so the standard names win).</summary>
    public static Dictionary<string, string> ValuesOf(
        string? contactName, string customerNumber, string businessNumber, IReadOnlyDictionary<string, string> attributes)
    {
        var values = new Dictionary<string, string>(attributes, StringComparer.OrdinalIgnoreCase);
        var name = contactName?.Trim();
        if (!string.IsNullOrEmpty(name))
        {
            var space = name.IndexOf(' ', StringComparison.Ordinal);
            values["name"] = name;
            values["first_name"] = space < 0 ? name : name[..space];
            if (space >= 0)
                values["last_name"] = name[(space + 1)..].Trim();
            else
                values.Remove("last_name");
        }
        values["customer_number"] = customerNumber;
        values["business_number"] = businessNumber;
        return values;
    }

    /// <summary>Every placeholder of the text, in order of first appearance.</summary>
    public static IReadOnlyList<string> PlaceholdersOf(string text) =>
        Placeholder().Matches(text).Select(m => m.Groups["key"].Value).Distinct(StringComparer.Ordinal).ToList();

    [GeneratedRegex(@"\{(?<key>[A-Za-z][A-Za-z0-9_]{0,49})\}")]
    private static partial Regex Placeholder();

    /// <summary>A contact's stored attributes as the string values placeholders are filled with.</summary>
    public static Dictionary<string, string> AttributeValues(string attributesJson)
    {
        using var document = JsonDocument.Parse(attributesJson);
        return document.RootElement.EnumerateObject()
            .Where(p => p.Value.ValueKind is not JsonValueKind.Null and not JsonValueKind.Object and not JsonValueKind.Array)
            .ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(), StringComparer.OrdinalIgnoreCase);
    }
}
