namespace Sms.Contracts.Campaigns;

/// <summary>
/// Request from Ingress to Campaigns (request/response): where does this tracked link lead? A campaign's links are
/// sent as <c>{Campaigns:TrackedLinkBase}{code}</c>, one code per link and recipient; Ingress reads the code, asks this
/// once per link (links never change, so it keeps the answer) and redirects. Answered with <see cref="TrackedLinkFound"/>
/// or <see cref="TrackedLinkNotFound"/>. README, "Link clicks".
/// </summary>
public sealed record ResolveTrackedLink
{
    public required long LinkId { get; init; }
}

/// <summary>The answer to <see cref="ResolveTrackedLink"/>: the campaign the link belongs to and the address it was written with.</summary>
public sealed record TrackedLinkFound
{
    public required long LinkId { get; init; }

    public required Guid CampaignId { get; init; }

    /// <summary>An absolute <c>http</c> or <c>https</c> address, as the campaign's text had it.</summary>
    public required string Url { get; init; }
}

/// <summary>The answer to <see cref="ResolveTrackedLink"/> for a link Campaigns does not have (a code signed for another deployment's database, or a campaign deleted).</summary>
public sealed record TrackedLinkNotFound
{
    public required long LinkId { get; init; }
}

/// <summary>
/// Event from Ingress: a customer followed a campaign's tracked link (a fetch by a link-preview robot is not a click).
/// Campaigns records the recipient's first click, per link and for the campaign. Idempotent by the link and recipient:
/// a second click of the same recipient on the same link changes no count but the link's total.
/// </summary>
public sealed record TrackedLinkClicked
{
    public required long LinkId { get; init; }

    public required Guid CampaignId { get; init; }

    /// <summary>
    /// The recipient, as the first 16 hexadecimal digits of their message id for the campaign (the code carries no
    /// number, so a forwarded or logged link does not disclose one).
    /// </summary>
    public required string RecipientKey { get; init; }

    public required DateTimeOffset ClickedAt { get; init; }
}
