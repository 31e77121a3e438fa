using System.Text.Json;
using Sms.ServiceDefaults.Numbers;

namespace Sms.Conversations.Http;

/// <summary>The checks of the inbox's request bodies: per field, what is wrong (empty when valid).</summary>
public static class InboxRequests
{
    /// <summary>Ten segments of 160 GSM-7 characters: longer texts are cut or refused by carriers.</summary>
    public const int MaxReplyLength = 1600;
    public const int MaxLabelLength = 50;
    public const int MaxAttributes = 50;

    public static Dictionary<string, string[]> Check(ReplyRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request?.Text))
            errors["text"] = ["Required: the reply's text."];
        else if (request.Text.Length > MaxReplyLength)
            errors["text"] = [$"At most {MaxReplyLength} characters ({request.Text.Length} given)."];
        return errors;
    }

    public static Dictionary<string, string[]> Check(LabelsRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (field, labels) in new[] { ("add", request?.Add), ("remove", request?.Remove) })
        {
            if (labels?.FirstOrDefault(l => string.IsNullOrWhiteSpace(l) || l.Length > MaxLabelLength || l != l.Trim()) is { } bad)
                errors[field] = [$"Each label is 1 to {MaxLabelLength} characters without surrounding spaces ('{bad}' is not)."];
        }
        if ((request?.Add?.Count ?? 0) + (request?.Remove?.Count ?? 0) == 0)
            errors["add"] = ["Give at least one label to add or remove."];
        return errors;
    }

    public static Dictionary<string, string[]> Check(OptOutRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request?.Reason is { Length: > 500 })
            errors["reason"] = ["At most 500 characters."];
        if (request?.BusinessNumber is { } business && !PhoneNumbers.IsE164(business) && (business.Length is 0 or > 11 || !business.All(char.IsAsciiLetterOrDigit)))
            errors["businessNumber"] = ["An E.164 number or an alphanumeric sender id of up to 11 characters."];
        return errors;
    }

    public static Dictionary<string, string[]> Check(ContactUpdateRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request?.Name is { } name && (name.Length > 100 || name.Trim().Length == 0))
            errors["name"] = ["1 to 100 characters."];
        if (request?.Attributes is { } attributes)
        {
            if (attributes.ValueKind != JsonValueKind.Object)
                errors["attributes"] = ["Must be an object of names to values."];
            else if (attributes.EnumerateObject().Count() > MaxAttributes)
                errors["attributes"] = [$"At most {MaxAttributes} attributes."];
            else if (attributes.EnumerateObject().Any(p => p.Name.Length is 0 or > 50
                         || p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array
                         || (p.Value.ValueKind == JsonValueKind.String && p.Value.GetString()!.Length > 500)))
                errors["attributes"] = ["Names of 1 to 50 characters; values are strings (up to 500 characters), numbers, booleans or null."];
        }
        if (request is null || (request.Name is null && request.Attributes is null))
            errors["name"] = ["Give a name, attributes, or both."];
        return errors;
    }

    public static Dictionary<string, string[]> Check(CannedResponseRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request?.Title) || request.Title.Length > 100)
            errors["title"] = ["1 to 100 characters."];
        if (string.IsNullOrWhiteSpace(request?.Text) || request.Text.Length > MaxReplyLength)
            errors["text"] = [$"1 to {MaxReplyLength} characters."];
        return errors;
    }

    /// <summary>A contact's stored attributes as the string values placeholders are filled with.</summary>
    public static Dictionary<string, string> AttributeValues(string attributesJson)
    {
        using var document = JsonDocument.Parse(attributesJson);
        return document.RootElement.EnumerateObject()
            .Where(p => p.Value.ValueKind is not JsonValueKind.Null and not JsonValueKind.Object and not JsonValueKind.Array)
            .ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(), StringComparer.OrdinalIgnoreCase);
    }
}
