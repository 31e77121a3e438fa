using System.ComponentModel.DataAnnotations;
using Sms.ServiceDefaults.Security;

namespace Sms.Ingress.Extensions;

/// <summary>
/// How the ingress serves a campaign's tracked links (<c>GET /l/{code}</c>, <see cref="Http.TrackedLinkEndpoints"/>),
/// bound from <c>Links:*</c>. <see cref="SigningKey"/> is shared with Campaigns, which issues the codes; the rest is the
/// ingress's own.
/// </summary>
public sealed class TrackedLinkOptions
{
    public const string Section = "Links";

    /// <summary>
    /// <see cref="TrackedLinkCode.KeySetting"/>, the key the codes are signed with (the same as Campaigns'); unset: every
    /// tracked link is answered 404, as Campaigns then sends a campaign's links as written.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>How long a request waits for Campaigns to say where a link leads before answering 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan ResolveTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many links' destinations are kept in memory (links never change; the least used go first).</summary>
    [Range(1, 1_000_000)]
    public int CachedLinks { get; set; } = 10_000;

    /// <summary>
    /// How long Campaigns' "no such link" (a deleted campaign's link, a code signed for another deployment's database)
    /// is kept before Campaigns is asked again, so a link opened over and over does not ask each time; zero: never kept.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan UnknownLinkCacheTime { get; set; } = TimeSpan.FromMinutes(1);
}
