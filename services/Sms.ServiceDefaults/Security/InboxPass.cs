using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sms.ServiceDefaults.Security;

/// <summary>
/// A short-lived, signed statement by Conversations that an inbox agent is signed in and holds these scopes, for one
/// other service: how the inbox page calls Campaigns directly without Campaigns reading Conversations' agents or
/// sessions, and without Conversations proxying Campaigns (README, "The Campaigns page": the protocol and its diagram).
/// <c>v1.&lt;base64url(JSON claims)&gt;.&lt;base64url(HMAC-SHA256 of "v1.&lt;claims&gt;")&gt;</c>, keyed by
/// <see cref="KeySetting"/>, which Conversations and the receiving services share. Pure: no clock, no I/O.
/// </summary>
public static class InboxPass
{
    /// <summary>The only version read; the token's first part, so a pass is told from an API key at a glance.</summary>
    public const string Version = "v1";

    /// <summary>The shared signing key. Unset: no pass is issued, and a service takes <c>Bearer v1.…</c> for an API key (refused).</summary>
    public const string KeySetting = "Inbox:PassKey";

    /// <summary>How long a pass works: the page renews it before then, so a revoked agent loses the other services within this.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>How far the issuer's and the reader's clocks may disagree.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>The services a pass can be issued for, each with the scope an agent needs to be given one.</summary>
    public static readonly IReadOnlyDictionary<string, string> Services = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["campaigns"] = ApiScopes.Campaigns,
    };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>True when <paramref name="token"/> has the shape of a pass (not yet that it is a valid one).</summary>
    public static bool LooksLikePass(string? token) => token is not null && token.StartsWith(Version + ".", StringComparison.Ordinal);

    /// <summary>The token of <paramref name="claims"/>, signed with <paramref name="key"/>.</summary>
    public static string Issue(InboxPassClaims claims, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var payload = new Payload(claims.Subject, claims.Name, [.. claims.Scopes], claims.Audience, claims.ExpiresAt.ToUnixTimeSeconds());
        var signed = Version + "." + Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(payload, Json));
        return signed + "." + Base64Url.EncodeToString(Sign(signed, key));
    }

    /// <summary>
    /// The claims of <paramref name="token"/> when it is a pass of this version, signed with <paramref name="key"/>, for
    /// <paramref name="audience"/>, and not expired at <paramref name="now"/> (give or take <see cref="ClockSkew"/>);
    /// otherwise why not. The signature is compared in fixed time and checked before the claims are parsed.
    /// </summary>
    public static InboxPassReading Read(string? token, string key, string audience, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(key)) return InboxPassReading.Refused("No pass key is configured.");
        var parts = (token ?? "").Split('.');
        if (parts.Length != 3 || parts[1].Length == 0 || parts[2].Length == 0)
            return InboxPassReading.Refused("Not a pass: expected version.claims.signature.");
        if (parts[0] != Version) return InboxPassReading.Refused($"Pass version '{Truncated(parts[0])}' is not {Version}.");
        var signature = FromBase64Url(parts[2]);
        if (signature is null || !CryptographicOperations.FixedTimeEquals(signature, Sign(parts[0] + "." + parts[1], key)))
            return InboxPassReading.Refused("The pass's signature is not valid.");

        Payload? payload;
        try
        {
            payload = FromBase64Url(parts[1]) is { } json ? JsonSerializer.Deserialize<Payload>(json, Json) : null;
        }
        catch (JsonException)
        {
            payload = null;
        }
        if (payload is not { Sub.Length: > 0, Aud.Length: > 0 })
            return InboxPassReading.Refused("The pass's claims cannot be read.");
        if (!string.Equals(payload.Aud, audience, StringComparison.Ordinal))
            return InboxPassReading.Refused($"The pass is for '{Truncated(payload.Aud)}', not '{audience}'.");
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(payload.Exp, 0, 253402300799));
        if (now - ClockSkew >= expiresAt) return InboxPassReading.Refused("The pass has expired.");
        var scopes = (payload.Scopes ?? []).Where(ApiScopes.IsKnown).Distinct(StringComparer.Ordinal).ToList();
        return new InboxPassReading(new InboxPassClaims(payload.Sub, payload.Name ?? payload.Sub, scopes, payload.Aud, expiresAt), null);
    }

    private static byte[] Sign(string signed, string key) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(signed));

    private static byte[]? FromBase64Url(string text)
    {
        try
        {
            return Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Truncated(string text) => text.Length <= 32 ? text : text[..32] + "…";

    private sealed record Payload(
        [property: JsonPropertyName("sub")] string Sub,
        [property: JsonPropertyName("name")] string? Name,
        [property: JsonPropertyName("scopes")] string[]? Scopes,
        [property: JsonPropertyName("aud")] string Aud,
        [property: JsonPropertyName("exp")] long Exp);
}

/// <summary>Who a pass vouches for: the agent's user name (<see cref="Subject"/>) and display name, their scopes, the service it is for and until when.</summary>
public sealed record InboxPassClaims(string Subject, string Name, IReadOnlyList<string> Scopes, string Audience, DateTimeOffset ExpiresAt);

/// <summary>A pass read: its <see cref="Claims"/>, or the <see cref="Problem"/> that refused it.</summary>
public sealed record InboxPassReading(InboxPassClaims? Claims, string? Problem)
{
    internal static InboxPassReading Refused(string problem) => new(null, problem);
}
