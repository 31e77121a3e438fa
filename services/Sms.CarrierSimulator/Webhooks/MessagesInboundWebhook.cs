using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sms.CarrierSimulator.Webhooks;

/// <summary>
/// Builds a Vonage Messages API inbound MMS webhook (carrier-wire-format.md §5; spec: channel <c>mms</c>,
/// <c>message_type</c> <c>image</c> or <c>file</c> with its <c>url</c>, and the text as <c>caption</c>) and the JWT
/// Vonage signs it with: HS256 with the signature secret, <c>payload_hash</c> the SHA-256 of the body. Pure.
/// </summary>
public static class MessagesInboundWebhook
{
    /// <summary>The Ingress's Messages API inbound path, beside the SMS API one the simulator is configured with.</summary>
    public const string Path = "/webhooks/vonage/messages/inbound";

    public static byte[] Body(InboundMessage message, string mediaUrl, string contentType, DateTimeOffset now)
    {
        var type = contentType.StartsWith("image/", StringComparison.Ordinal) ? "image" : "file";
        var item = new Dictionary<string, object> { ["url"] = mediaUrl };
        if (message.Text.Length > 0) item["caption"] = message.Text;
        return JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["channel"] = "mms",
            ["message_uuid"] = message.MessageId,
            ["to"] = message.To,
            ["from"] = message.Msisdn,
            ["timestamp"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["message_type"] = type,
            [type] = item,
        });
    }

    /// <summary>The <c>Authorization: Bearer</c> token for <paramref name="body"/>.</summary>
    public static string Jwt(byte[] body, string apiKey, string signatureSecret, DateTimeOffset now)
    {
        var header = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["alg"] = "HS256", ["typ"] = "JWT" }));
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iat"] = now.ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString(),
            ["iss"] = "Vonage",
            ["payload_hash"] = Convert.ToHexStringLower(SHA256.HashData(body)),
            ["api_key"] = apiKey,
        }));
        var signature = Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signatureSecret), Encoding.ASCII.GetBytes(header + "." + payload)));
        return $"{header}.{payload}.{signature}";
    }

    /// <summary>A Messages API message id: a UUID.</summary>
    public static string NewMessageUuid() => Guid.NewGuid().ToString("D");
}
