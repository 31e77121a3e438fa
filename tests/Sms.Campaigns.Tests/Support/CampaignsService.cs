using Sms.Testing;

namespace Sms.Campaigns.Tests.Support;

/// <summary>
/// The service as its <c>Program</c> builds it (<see cref="HarnessedService{TProgram}"/>: the bus swapped for the
/// in-memory harness) on the migrated test database, with a client that sends the API key.
/// </summary>
public static class CampaignsService
{
    /// <summary>The service on the test servers (database migrated first), <paramref name="settings"/> on top.</summary>
    public static async Task<HarnessedService<Program>> CreateAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var servers = await Servers.GetAsync();
        await CampaignsDatabase.GetAsync();
        var all = new Dictionary<string, string>
        {
            ["ConnectionStrings:Postgres"] = servers.Postgres,
            ["Campaigns:BrandName"] = "Acme Shoes",
            ["Campaigns:LinkDomains:0"] = "acme.example",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) all[key] = value;
        return new HarnessedService<Program>(all);
    }
}

/// <summary>A test class with the service started once and a client that sends the API key.</summary>
public abstract class CampaignsServiceTest
{
    protected HarnessedService<Program> Service { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    /// <summary>Settings on top of <see cref="CampaignsService.CreateAsync"/>'s.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    [OneTimeSetUp]
    public async Task StartServiceAsync()
    {
        Service = await CampaignsService.CreateAsync(Settings);
        Client = Service.CreateClientWithApiKey();
    }

    [OneTimeTearDown]
    public async Task StopServiceAsync()
    {
        Client.Dispose();
        await Service.DisposeAsync();
    }
}
