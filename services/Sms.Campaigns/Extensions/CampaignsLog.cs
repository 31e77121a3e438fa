using Microsoft.Extensions.Logging;
using Sms.Contracts.Campaigns;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Campaigns.Extensions;

/// <summary>The service's log lines. Phone numbers are passed already redacted (<c>Redact.Phone</c>); message text is never logged; campaigns are named by id.</summary>
public static partial class CampaignsLog
{
    /// <summary>An event applied to the contact projection, or found no newer than what it holds.</summary>
    public static void Applied(this ILogger logger, string messageType, string number, bool changed)
    {
        if (!logger.IsEnabled(LogLevel.Debug))
            return;
        if (changed)
            logger.ContactApplied(messageType, Redact.Phone(number));
        else
            logger.ContactNotNewer(messageType, Redact.Phone(number));
    }

    [LoggerMessage(EventId = 5701, Level = LogLevel.Debug, Message = "{MessageType} of {Contact} applied to the contact projection")]
    public static partial void ContactApplied(this ILogger logger, string messageType, string contact);

    [LoggerMessage(EventId = 5702, Level = LogLevel.Debug, Message = "{MessageType} of {Contact} is not newer than what the projection holds: nothing changed")]
    public static partial void ContactNotNewer(this ILogger logger, string messageType, string contact);

    [LoggerMessage(EventId = 5703, Level = LogLevel.Debug, Message = "{Count} inbound messages moved the last reply of {Changed} contacts")]
    public static partial void InboundRecorded(this ILogger logger, int count, int changed);

    [LoggerMessage(EventId = 5704, Level = LogLevel.Information, Message = "The contact projection is empty: every contact asked of Conversations")]
    public static partial void ContactsRequested(this ILogger logger);

    [LoggerMessage(EventId = 5705, Level = LogLevel.Warning, Message = "Asking for the contacts failed; trying again in {Delay}")]
    public static partial void ContactsRequestFailed(this ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Debug, Message = "Campaign message {MessageId}: {Event} recorded on its recipient row")]
    public static partial void ResultRecorded(this ILogger logger, Guid messageId, string @event);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Debug,
        Message = "{Event} {Key} changed no recipient row: recorded before, overtaken by a later event, or not about a campaign message")]
    public static partial void ResultUnchanged(this ILogger logger, string @event, string key);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Debug, Message = "{Event} from {Number} counted for the campaign message sent to it last")]
    public static partial void ResultAttributed(this ILogger logger, string @event, string number);

    [LoggerMessage(EventId = 6201, Level = LogLevel.Information, Message = "Campaign {CampaignId} created")]
    public static partial void CampaignCreated(this ILogger logger, Guid campaignId);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Information, Message = "Campaign {CampaignId}: {Action} applied")]
    public static partial void CampaignStateChanged(this ILogger logger, Guid campaignId, CampaignAction action);

    /// <summary>The planning benchmark's figure: how long planning a campaign's recipients took.</summary>
    [LoggerMessage(EventId = 6203, Level = LogLevel.Information,
        Message = "Campaign {CampaignId} planned: {Recipients} recipients in {ElapsedMs} ms")]
    public static partial void CampaignPlanned(this ILogger logger, Guid campaignId, int recipients, long elapsedMs);

    [LoggerMessage(EventId = 6204, Level = LogLevel.Debug, Message = "Campaign {CampaignId}: {Count} recipients published")]
    public static partial void CampaignRecipientsPublished(this ILogger logger, Guid campaignId, int count);

    [LoggerMessage(EventId = 6205, Level = LogLevel.Warning, Message = "Campaign {CampaignId}: the dispatch round failed; the next round tries again")]
    public static partial void CampaignDispatchFailed(this ILogger logger, Guid campaignId, Exception exception);

    [LoggerMessage(EventId = 6206, Level = LogLevel.Warning, Message = "A dispatch round failed; the next round tries again")]
    public static partial void CampaignRoundFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6207, Level = LogLevel.Warning, Message = "{Command} for campaign {CampaignId} refused: {Reason}")]
    public static partial void CampaignCommandRefused(this ILogger logger, string command, Guid campaignId, string reason);

    [LoggerMessage(EventId = 6208, Level = LogLevel.Debug, Message = "Link {LinkId} of campaign {CampaignId}: a click recorded")]
    public static partial void LinkClickRecorded(this ILogger logger, long linkId, Guid campaignId);

    [LoggerMessage(EventId = 6209, Level = LogLevel.Warning, Message = "Link {LinkId} of campaign {CampaignId}: a click for no recipient of it, not recorded")]
    public static partial void LinkClickUnmatched(this ILogger logger, long linkId, Guid campaignId);
}
