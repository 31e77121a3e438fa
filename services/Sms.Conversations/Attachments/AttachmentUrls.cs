using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sms.Conversations.Attachments;

/// <summary>
/// The signed, expiring URL a carrier fetches an agent's picture from without our credentials:
/// <c>{PublicBaseUrl}/v1/attachments/{id}/public?expires={unix seconds}&amp;signature={HMAC-SHA256}</c>. The signature
/// covers the id and the expiry, so neither can be changed; compared in constant time. Pure.
/// </summary>
public static class AttachmentUrls
{
    public static string PublicPath(Guid id) => $"/v1/attachments/{id:D}/public";

    /// <summary>The inbox's own (authenticated) address of an attachment.</summary>
    public static string InboxPath(Guid id) => $"/v1/attachments/{id:D}";

    public static string Signed(string publicBaseUrl, string key, Guid id, DateTimeOffset expiresAt)
    {
        var expires = expiresAt.ToUnixTimeSeconds();
        return $"{publicBaseUrl.TrimEnd('/')}{PublicPath(id)}?expires={expires.ToString(CultureInfo.InvariantCulture)}&signature={Signature(key, id, expires)}";
    }

    /// <summary>True when <paramref name="signature"/> is ours for the id and expiry and the expiry has not passed.</summary>
    public static bool Verify(string key, Guid id, string? expires, string? signature, DateTimeOffset now)
    {
        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var at) || string.IsNullOrEmpty(signature))
            return false;
        if (now.ToUnixTimeSeconds() > at) return false;
        var expected = Encoding.ASCII.GetBytes(Signature(key, id, at));
        var given = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private static string Signature(string key, Guid id, long expires)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes($"{id:D}\n{expires.ToString(CultureInfo.InvariantCulture)}"));
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
