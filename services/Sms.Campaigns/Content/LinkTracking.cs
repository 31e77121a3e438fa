using System.Text;
using Sms.ServiceDefaults.Security;

namespace Sms.Campaigns.Content;

/// <summary>
/// A campaign's links as its recipients get them (README, "Link clicks"): every link of the text with a destination
/// (<see cref="LinksInText"/>) is sent as <c>{Campaigns:TrackedLinkBase}{code}</c>, the code naming the link and the
/// recipient (<see cref="TrackedLinkCode"/>, signed with <c>Links:SigningKey</c>). Ingress answers it with a redirect to
/// the destination and reports the click. A link is numbered by its destination's place among the text's distinct
/// destinations (the same address twice is one link). Off (<see cref="IsOn"/> false) unless both the base and the key
/// are set: links then go as written. Pure.
/// </summary>
public sealed class LinkTracking
{
    private readonly string _base;
    private readonly string _key;

    /// <param name="trackedLinkBase">The ingress's public address for tracked links, e.g. <c>https://go.example.com/l/</c>; blank: off.</param>
    /// <param name="signingKey">The key Campaigns and Ingress share; blank: off.</param>
    public LinkTracking(string? trackedLinkBase, string? signingKey)
    {
        _base = string.IsNullOrWhiteSpace(trackedLinkBase) ? "" : trackedLinkBase.Trim().TrimEnd('/') + "/";
        _key = signingKey ?? "";
        IsOn = _base.Length > 0 && _key.Length > 0;
        Host = IsOn && Uri.TryCreate(_base, UriKind.Absolute, out var uri) ? uri.Host.ToLowerInvariant() : null;
    }

    public bool IsOn { get; }

    /// <summary>The host a tracked link shows, when on.</summary>
    public string? Host { get; }

    /// <summary>The distinct destinations of <paramref name="text"/>'s links, in order: link 1, 2, … of the campaign. Empty when off.</summary>
    public IReadOnlyList<string> Destinations(string text) => IsOn ? DestinationsOf(LinksInText.Find(text)) : [];

    /// <summary>
    /// <paramref name="text"/> with each link replaced by its tracked link for the recipient whose message id is
    /// <paramref name="messageId"/>; <paramref name="linkIds"/> holds the id of each of <see cref="Destinations"/>, in order.
    /// </summary>
    public string Track(string text, IReadOnlyList<long> linkIds, Guid messageId) =>
        Replace(text, linkIds, index => _base + TrackedLinkCode.Issue(linkIds[index], messageId, _key));

    /// <summary>
    /// How many more links may be stored between counting a text's segments (compose, dry run) and sending it: the count
    /// measures each link as the code of the link this far past the newest one stored.
    /// </summary>
    public const long IdHeadroom = 10_000;

    /// <summary>
    /// <paramref name="text"/> with each link as long as its tracked link will be, for counting its segments before it
    /// is sent and its links are stored: a code is as long as its link's id needs (<see cref="TrackedLinkCode.Length"/>),
    /// so each link is measured with the id <see cref="IdHeadroom"/> past <paramref name="newestLinkId"/>, the newest stored.
    /// </summary>
    public string TrackLongest(string text, long newestLinkId)
    {
        var longest = _base + new string('x', TrackedLinkCode.Length(newestLinkId + IdHeadroom));
        return Replace(text, null, _ => longest);
    }

    /// <summary>
    /// <paramref name="text"/> with each link replaced by <paramref name="trackedLink"/> of its destination's place, the
    /// text read once; <paramref name="linkIds"/>, when given, must hold an id for each destination.
    /// </summary>
    private string Replace(string text, IReadOnlyList<long>? linkIds, Func<int, string> trackedLink)
    {
        if (!IsOn) return text;
        var links = LinksInText.Find(text);
        var destinations = DestinationsOf(links);
        if (destinations.Count == 0) return text;
        if (linkIds is not null && linkIds.Count != destinations.Count)
            throw new ArgumentException($"The text has {destinations.Count} links; {linkIds.Count} ids were given.", nameof(linkIds));
        var result = new StringBuilder(text.Length + destinations.Count * 40);
        var position = 0;
        foreach (var link in links)
        {
            if (link.Destination is null) continue;
            result.Append(text, position, link.Index - position).Append(trackedLink(IndexOf(destinations, link.Destination)));
            position = link.Index + link.Length;
        }
        return result.Append(text, position, text.Length - position).ToString();
    }

    private static IReadOnlyList<string> DestinationsOf(IReadOnlyList<TextLink> links) =>
        links.Select(l => l.Destination).OfType<string>().Distinct(StringComparer.Ordinal).ToList();

    private static int IndexOf(IReadOnlyList<string> destinations, string destination)
    {
        for (var i = 0; i < destinations.Count; i++)
            if (string.Equals(destinations[i], destination, StringComparison.Ordinal)) return i;
        throw new InvalidOperationException("A link's destination is not among the text's destinations.");
    }
}

/// <summary>The links a campaign's sends carry: the tracking, and the ids of the campaign's links in the order of <see cref="LinkTracking.Destinations"/>.</summary>
public sealed record SentLinks(LinkTracking Tracking, IReadOnlyList<long> Ids)
{
    /// <summary><paramref name="text"/> with its links tracked for the recipient whose message id is <paramref name="messageId"/>.</summary>
    public string TextFor(string text, Guid messageId) => Tracking.Track(text, Ids, messageId);
}
