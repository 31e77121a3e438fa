using Sms.Contracts.Campaigns;

namespace Sms.Campaigns.Extensions;

/// <summary>Source-generated log messages. Numbers and texts are never logged here: campaigns are named by id.</summary>
public static partial class CampaignsLog
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Campaign {CampaignId} created")]
    public static partial void CampaignCreated(this ILogger logger, Guid campaignId);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "Campaign {CampaignId}: {Action} applied")]
    public static partial void CampaignStateChanged(this ILogger logger, Guid campaignId, CampaignAction action);

    /// <summary>The planning benchmark's figure: how long planning a campaign's recipients took.</summary>
    [LoggerMessage(EventId = 6103, Level = LogLevel.Information,
        Message = "Campaign {CampaignId} planned: {Recipients} recipients in {ElapsedMs} ms")]
    public static partial void CampaignPlanned(this ILogger logger, Guid campaignId, int recipients, long elapsedMs);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Debug, Message = "Campaign {CampaignId}: {Count} recipients published")]
    public static partial void CampaignRecipientsPublished(this ILogger logger, Guid campaignId, int count);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Warning, Message = "Campaign {CampaignId}: the dispatch round failed; the next round tries again")]
    public static partial void CampaignDispatchFailed(this ILogger logger, Guid campaignId, Exception exception);

    [LoggerMessage(EventId = 6106, Level = LogLevel.Warning, Message = "A dispatch round failed; the next round tries again")]
    public static partial void CampaignRoundFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6107, Level = LogLevel.Warning, Message = "{Command} for campaign {CampaignId} refused: {Reason}")]
    public static partial void CampaignCommandRefused(this ILogger logger, string command, Guid campaignId, string reason);
}
