using System.Text.Json;
using Sms.ServiceDefaults.Text;

namespace Sms.Conversations.Http;

/// <summary>The checks of <c>PUT /v1/contacts/{number}</c>: a name, attributes (flat, of bounded size, text a database takes), or both. Pure.</summary>
public static class ContactUpdateRequestValidator
{
    /// <returns>Per field, what is wrong; empty when valid.</returns>
    public static Dictionary<string, string[]> Validate(ContactUpdateRequest? request)
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
}
