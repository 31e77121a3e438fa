using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Sms.ServiceDefaults.Security;

namespace Sms.Testing;

/// <summary>
/// A service's own <c>Program</c> on an in-memory test server with the bus swapped for MassTransit's test harness
/// (MassTransit's Sample-WebApplicationFactory pattern), <paramref name="settings"/> applied and <see cref="ApiKey"/>
/// accepted by its API. The real servers named in the settings stay real.
/// </summary>
/// <remarks>It does not run <c>RunSmsServiceAsync</c>, so nothing is migrated: use <see cref="TestDatabase"/> first.</remarks>
public sealed class HarnessedService<TProgram>(IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<TProgram>
    where TProgram : class
{
    public const string ApiKey = "service-test-api-key";

    /// <summary>A client that sends <see cref="ApiKey"/> on every request.</summary>
    public HttpClient CreateClientWithApiKey()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthentication.HeaderName, ApiKey);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
        builder.UseSetting("Api:Keys:0", ApiKey);
        // The test host is this test run's own process: a watchdog must never exit it.
        builder.UseSetting("Messaging:Watchdog:Enabled", "false");
        builder.ConfigureTestServices(services => services.AddMassTransitTestHarness());
    }
}
