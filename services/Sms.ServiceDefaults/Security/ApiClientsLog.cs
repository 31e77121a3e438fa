using Microsoft.Extensions.Logging;

namespace Sms.ServiceDefaults.Security;

internal static partial class ApiClientsLog
{
    [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "API clients: {Count} known ({Revoked} revoked), listed at {ListedAt}")]
    public static partial void DirectoryReplaced(ILogger logger, int count, int revoked, DateTimeOffset listedAt);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Debug, Message = "API clients: ignored a list of {ListedAt}, older than the one held")]
    public static partial void OlderListIgnored(ILogger logger, DateTimeOffset listedAt);

    [LoggerMessage(EventId = 9103, Level = LogLevel.Warning, Message = "API clients: could not ask for the list ({Error}); asking again in {Delay}")]
    public static partial void RequestFailed(ILogger logger, string error, TimeSpan delay);

    [LoggerMessage(EventId = 9104, Level = LogLevel.Warning, Message = "API clients: use of client {ClientId} not reported ({Error})")]
    public static partial void UsageNotReported(ILogger logger, Guid clientId, string error);
}
