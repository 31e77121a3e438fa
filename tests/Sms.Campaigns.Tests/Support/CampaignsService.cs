using Sms.Testing;

namespace Sms.Campaigns.Tests.Support;

/// <summary>The service as hosted (its own <c>Program</c>, the bus swapped for the test harness) over the migrated test database.</summary>
internal static class CampaignsService
{
    public static async Task<HarnessedService<Program>> HostAsync()
    {
        await CampaignsDatabase.GetAsync();
        var servers = await Servers.GetAsync();
        return new HarnessedService<Program>(new Dictionary<string, string> { ["ConnectionStrings:Postgres"] = servers.Postgres });
    }
}
