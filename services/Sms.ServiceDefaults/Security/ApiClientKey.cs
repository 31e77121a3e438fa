using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Sms.ServiceDefaults.Security;

/// <summary>
/// An API client's key: <c>sk_&lt;id&gt;_&lt;secret&gt;</c>, the id (32 hex digits) so a service finds the client without
/// trying every hash, and 32 random bytes of secret (base64url). Only <see cref="HashOf"/> the secret is stored; the
/// recognisable prefix lets secret scanners and people tell a key from other tokens.
/// </summary>
public static class ApiClientKey
{
    public const string Prefix = "sk_";

    private const int SecretBytes = 32;

    /// <summary>A new client's id and key; the key is shown once and never stored.</summary>
    public static (Guid Id, string Key, string SecretHash) Create()
    {
        var id = Guid.NewGuid();
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
        return (id, $"{Prefix}{id:N}_{secret}", HashOf(secret));
    }

    /// <summary>The id and secret of a key in this format; false for anything else (a bootstrap key, a typo).</summary>
    public static bool TryParse(string? key, out Guid id, out string secret)
    {
        id = Guid.Empty;
        secret = "";
        if (key is null || !key.StartsWith(Prefix, StringComparison.Ordinal) || key.Length < Prefix.Length + 34) return false;
        var idPart = key.AsSpan(Prefix.Length, 32);
        if (key[Prefix.Length + 32] != '_' || !Guid.TryParseExact(idPart, "N", out id)) return false;
        secret = key[(Prefix.Length + 33)..];
        return secret.Length > 0;
    }

    /// <summary>SHA-256 of the secret, lower-case hex: what is stored and sent to every service.</summary>
    public static string HashOf(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>True when <paramref name="secret"/> hashes to <paramref name="storedHash"/>, compared in constant time.</summary>
    public static bool Matches(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashOf(secret)), Encoding.ASCII.GetBytes(storedHash));
}
