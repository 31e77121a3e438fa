using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Sms.ServiceDefaults.Security;

/// <summary>
/// How a caller presents a key to the platform's HTTP APIs: <c>X-Api-Key: &lt;key&gt;</c> or
/// <c>Authorization: Bearer &lt;key&gt;</c>. A key is an API client's (<see cref="ApiClientKey"/>) or one of the
/// bootstrap keys of configuration <c>Api:Keys</c> (environment: <c>Api__Keys__0</c>, …), which hold every scope and
/// exist to create the first clients. With neither, every request is refused: an API is never open by accident.
/// </summary>
public static class ApiKeyAuthentication
{
    public const string HeaderName = "X-Api-Key";

    /// <summary>The configuration section of the bootstrap keys.</summary>
    public const string BootstrapKeysSection = "Api:Keys";

    internal static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue(HeaderName, out var key) && !string.IsNullOrEmpty(key))
            return key.ToString();
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }

    internal static bool IsValid(string? presented, IEnumerable<string> configured)
    {
        if (string.IsNullOrEmpty(presented)) return false;
        var given = Encoding.UTF8.GetBytes(presented);
        var valid = false;
        foreach (var key in configured.Where(k => !string.IsNullOrEmpty(k)))
            valid |= CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(key));
        return valid;
    }
}
