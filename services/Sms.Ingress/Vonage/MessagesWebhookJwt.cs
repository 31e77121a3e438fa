using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sms.Ingress.Vonage;

/// <summary>What the check of a Messages API webhook's <c>Authorization: Bearer</c> JWT found.</summary>
public enum JwtVerdict
{
    Valid,

    /// <summary>Valid, with an <c>iat</c> older than the tolerance but within the carrier's retry window (<see cref="WebhookFreshness"/>).</summary>
    ValidLateRetry,

    /// <summary>No token, and signatures are not required (explicit configuration only).</summary>
    AcceptedUnsigned,

    Missing,

    /// <summary>Not <c>Bearer</c>, not three base64url parts, or a header or claims that are not JSON objects.</summary>
    Malformed,

    /// <summary>Any <c>alg</c> but HS256 (<c>none</c> above all).</summary>
    UnsupportedAlgorithm,

    SignatureInvalid,

    PayloadHashMissing,

    /// <summary>The body is not the one that was signed.</summary>
    PayloadHashMismatch,

    /// <summary><c>iat</c> missing, older than the retry window or in the future, or <c>exp</c> passed.</summary>
    Expired,
}

/// <summary>
/// How Messages API webhooks are authenticated: the account signature secret, the allowed clock distance, and how old
/// an <c>iat</c> may be as a carrier's retry (zero: none).
/// </summary>
public sealed record JwtPolicy(bool Required, string? Secret, TimeSpan Tolerance, TimeSpan LateRetryWindow = default);

/// <summary>
/// Verifies the JWT Vonage puts on every Messages API webhook (wire reference §5): HS256 with the account signature
/// secret (whatever the SMS API signature method), <c>payload_hash</c> = lowercase hex SHA-256 of the raw body, and
/// freshness from <c>iat</c> and <c>exp</c> when present. The SDKs check only the signature; the body hash and the
/// freshness are checked here too, so a signed token cannot carry another body or be replayed days later. Whether
/// Vonage signs a retry afresh is not documented, so an <c>iat</c> older than the tolerance but within the retry
/// window is accepted as the SMS API's <c>timestamp</c> is (<see cref="WebhookFreshness"/>): the <c>message_uuid</c>
/// claim keeps a replay from publishing. Constant-time comparisons throughout. Pure.
/// </summary>
public static class MessagesWebhookJwt
{
    private const string Scheme = "Bearer ";

    public static JwtVerdict Check(string? authorization, ReadOnlySpan<byte> body, JwtPolicy policy, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(authorization))
            return policy.Required ? JwtVerdict.Missing : JwtVerdict.AcceptedUnsigned;

        // A token we have no secret to check proves nothing; options validation makes this unreachable when required.
        if (string.IsNullOrEmpty(policy.Secret))
            return policy.Required ? JwtVerdict.SignatureInvalid : JwtVerdict.AcceptedUnsigned;

        if (!authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)) return JwtVerdict.Malformed;
        var token = authorization[Scheme.Length..].Trim();

        var signature = VerifySignature(token, policy.Secret);
        if (signature != JwtVerdict.Valid) return signature;

        using var claims = ReadJson(token.Split('.')[1]);
        if (claims is null) return JwtVerdict.Malformed;
        var root = claims.RootElement;

        if (!root.TryGetProperty("payload_hash", out var hash) || hash.ValueKind != JsonValueKind.String)
            return JwtVerdict.PayloadHashMissing;
        if (!HashMatches(hash.GetString()!, body)) return JwtVerdict.PayloadHashMismatch;

        if (root.TryGetProperty("exp", out var exp) && (!exp.TryGetInt64(out var expires) || now.ToUnixTimeSeconds() >= expires))
            return JwtVerdict.Expired;
        if (!root.TryGetProperty("iat", out var iat) || !iat.TryGetInt64(out var issued)
            || issued < DateTimeOffset.MinValue.ToUnixTimeSeconds() || issued > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            return JwtVerdict.Expired;

        return WebhookFreshness.Judge(DateTimeOffset.FromUnixTimeSeconds(issued), now, policy.Tolerance, policy.LateRetryWindow) switch
        {
            Freshness.Fresh => JwtVerdict.Valid,
            Freshness.LateRetry => JwtVerdict.ValidLateRetry,
            _ => JwtVerdict.Expired,
        };
    }

    /// <summary>The HS256 signature alone (what the SDKs' <c>verify_signature</c> checks): Valid, Malformed, UnsupportedAlgorithm or SignatureInvalid.</summary>
    public static JwtVerdict VerifySignature(string token, string secret)
    {
        var parts = token.Split('.');
        if (parts.Length != 3) return JwtVerdict.Malformed;

        using (var header = ReadJson(parts[0]))
        {
            if (header is null) return JwtVerdict.Malformed;
            if (!header.RootElement.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String || alg.GetString() != "HS256")
                return JwtVerdict.UnsupportedAlgorithm;
        }

        if (!TryDecode(parts[2], out var given)) return JwtVerdict.Malformed;
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        return CryptographicOperations.FixedTimeEquals(expected, given) ? JwtVerdict.Valid : JwtVerdict.SignatureInvalid;
    }

    public static bool IsAccepted(this JwtVerdict verdict) => verdict is JwtVerdict.Valid or JwtVerdict.ValidLateRetry or JwtVerdict.AcceptedUnsigned;

    public static string Reason(this JwtVerdict verdict) => verdict switch
    {
        JwtVerdict.Missing => "signature_missing",
        JwtVerdict.Malformed => "signature_malformed",
        JwtVerdict.UnsupportedAlgorithm => "signature_algorithm_unsupported",
        JwtVerdict.SignatureInvalid => "signature_invalid",
        JwtVerdict.PayloadHashMissing => "payload_hash_missing",
        JwtVerdict.PayloadHashMismatch => "payload_hash_mismatch",
        JwtVerdict.Expired => "timestamp_out_of_tolerance",
        _ => "none",
    };

    public static string Describe(this JwtVerdict verdict) => verdict switch
    {
        JwtVerdict.Missing => "The webhook is not signed: an 'Authorization: Bearer <JWT>' header is required.",
        JwtVerdict.Malformed => "The Authorization header is not a Bearer JWT of three base64url parts.",
        JwtVerdict.UnsupportedAlgorithm => "The JWT must be signed with HS256.",
        JwtVerdict.SignatureInvalid => "The JWT signature does not match the signature secret.",
        JwtVerdict.PayloadHashMissing => "The JWT has no 'payload_hash' claim.",
        JwtVerdict.PayloadHashMismatch => "The JWT's 'payload_hash' is not the SHA-256 of the body received.",
        JwtVerdict.Expired => "The JWT's 'iat' is missing, older than the carrier's retry window or in the future, or its 'exp' has passed.",
        _ => "The webhook signature is acceptable.",
    };

    private static bool HashMatches(string claimed, ReadOnlySpan<byte> body)
    {
        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(body, actual);
        byte[] given;
        try
        {
            given = Convert.FromHexString(claimed);
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(actual, given);
    }

    private static JsonDocument? ReadJson(string part)
    {
        if (!TryDecode(part, out var bytes)) return null;
        try
        {
            var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind == JsonValueKind.Object) return document;
            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool TryDecode(string part, out byte[] bytes)
    {
        // TryDecodeFromChars throws (rather than returning false) on characters outside the alphabet: check first.
        bytes = new byte[Base64Url.GetMaxDecodedLength(part.Length)];
        if (!Base64Url.IsValid(part) || !Base64Url.TryDecodeFromChars(part, bytes, out var written))
        {
            bytes = [];
            return false;
        }
        bytes = bytes[..written];
        return true;
    }
}
