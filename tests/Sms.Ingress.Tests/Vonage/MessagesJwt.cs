using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sms.Ingress.Tests.Vonage;

/// <summary>Makes the JWTs Vonage puts on Messages API webhooks, for tests.</summary>
public static class MessagesJwt
{
    public static string Sign(IReadOnlyDictionary<string, object> claims, string secret, string algorithm = "HS256")
    {
        var header = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["alg"] = algorithm, ["typ"] = "JWT" }));
        var payload = Encode(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = Encode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(header + "." + payload)));
        return $"{header}.{payload}.{signature}";
    }

    /// <summary>The claims Vonage sends for <paramref name="body"/>, issued at <paramref name="issuedAt"/>.</summary>
    public static Dictionary<string, object> ClaimsFor(byte[] body, DateTimeOffset issuedAt) => new()
    {
        ["iat"] = issuedAt.ToUnixTimeSeconds(),
        ["jti"] = Guid.NewGuid().ToString(),
        ["iss"] = "Vonage",
        ["payload_hash"] = PayloadHash(body),
        ["api_key"] = "abcd1234",
        ["application_id"] = "aaaaaaaa-bbbb-cccc-dddd-0123456789ab",
    };

    public static string PayloadHash(byte[] body) => Convert.ToHexStringLower(SHA256.HashData(body));

    public static string Encode(byte[] bytes) => Base64Url.EncodeToString(bytes);
}
