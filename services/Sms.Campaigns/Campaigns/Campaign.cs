using Sms.Campaigns.Content;
using Sms.Contracts.Outbound;

namespace Sms.Campaigns.Campaigns;

/// <summary>A campaign as stored in <c>campaigns.campaigns</c>: what is sent, to whom, when and how fast.</summary>
public sealed record Campaign
{
    public required Guid Id { get; init; }

    public required string Name { get; init; }

    public required CampaignStatus Status { get; init; }

    public Guid? SegmentId { get; init; }

    public Guid? AudienceId { get; init; }

    public string? Text { get; init; }

    public string? FlowName { get; init; }

    /// <summary>What the text asks: every recipient's <c>SendSms</c> carries it, so the Router classifies their reply.</summary>
    public SmsPrompt? Prompt { get; init; }

    public string? From { get; init; }

    public SmsCategory Category { get; init; } = SmsCategory.Marketing;

    public DateTimeOffset? SendAt { get; init; }

    public TimeOnly? LocalTime { get; init; }

    public int SpreadMinutes { get; init; }

    public int PacePerSecond { get; init; } = CampaignDraft.DefaultPacePerSecond;

    public string? DryRunJson { get; init; }

    public required string CreatedBy { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? PlannedAt { get; init; }

    public DateTimeOffset? LaunchedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public int PlannedInvalid { get; init; }

    public int PlannedDuplicates { get; init; }

    /// <summary>The content check's warnings on the text when it was launched (none for a flow, or before launch).</summary>
    public IReadOnlyList<ContentWarning> Warnings { get; init; } = [];

    /// <summary>Who launched the campaign despite <see cref="Warnings"/>: launching a text with warnings overrides them.</summary>
    public string? WarningsOverriddenBy { get; init; }
}

/// <summary>What a draft is made of, from the API or the <c>CreateCampaign</c> command, once validated.</summary>
public sealed record CampaignDraft
{
    public const int DefaultPacePerSecond = 10;

    public required string Name { get; init; }

    public Guid? SegmentId { get; init; }

    public Guid? AudienceId { get; init; }

    public string? Text { get; init; }

    public string? FlowName { get; init; }

    /// <summary>What the text asks (a text only: a flow asks with its own steps' prompts).</summary>
    public SmsPrompt? Prompt { get; init; }

    public string? From { get; init; }

    public SmsCategory Category { get; init; } = SmsCategory.Marketing;

    public DateTimeOffset? SendAt { get; init; }

    public TimeOnly? LocalTime { get; init; }

    public int SpreadMinutes { get; init; }

    public int PacePerSecond { get; init; } = DefaultPacePerSecond;
}

/// <summary>How many of a campaign's recipients are in each state (<c>campaigns.recipients.state</c>).</summary>
public sealed record CampaignProgress
{
    public required int Recipients { get; init; }

    public required IReadOnlyDictionary<string, int> ByState { get; init; }
}
