using System.Text.Json;

namespace Sms.Campaigns.Data;

/// <summary>A recipient's attributes (<c>campaigns.recipients.attributes</c>) as the text's placeholders read them: every value as text, names ignoring case.</summary>
public static class RecipientAttributes
{
    public static IReadOnlyDictionary<string, string> Parse(string json)
    {
        var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object) return attributes;
        foreach (var property in document.RootElement.EnumerateObject())
        {
            attributes[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString()!,
                JsonValueKind.Null => "",
                _ => property.Value.GetRawText(),
            };
        }
        return attributes;
    }
}
