using Sms.Contracts.Conversations;
using Sms.Conversations.Data;

namespace Sms.Conversations.ApiClients;

/// <summary>The list every service keeps (<see cref="ApiClientsChanged"/>), from the table's rows.</summary>
public static class ApiClientList
{
    public static ApiClientsChanged Of(IReadOnlyList<ApiClientRow> rows, DateTimeOffset listedAt) => new()
    {
        ListedAt = listedAt,
        Clients = rows.Select(r => new ApiClientEntry
        {
            Id = r.Id,
            Name = r.Name,
            Scopes = r.Scopes,
            SecretHash = r.SecretHash,
            Revoked = r.RevokedAt is not null,
        }).ToList(),
    };
}
