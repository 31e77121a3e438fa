using System.Security.Cryptography;
using System.Text;

namespace Sms.Carriers.Twilio;

/// <summary>
/// Signs and verifies Twilio's <c>X-Twilio-Signature</c> (carrier-wire-format.md §6): Base64 of HMAC-SHA1, keyed with
/// the account's auth token, over the full URL Twilio requested (scheme, host, port, path and query) followed by every
/// form parameter as <c>name</c> + <c>value</c>, names in ordinal order, nothing between them. A GET has no form
/// parameters: they are already in the URL. Pure: no I/O.
/// </summary>
public static class TwilioSignature
{
    public const string HeaderName = "X-Twilio-Signature";

    /// <summary>The text that is signed: the URL, then each parameter's name and value, sorted by name (then value).</summary>
    public static string DataToSign(string url, IEnumerable<KeyValuePair<string, string>> formParameters)
    {
        var builder = new StringBuilder(url);
        foreach (var (key, value) in formParameters
                     .OrderBy(p => p.Key, StringComparer.Ordinal)
                     .ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            builder.Append(key).Append(value);
        }
        return builder.ToString();
    }

    /// <summary>The signature Twilio sends for this request.</summary>
    public static string Compute(string url, IEnumerable<KeyValuePair<string, string>> formParameters, string authToken) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(DataToSign(url, formParameters))));

    /// <summary>
    /// True when <paramref name="signature"/> matches the request, compared in constant time. Twilio is not consistent
    /// about the default port (<c>:443</c>, <c>:80</c>), so the URL is also tried with it added or removed, as
    /// Twilio's own SDKs do.
    /// </summary>
    public static bool Matches(
        string url, IReadOnlyCollection<KeyValuePair<string, string>> formParameters, string authToken, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(authToken)) return false;
        var given = Encoding.ASCII.GetBytes(signature.Trim());
        var matched = false;
        foreach (var candidate in UrlVariants(url))
        {
            // Every variant is computed and compared, so the time taken does not depend on which one matched.
            var expected = Encoding.ASCII.GetBytes(Compute(candidate, formParameters, authToken));
            matched |= CryptographicOperations.FixedTimeEquals(expected, given);
        }
        return matched;
    }

    /// <summary>The URL as given, and the same URL with its scheme's default port added or removed.</summary>
    public static IReadOnlyList<string> UrlVariants(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            return [url];

        var defaultPort = uri.Scheme == Uri.UriSchemeHttps ? 443 : 80;
        var authorityEnd = url.IndexOf('/', uri.Scheme.Length + 3);
        var authority = authorityEnd < 0 ? url[(uri.Scheme.Length + 3)..] : url[(uri.Scheme.Length + 3)..authorityEnd];
        var rest = authorityEnd < 0 ? "" : url[authorityEnd..];
        var prefix = url[..(uri.Scheme.Length + 3)];
        var portSuffix = ":" + defaultPort.ToString(System.Globalization.CultureInfo.InvariantCulture);

        string other;
        if (authority.EndsWith(portSuffix, StringComparison.Ordinal))
            other = prefix + authority[..^portSuffix.Length] + rest;
        else if (uri.IsDefaultPort && !HasExplicitPort(authority))
            other = prefix + authority + portSuffix + rest;
        else
            return [url];
        return [url, other];
    }

    private static bool HasExplicitPort(string authority)
    {
        var host = authority.Contains('@', StringComparison.Ordinal) ? authority[(authority.LastIndexOf('@') + 1)..] : authority;
        var bracket = host.LastIndexOf(']');
        return host.IndexOf(':', bracket + 1) >= 0;
    }
}
