using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Contracts.Conversations;

namespace Sms.ServiceDefaults.Security;

/// <summary>
/// Keeps each list of API clients in this instance's <see cref="ApiClientDirectory"/>. It consumes on a queue of this
/// instance alone (temporary, deleted when the instance goes), so every instance of every service gets every list and a
/// revocation reaches all of them within the broker's delivery time.
/// </summary>
public sealed class ApiClientsChangedConsumer(ApiClientDirectory directory, ILogger<ApiClientsChangedConsumer> logger) : IConsumer<ApiClientsChanged>
{
    public Task Consume(ConsumeContext<ApiClientsChanged> context)
    {
        var list = context.Message;
        if (directory.Replace(list))
            ApiClientsLog.DirectoryReplaced(logger, list.Clients.Count, list.Clients.Count(c => c.Revoked), list.ListedAt);
        else
            ApiClientsLog.OlderListIgnored(logger, list.ListedAt);
        return Task.CompletedTask;
    }
}
