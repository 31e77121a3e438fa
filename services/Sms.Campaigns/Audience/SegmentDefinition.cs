using System.Text.Json.Serialization;

namespace Sms.Campaigns.Audience;

/// <summary>
/// A saved query over the contacts Campaigns knows (<c>campaigns.contacts</c>): every condition that is set must hold.
/// Stored as JSON in <c>campaigns.segments</c> and turned into SQL by <see cref="SegmentSql"/>.
/// </summary>
public sealed record SegmentDefinition
{
    /// <summary>The contact has every one of these labels.</summary>
    public IReadOnlyList<string> LabelsAll { get; init; } = [];

    /// <summary>The contact has at least one of these labels (none given: no condition).</summary>
    public IReadOnlyList<string> LabelsAny { get; init; } = [];

    /// <summary>The contact has none of these labels.</summary>
    public IReadOnlyList<string> LabelsNone { get; init; } = [];

    public IReadOnlyList<AttributeCondition> Attributes { get; init; } = [];

    public int? EngagementMin { get; init; }

    public int? EngagementMax { get; init; }

    /// <summary>Consent for a purpose in a brand scope; null: no condition (Compliance decides each send anyway).</summary>
    public ConsentCondition? Consent { get; init; }

    /// <summary>ISO 3166 regions of the number, e.g. <c>US</c>, <c>GB</c>.</summary>
    public IReadOnlyList<string> Countries { get; init; } = [];

    /// <summary>IANA zones: the contact's own zone, else its number's.</summary>
    public IReadOnlyList<string> TimeZones { get; init; } = [];

    public DateTimeOffset? LastReplyAfter { get; init; }

    public DateTimeOffset? LastReplyBefore { get; init; }

    /// <summary>Recipients of earlier campaigns, by what they did.</summary>
    public IReadOnlyList<CampaignCondition> Campaigns { get; init; } = [];

    /// <summary>Contacts matching these other segments are left out.</summary>
    public IReadOnlyList<Guid> ExcludeSegments { get; init; } = [];

    /// <summary>Leaves out contacts sent any campaign message within this many hours.</summary>
    public int? ExcludeRecentRecipientsHours { get; init; }

    /// <summary>Leaves out contacts whose conversation a person owns (an agent is talking to them).</summary>
    public bool ExcludeOwnedByPeople { get; init; }
}

public sealed record AttributeCondition
{
    public required string Name { get; init; }

    public AttributeOperator Operator { get; init; } = AttributeOperator.Equals;

    /// <summary>Compared as text, ignoring case; not used by <see cref="AttributeOperator.Exists"/> and <see cref="AttributeOperator.Missing"/>.</summary>
    public string? Value { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<AttributeOperator>))]
public enum AttributeOperator
{
    Equals,
    NotEquals,
    Contains,
    Exists,
    Missing,
}

public sealed record ConsentCondition
{
    /// <summary>The brand scope; null: the default scope of the deployment.</summary>
    public string? Scope { get; init; }

    public string Purpose { get; init; } = "marketing";

    public ConsentFilter State { get; init; } = ConsentFilter.OptedIn;
}

[JsonConverter(typeof(JsonStringEnumConverter<ConsentFilter>))]
public enum ConsentFilter
{
    /// <summary>An opt-in is recorded.</summary>
    OptedIn,

    /// <summary>No opt-out is recorded (opted in, or never asked).</summary>
    NotOptedOut,

    OptedOut,

    /// <summary>Nothing is recorded.</summary>
    Unknown,
}

public sealed record CampaignCondition
{
    public required Guid CampaignId { get; init; }

    public CampaignOutcome Outcome { get; init; } = CampaignOutcome.Received;
}

[JsonConverter(typeof(JsonStringEnumConverter<CampaignOutcome>))]
public enum CampaignOutcome
{
    /// <summary>The carrier accepted the campaign's message to them.</summary>
    Received,
    Replied,
    NotReplied,

    /// <summary>They followed one of its tracked links (README, "Link clicks"); a preview robot's fetch does not count.</summary>
    Clicked,

    /// <summary>They received it and followed none of its tracked links.</summary>
    NotClicked,
}
