using Sms.Testing;

namespace Sms.Compliance.Tests.Support;

/// <summary>
/// The service as its <c>Program</c> builds it, on a test server with the bus swapped for the in-memory harness
/// (<see cref="HarnessedService{TProgram}"/>), once per class, with a client that sends the API key.
/// </summary>
public abstract class ComplianceServiceFixture : ComplianceDatabaseFixture
{
    protected HarnessedService<Program> Service { get; private set; } = null!;

    /// <summary>A client that sends the API key.</summary>
    protected HttpClient Client { get; private set; } = null!;

    /// <summary>Settings on top of the test servers' addresses.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    /// <summary>The service on the test servers (database migrated first), <paramref name="settings"/> on top.</summary>
    public static async Task<HarnessedService<Program>> CreateServiceAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var servers = await Servers.GetAsync();
        await MigratedAsync();
        var all = new Dictionary<string, string>
        {
            ["ConnectionStrings:Postgres"] = servers.Postgres,
            ["ConnectionStrings:Redis"] = servers.Redis,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) all[key] = value;
        return new HarnessedService<Program>(all);
    }

    [OneTimeSetUp]
    public async Task StartServiceAsync()
    {
        Service = await CreateServiceAsync(Settings);
        Client = Service.CreateClientWithApiKey();
    }

    [OneTimeTearDown]
    public async Task StopServiceAsync()
    {
        Client.Dispose();
        await Service.DisposeAsync();
    }
}
