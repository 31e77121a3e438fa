using System.Security.Cryptography;
using System.Text;

namespace Sms.Carriers.Vonage;

/// <summary>The hash Vonage uses for the <c>sig</c> parameter; chosen per account in the Vonage dashboard.</summary>
public enum VonageSignatureMethod
{
    /// <summary>MD5 of the parameter string followed by the secret (the dashboard default).</summary>
    Md5Hash,
    Md5,
    Sha1,
    Sha256,
    Sha512,
}

/// <summary>
/// Signs and verifies Vonage SMS API parameters (<c>sig</c>): every parameter except <c>sig</c>, keys in ordinal
/// order, <c>&amp;</c> and <c>=</c> in values replaced by <c>_</c>, joined as <c>&amp;k=v&amp;k=v</c>, then hashed
/// with the signature secret. Pure: no clock, no I/O.
/// </summary>
public static class VonageSignature
{
    public const string SignatureParameter = "sig";
    public const string TimestampParameter = "timestamp";

    public static bool TryParseMethod(string? value, out VonageSignatureMethod method)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "md5hash": method = VonageSignatureMethod.Md5Hash; return true;
            case "md5": method = VonageSignatureMethod.Md5; return true;
            case "sha1": method = VonageSignatureMethod.Sha1; return true;
            case "sha256": method = VonageSignatureMethod.Sha256; return true;
            case "sha512": method = VonageSignatureMethod.Sha512; return true;
            default: method = default; return false;
        }
    }

    /// <summary>The string that is hashed: <c>&amp;k1=v1&amp;k2=v2…</c> over every parameter but <c>sig</c>.</summary>
    public static string CanonicalString(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var builder = new StringBuilder();
        foreach (var (key, value) in parameters
                     .Where(p => p.Key != SignatureParameter)
                     .OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            builder.Append('&').Append(key).Append('=').Append(value.Replace('&', '_').Replace('=', '_'));
        }
        return builder.ToString();
    }

    /// <summary>The signature in lower-case hex.</summary>
    public static string Compute(IEnumerable<KeyValuePair<string, string>> parameters, string secret, VonageSignatureMethod method)
    {
        var text = Encoding.UTF8.GetBytes(CanonicalString(parameters));
        var key = Encoding.UTF8.GetBytes(secret);
        var hash = method switch
        {
            VonageSignatureMethod.Md5Hash => MD5.HashData([.. text, .. key]),
            VonageSignatureMethod.Md5 => HMACMD5.HashData(key, text),
            VonageSignatureMethod.Sha1 => HMACSHA1.HashData(key, text),
            VonageSignatureMethod.Sha256 => HMACSHA256.HashData(key, text),
            VonageSignatureMethod.Sha512 => HMACSHA512.HashData(key, text),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
        };
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>True when <c>sig</c> is present and matches (case-insensitive, constant time).</summary>
    public static bool Matches(IReadOnlyDictionary<string, string> parameters, string secret, VonageSignatureMethod method)
    {
        if (!parameters.TryGetValue(SignatureParameter, out var given) || string.IsNullOrEmpty(given))
            return false;
        var expected = Compute(parameters, secret, method);
        return CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(expected),
            Encoding.ASCII.GetBytes(given.ToLowerInvariant()));
    }

    /// <summary>Adds <c>timestamp</c> (when absent) and <c>sig</c> to a parameter set, as Vonage does for signed webhooks.</summary>
    public static Dictionary<string, string> Sign(IEnumerable<KeyValuePair<string, string>> parameters, string secret, VonageSignatureMethod method, DateTimeOffset now)
    {
        var signed = parameters.Where(p => p.Key != SignatureParameter).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        signed.TryAdd(TimestampParameter, now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        signed[SignatureParameter] = Compute(signed, secret, method);
        return signed;
    }
}
