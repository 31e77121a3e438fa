using Sms.ServiceDefaults.Security;

namespace Sms.Conversations.ApiClients;

/// <summary>A new API client as asked for: a name and at least one scope.</summary>
public sealed record CreateApiClientRequest(string? Name, IReadOnlyList<string>? Scopes);

/// <summary>
/// What a new client may be: a name of 1-100 characters and one or more scopes of <see cref="ApiScopes.All"/>, each
/// once. The errors are keyed by field, as a validation problem reports them.
/// </summary>
public static class ApiClientRequestValidator
{
    public const int NameMaxLength = 100;

    public static Dictionary<string, string[]> Validate(CreateApiClientRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request?.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > NameMaxLength)
            errors["name"] = [$"A name of 1 to {NameMaxLength} characters is required."];
        var scopes = request?.Scopes;
        if (scopes is null || scopes.Count == 0)
            errors["scopes"] = [$"At least one scope is required: {string.Join(", ", ApiScopes.All)}."];
        else if (scopes.FirstOrDefault(s => !ApiScopes.IsKnown(s)) is { } unknown)
            errors["scopes"] = [$"'{unknown}' is not a scope; the scopes are {string.Join(", ", ApiScopes.All)}."];
        else if (scopes.Distinct(StringComparer.Ordinal).Count() != scopes.Count)
            errors["scopes"] = ["Each scope at most once."];
        return errors;
    }
}
