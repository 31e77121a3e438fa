using System.Text.Json;
using Sms.ServiceDefaults.Numbers;
using Sms.ServiceDefaults.Text;

namespace Sms.Conversations.Http;

/// <summary>The checks of the inbox's request bodies: per field, what is wrong (empty when valid). Limits: <see cref="InputLimits"/>.</summary>
public static class InboxRequests
{
    /// <summary>
    /// A sign-in: the user name must be one an account can have (so a name no account could have is refused before
    /// anything is looked up or counted), the password at most <see cref="InputLimits.PasswordLength"/> characters.
    /// </summary>
    public static Dictionary<string, string[]> Check(LoginRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        var username = request.Username?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(username))
            errors["username"] = ["Required."];
        else if (InputLimits.TextProblem(username, InputLimits.UsernameLength) is { } problem)
            errors["username"] = [problem];
        else if (Auth.AgentAccountRequest.UsernameError(username) is { } notAName)
            errors["username"] = [$"Not a user name: {notAName}"];
        InputLimits.CheckText(errors, "password", request.Password, InputLimits.PasswordLength);
        return errors;
    }

    public static Dictionary<string, string[]> Check(ReplyRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request?.Text))
            errors["text"] = ["Required: the reply's text."];
        else
            InputLimits.CheckText(errors, "text", request.Text, InputLimits.TextLength);
        return errors;
    }

    public static Dictionary<string, string[]> Check(AssignRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        InputLimits.CheckText(errors, "assignee", request?.Assignee, InputLimits.UsernameLength);
        InputLimits.CheckText(errors, "team", request?.Team, InputLimits.LabelLength);
        return errors;
    }

    public static Dictionary<string, string[]> Check(LabelsRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (field, labels) in new[] { ("add", request?.Add), ("remove", request?.Remove) })
        {
            if (labels is not null && labels.Any(l => l is null))
                errors[field] = ["A label cannot be null."];
            else if (labels?.FirstOrDefault(l => string.IsNullOrWhiteSpace(l) || l.Length > InputLimits.LabelLength || l != l.Trim()) is { } bad)
                errors[field] = [$"Each label is 1 to {InputLimits.LabelLength} characters without surrounding spaces ('{Shown(bad)}' is not)."];
            else if (labels?.Select(l => InputLimits.TextProblem(l, InputLimits.LabelLength)).FirstOrDefault(p => p is not null) is { } problem)
                errors[field] = [problem];
        }
        var count = (request?.Add?.Count ?? 0) + (request?.Remove?.Count ?? 0);
        if (count == 0)
            errors["add"] = ["Give at least one label to add or remove."];
        else if (count > InputLimits.LabelsPerChange)
            errors["add"] = [$"At most {InputLimits.LabelsPerChange} labels added and removed in one call ({count} given)."];
        return errors;
    }

    public static Dictionary<string, string[]> Check(OptOutRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        InputLimits.CheckText(errors, "reason", request?.Reason, InputLimits.OptOutReasonLength);
        if (request?.BusinessNumber is { } business && !PhoneNumbers.IsE164(business) && (business.Length is 0 or > 11 || !business.All(char.IsAsciiLetterOrDigit)))
            errors["businessNumber"] = ["An E.164 number or an alphanumeric sender id of up to 11 characters."];
        return errors;
    }

    public static Dictionary<string, string[]> Check(ContactUpdateRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request?.Name is { } name)
        {
            if (name.Trim().Length == 0)
                errors["name"] = [$"1 to {InputLimits.ContactNameLength} characters."];
            else
                InputLimits.CheckText(errors, "name", name, InputLimits.ContactNameLength);
        }
        if (request?.Attributes is { } attributes)
        {
            if (attributes.ValueKind != JsonValueKind.Object)
                errors["attributes"] = ["Must be an object of names to values."];
            else if (attributes.EnumerateObject().Count() > InputLimits.Attributes)
                errors["attributes"] = [$"At most {InputLimits.Attributes} attributes."];
            else if (attributes.EnumerateObject().Any(p => p.Name.Length is 0 or > InputLimits.AttributeNameLength
                         || p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array
                         || (p.Value.ValueKind == JsonValueKind.String && p.Value.GetString()!.Length > InputLimits.AttributeValueLength)))
                errors["attributes"] = [$"Names of 1 to {InputLimits.AttributeNameLength} characters; values are strings (up to {InputLimits.AttributeValueLength} characters), numbers, booleans or null."];
            else if (attributes.EnumerateObject()
                         .SelectMany(p => p.Value.ValueKind == JsonValueKind.String ? [p.Name, p.Value.GetString()!] : new[] { p.Name })
                         .Select(text => MessageText.Problem(text)).FirstOrDefault(p => p is not null) is { } problem)
                errors["attributes"] = [$"A name or value {problem}."];
        }
        if (request is null || (request.Name is null && request.Attributes is null))
            errors["name"] = ["Give a name, attributes, or both."];
        return errors;
    }

    public static Dictionary<string, string[]> Check(CannedResponseRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request?.Title))
            errors["title"] = [$"1 to {InputLimits.CannedTitleLength} characters."];
        else
            InputLimits.CheckText(errors, "title", request.Title, InputLimits.CannedTitleLength);
        if (string.IsNullOrWhiteSpace(request?.Text))
            errors["text"] = [$"1 to {InputLimits.TextLength} characters."];
        else
            InputLimits.CheckText(errors, "text", request.Text, InputLimits.TextLength);
        return errors;
    }

    /// <summary>At most 20 characters of a refused value, for the problem's text.</summary>
    private static string Shown(string value) => value.Length > 20 ? value[..20] + "…" : value;

    /// <summary>A contact's stored attributes as the string values placeholders are filled with.</summary>
    public static Dictionary<string, string> AttributeValues(string attributesJson)
    {
        using var document = JsonDocument.Parse(attributesJson);
        return document.RootElement.EnumerateObject()
            .Where(p => p.Value.ValueKind is not JsonValueKind.Null and not JsonValueKind.Object and not JsonValueKind.Array)
            .ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(), StringComparer.OrdinalIgnoreCase);
    }
}
