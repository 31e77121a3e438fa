using System.Text.Json;
using Sms.Campaigns.Campaigns;
using Sms.Campaigns.Content;
using Sms.ServiceDefaults.Validation;

namespace Sms.Campaigns.Http;

/// <summary>
/// A campaign draft as the API takes it (<c>POST</c> and <c>PUT /v1/campaigns</c>): one of <c>segmentId</c> and
/// <c>audienceId</c>, one of <c>text</c> (placeholders <c>{first_name|there}</c>) and <c>flowName</c>; schedule by
/// <c>sendAt</c> (null: at launch) and/or <c>localTime</c> (<c>"10:00"</c> in each recipient's zone), spread over
/// <c>spreadMinutes</c>; <c>category</c> defaults to marketing, <c>pacePerSecond</c> to 10. A text may carry a
/// <c>prompt</c> (the replies it expects, as a single send's: <see cref="PromptRules"/>), so each recipient's reply is
/// classified against its options and counted in the results; a flow asks with its own.
/// </summary>
public sealed record CampaignRequest(
    string? Name,
    Guid? SegmentId,
    Guid? AudienceId,
    string? Text,
    string? FlowName,
    string? From,
    string? Category,
    DateTimeOffset? SendAt,
    string? LocalTime,
    int? SpreadMinutes,
    int? PacePerSecond,
    PromptBody? Prompt = null);

/// <summary>A campaign as the API shows it, with how many of its recipients are in each state.</summary>
public sealed record CampaignView(
    Guid Id,
    string Name,
    string Status,
    Guid? SegmentId,
    Guid? AudienceId,
    string? Text,
    string? FlowName,
    string? From,
    string Category,
    DateTimeOffset? SendAt,
    string? LocalTime,
    int SpreadMinutes,
    int PacePerSecond,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PlannedAt,
    DateTimeOffset? LaunchedAt,
    DateTimeOffset? FinishedAt,
    CampaignProgress? Progress,
    DryRunResult? DryRun,
    PromptBody? Prompt,
    IReadOnlyList<ContentWarning> Warnings,
    string? WarningsOverriddenBy)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static CampaignView Of(Campaign c, CampaignProgress? progress) => new(
        c.Id, c.Name, CampaignLifecycle.ToText(c.Status), c.SegmentId, c.AudienceId, c.Text, c.FlowName, c.From,
        c.Category.ToString(), c.SendAt, c.LocalTime?.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        c.SpreadMinutes, c.PacePerSecond, c.CreatedBy, c.CreatedAt, c.PlannedAt, c.LaunchedAt, c.FinishedAt, progress,
        c.DryRunJson is { } json ? JsonSerializer.Deserialize<DryRunResult>(json, Json) : null,
        c.Prompt is { } prompt ? PromptBody.Of(prompt) : null, c.Warnings, c.WarningsOverriddenBy);
}

/// <summary>The newest campaigns, without their progress (ask for one campaign for that).</summary>
public sealed record CampaignList(IReadOnlyList<CampaignView> Campaigns);
