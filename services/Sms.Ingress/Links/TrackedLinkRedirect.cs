using Sms.Contracts.Campaigns;
using Sms.ServiceDefaults.Security;

namespace Sms.Ingress.Links;

/// <summary>
/// What the ingress answers when a campaign's tracked link (<c>/l/{code}</c>) is opened, decided from the code, what
/// Campaigns says the link leads to, the request's method and user agent, and the time. Pure: no I/O, no clock.
/// README, "Link clicks"; <see cref="Http.TrackedLinkEndpoints"/> carries the answer out.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>No signing key, or a code that key did not sign: 404 (<see cref="Read"/> null), saying nothing about why.</item>
/// <item>Campaigns does not know the link: 404. Campaigns did not answer: 503, try again.</item>
/// <item>The destination is not an absolute <c>http</c>/<c>https</c> address: 404. Campaigns only stores such
/// addresses, so this is defence in depth: the ingress is never an open redirect whatever Campaigns answers.</item>
/// <item>Otherwise a redirect; and a click (<see cref="TrackedLinkClicked"/>) for a <c>GET</c> by anyone but a
/// link-preview robot (<see cref="LinkPreviewAgents"/>). A <c>HEAD</c> asks about the page without opening it.</item>
/// </list>
/// </remarks>
public static class TrackedLinkRedirect
{
    /// <summary>The whole body of a 404: the same for every reason, so a prober learns nothing.</summary>
    public const string NotValidText = "This link is not valid.";

    /// <summary>The whole body of a 503 (Campaigns did not answer in time).</summary>
    public const string UnavailableText = "This link cannot be opened right now; try again in a moment.";

    /// <summary>The link and recipient of <paramref name="code"/>; null when there is no key or the key did not sign it.</summary>
    public static TrackedLinkReading? Read(string? code, string? signingKey) =>
        string.IsNullOrEmpty(signingKey) ? null : TrackedLinkCode.Read(code, signingKey);

    /// <summary>The answer to a request for the link <paramref name="reading"/> names, once Campaigns was asked where it leads.</summary>
    /// <param name="method">The request's HTTP method: only a <c>GET</c> is a click.</param>
    /// <param name="userAgent">The request's <c>User-Agent</c>, if any.</param>
    /// <param name="now">When the link was opened: the click's time.</param>
    public static TrackedLinkAnswer Decide(TrackedLinkReading reading, TrackedLinkLookup lookup, string method, string? userAgent, DateTimeOffset now)
    {
        switch (lookup.Status)
        {
            case TrackedLinkLookupStatus.Unavailable:
                return new TrackedLinkAnswer(TrackedLinkOutcome.Unavailable, null, null);
            case TrackedLinkLookupStatus.NotFound:
                return new TrackedLinkAnswer(TrackedLinkOutcome.Unknown, null, null);
        }

        if (SafeDestination(lookup.Url) is not { } destination)
            return new TrackedLinkAnswer(TrackedLinkOutcome.Unsafe, null, null);
        if (!HttpMethods.IsGet(method))
            return new TrackedLinkAnswer(TrackedLinkOutcome.Head, destination, null);
        if (LinkPreviewAgents.IsPreview(userAgent))
            return new TrackedLinkAnswer(TrackedLinkOutcome.Preview, destination, null);

        return new TrackedLinkAnswer(TrackedLinkOutcome.Counted, destination, new TrackedLinkClicked
        {
            LinkId = reading.LinkId,
            CampaignId = lookup.CampaignId,
            RecipientKey = reading.RecipientKey,
            ClickedAt = now,
        });
    }

    /// <summary>
    /// <paramref name="url"/> as it goes into <c>Location</c> when it is an absolute <c>http</c> or <c>https</c> address
    /// with a host (escaped: no space, no line break, nothing but ASCII); null for anything else (relative, <c>//host</c>,
    /// <c>javascript:</c>, <c>data:</c>, a file path, garbage).
    /// </summary>
    public static string? SafeDestination(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri)) return null;
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) return null;
        if (string.IsNullOrEmpty(uri.IdnHost) || uri.IsUnc) return null;
        var location = uri.AbsoluteUri;
        // AbsoluteUri keeps a Unicode host as written; the header takes ASCII only, so the host goes in its IDN form.
        if (!string.Equals(uri.Host, uri.IdnHost, StringComparison.Ordinal))
            location = new UriBuilder(uri) { Host = uri.IdnHost }.Uri.AbsoluteUri;
        return location.All(c => c is > ' ' and < (char)0x7F) ? location : null;
    }
}

/// <summary>Where a tracked link leads, as Campaigns said (<see cref="TrackedLinkResolver"/>), or that it could not be asked.</summary>
public sealed record TrackedLinkLookup(TrackedLinkLookupStatus Status, Guid CampaignId, string? Url)
{
    public static readonly TrackedLinkLookup NotFound = new(TrackedLinkLookupStatus.NotFound, Guid.Empty, null);

    public static readonly TrackedLinkLookup Unavailable = new(TrackedLinkLookupStatus.Unavailable, Guid.Empty, null);

    public static TrackedLinkLookup Found(Guid campaignId, string url) => new(TrackedLinkLookupStatus.Found, campaignId, url);
}

public enum TrackedLinkLookupStatus
{
    /// <summary>Campaigns has the link: its campaign and address.</summary>
    Found,

    /// <summary>Campaigns said it has no such link.</summary>
    NotFound,

    /// <summary>Campaigns did not answer in time, or the broker could not be reached.</summary>
    Unavailable,
}

/// <summary>The decision of <see cref="TrackedLinkRedirect.Decide"/>: redirect to <see cref="Location"/> (when set), and publish <see cref="Click"/> (when set).</summary>
public sealed record TrackedLinkAnswer(TrackedLinkOutcome Outcome, string? Location, TrackedLinkClicked? Click);

/// <summary>What became of a request for a tracked link; the <c>outcome</c> of <c>sms.ingress.tracked_links.requests</c>.</summary>
public enum TrackedLinkOutcome
{
    /// <summary>Redirected, and the click published.</summary>
    Counted,

    /// <summary>Redirected, but the click could not be published (the broker did not take it in time).</summary>
    ClickLost,

    /// <summary>Redirected a link-preview robot: not a click.</summary>
    Preview,

    /// <summary>Redirected a <c>HEAD</c>: not a click.</summary>
    Head,

    /// <summary>404: no signing key, or a code it did not sign.</summary>
    Invalid,

    /// <summary>404: Campaigns has no such link.</summary>
    Unknown,

    /// <summary>404: Campaigns' address for the link is not one the ingress redirects to.</summary>
    Unsafe,

    /// <summary>503: Campaigns could not be asked.</summary>
    Unavailable,
}

public static class TrackedLinkOutcomes
{
    /// <summary>The outcome as a metric tag: <c>counted</c>, <c>click_lost</c>, <c>preview</c>, …</summary>
    public static string Tag(this TrackedLinkOutcome outcome) => outcome switch
    {
        TrackedLinkOutcome.Counted => "counted",
        TrackedLinkOutcome.ClickLost => "click_lost",
        TrackedLinkOutcome.Preview => "preview",
        TrackedLinkOutcome.Head => "head",
        TrackedLinkOutcome.Invalid => "invalid",
        TrackedLinkOutcome.Unknown => "unknown",
        TrackedLinkOutcome.Unsafe => "unsafe",
        _ => "unavailable",
    };
}
