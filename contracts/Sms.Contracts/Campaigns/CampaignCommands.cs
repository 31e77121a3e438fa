using Sms.Contracts.Outbound;

namespace Sms.Contracts.Campaigns;

/// <summary>
/// Command to Campaigns: create a campaign (as <c>POST /v1/campaigns</c> does), in draft unless
/// <see cref="Launch"/>. Idempotent by <see cref="CampaignId"/>: the same id creates one campaign.
/// </summary>
public sealed record CreateCampaign
{
    public required Guid CampaignId { get; init; }

    public required string Name { get; init; }

    /// <summary>A saved segment's id; or <see cref="Numbers"/>.</summary>
    public Guid? SegmentId { get; init; }

    /// <summary>An uploaded audience's id, when there is no segment.</summary>
    public Guid? AudienceId { get; init; }

    /// <summary>The recipients by number, each with attributes for its placeholders, when there is no segment or audience.</summary>
    public IReadOnlyList<CampaignRecipientInput>? Numbers { get; init; }

    /// <summary>The text, with placeholders such as <c>{first_name|there}</c>; or <see cref="FlowName"/>.</summary>
    public string? Text { get; init; }

    /// <summary>A flow from <c>Router:Flows</c> started for every recipient, instead of a text.</summary>
    public string? FlowName { get; init; }

    /// <summary>
    /// What <see cref="Text"/> asks (options, auto responses, context), as on a single <see cref="SendSms"/>: every
    /// recipient's send carries it, so their reply is classified and counted in the campaign's results. Null: the text
    /// expects no particular reply. Not with <see cref="FlowName"/>: a flow asks with its own steps.
    /// </summary>
    public SmsPrompt? Prompt { get; init; }

    /// <summary>Our sending number; null: the deployment's default sender.</summary>
    public string? From { get; init; }

    /// <summary>Launch once created (content warnings then count as overridden).</summary>
    public bool Launch { get; init; }

    /// <summary>When to send: null, now.</summary>
    public DateTimeOffset? SendAt { get; init; }

    /// <summary>Send at this local time in each recipient's zone (e.g. <c>10:00</c>), on the first day it comes after launch.</summary>
    public TimeOnly? LocalTime { get; init; }

    /// <summary>Spread the sends over this many minutes after their time (stable per number).</summary>
    public int SpreadMinutes { get; init; }

    /// <summary>Messages per second this campaign publishes at most; null: the default (10).</summary>
    public int? PacePerSecond { get; init; }

    /// <summary>What Compliance decides the sends as; campaigns are marketing unless said otherwise.</summary>
    public SmsCategory Category { get; init; } = SmsCategory.Marketing;

    public required string RequestedBy { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }
}

/// <summary>A recipient named by number, with attributes for the text's placeholders.</summary>
public sealed record CampaignRecipientInput
{
    public required string Number { get; init; }

    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();
}

/// <summary>Command to Campaigns: launch, pause, resume or cancel a campaign (as the HTTP API does).</summary>
public sealed record ChangeCampaignState
{
    public required Guid CampaignId { get; init; }

    public required CampaignAction Action { get; init; }

    public required string RequestedBy { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }
}

public enum CampaignAction
{
    Launch,
    Pause,
    Resume,
    Cancel,
}
