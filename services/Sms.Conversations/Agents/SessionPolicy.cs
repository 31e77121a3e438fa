using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Sms.Conversations.Extensions;

namespace Sms.Conversations.Agents;

/// <summary>A session as stored (<c>conversations.agent_sessions</c>), with its agent's current name and role.</summary>
public sealed record SessionRow(
    Guid Id, string Username, string DisplayName, string Role, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt,
    DateTimeOffset ExpiresAt, string? UserAgent, string? Ip);

/// <summary>
/// The decisions about sessions, pure: the token a cookie carries and the hash it is stored under, when a session is
/// over, and when its last use is worth writing down.
/// </summary>
public sealed class SessionPolicy(InboxSessionOptions options)
{
    /// <summary>Bytes of randomness in a token (256 bits).</summary>
    public const int TokenBytes = 32;

    /// <summary>The length of a token as the cookie carries it (base64url); any other cookie value is no session.</summary>
    public static readonly int TokenLength = Base64Url.GetEncodedLength(TokenBytes);

    /// <summary>The user agent and address kept with a session are cut to these lengths.</summary>
    public const int UserAgentLength = 200;

    public const int IpLength = 64;

    /// <summary>A session's last use is written at most this often (its idle time is exact to within it).</summary>
    public static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    public TimeSpan Idle => TimeSpan.FromMinutes(options.IdleMinutes);

    public TimeSpan Absolute => TimeSpan.FromHours(options.AbsoluteHours);

    public TimeSpan CacheFor => TimeSpan.FromSeconds(Math.Max(0, options.CacheSeconds));

    public static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));

    /// <summary>What the store keeps of a token: its SHA-256, so a copy of the table signs nobody in.</summary>
    public static byte[] Hash(string token) => SHA256.HashData(Encoding.ASCII.GetBytes(token));

    /// <summary>Whether a cookie value can be a token at all (checked before anything is looked up).</summary>
    public static bool IsWellFormed(string? token) =>
        token is not null && token.Length == TokenLength && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public DateTimeOffset ExpiresAt(DateTimeOffset signedInAt) => signedInAt + Absolute;

    /// <summary>A session works until its absolute end and while it was used within the idle time.</summary>
    public bool IsLive(SessionRow session, DateTimeOffset now) => now < session.ExpiresAt && now - session.LastSeenAt < Idle;

    /// <summary>Sessions last seen before this instant are idle.</summary>
    public DateTimeOffset IdleBefore(DateTimeOffset now) => now - Idle;

    public static bool NeedsTouch(SessionRow session, DateTimeOffset now) => now - session.LastSeenAt >= TouchEvery;

    public static string? Truncate(string? value, int length) =>
        string.IsNullOrEmpty(value) ? null : value.Length <= length ? value : value[..length];
}
