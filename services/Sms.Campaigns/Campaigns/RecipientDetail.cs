namespace Sms.Campaigns.Campaigns;

/// <summary>
/// One recipient of a campaign as a support person asks about it (<c>GET /v1/campaigns/{id}/recipients/{number}</c>):
/// where their send stands, when it is due in UTC and on their own clock in the zone it was planned in, their message's
/// id (to find it at the carrier and in the thread) and when it was published, sent, delivered and answered.
/// </summary>
public sealed record RecipientDetail
{
    public required Guid CampaignId { get; init; }

    /// <summary>E.164.</summary>
    public required string Number { get; init; }

    /// <summary><c>pending</c>, <c>published</c>, <c>sent</c>, <c>delivered</c>, <c>failed</c>, <c>suppressed</c>, <c>deferred</c> or <c>cancelled</c>.</summary>
    public required string State { get; init; }

    /// <summary>Why it was suppressed, failed or deferred (<c>opted_out</c>, a carrier's code, the time Compliance decides again).</summary>
    public string? Reason { get; init; }

    /// <summary>The send's message id (a flow campaign: the flow run's id), the same for this recipient of this campaign whatever happens.</summary>
    public required Guid MessageId { get; init; }

    public required DateTimeOffset DueAt { get; init; }

    /// <summary>The zone the due time was planned in (IANA); null for a row planned before zones were recorded.</summary>
    public string? TimeZone { get; init; }

    /// <summary>The due time on the recipient's clock, with that zone's offset then; null without a known zone.</summary>
    public DateTimeOffset? DueAtLocal { get; init; }

    public DateTimeOffset? PublishedAt { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    public DateTimeOffset? DeliveredAt { get; init; }

    public DateTimeOffset? RepliedAt { get; init; }

    public DateTimeOffset? OptedOutAt { get; init; }

    /// <summary>
    /// The due time in <paramref name="timeZone"/>, with the offset that zone had then; null when the zone is unknown
    /// (none recorded, or one this machine's time zone data does not know). Pure.
    /// </summary>
    public static DateTimeOffset? Local(DateTimeOffset dueAt, string? timeZone)
    {
        if (timeZone is null || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone)) return null;
        return TimeZoneInfo.ConvertTime(dueAt, zone);
    }
}
