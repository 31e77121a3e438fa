using Microsoft.Extensions.Logging;

namespace Sms.Campaigns.Extensions;

/// <summary>Source-generated log messages. Numbers are passed redacted (<c>Redact.Phone</c>); message texts never.</summary>
public static partial class CampaignsLog
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Debug, Message = "Campaign message {MessageId}: {Event} recorded on its recipient row")]
    public static partial void ResultRecorded(this ILogger logger, Guid messageId, string @event);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Debug,
        Message = "{Event} {Key} changed no recipient row: recorded before, overtaken by a later event, or not about a campaign message")]
    public static partial void ResultUnchanged(this ILogger logger, string @event, string key);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Debug, Message = "{Event} from {Number} counted for the campaign message sent to it last")]
    public static partial void ResultAttributed(this ILogger logger, string @event, string number);
}
