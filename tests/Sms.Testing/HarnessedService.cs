using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Sms.ServiceDefaults.Security;

namespace Sms.Testing;

/// <summary>
/// A service's own <c>Program</c> on an in-memory test server with the bus swapped for MassTransit's test harness
/// (MassTransit's Sample-WebApplicationFactory pattern), <paramref name="settings"/> applied and <see cref="ApiKey"/>
/// accepted by its API. The real servers named in the settings stay real. A project that hosts its service in many
/// tests derives from it to add what those tests share (a clock, signing helpers), never a copy of its wiring.
/// </summary>
/// <remarks>It does not run <c>RunSmsServiceAsync</c>, so nothing is migrated: use <see cref="TestDatabase"/> first.</remarks>
/// <param name="settings">Configuration, as <c>Section:Key</c>.</param>
/// <param name="options">What else differs from the service as deployed; nothing when null.</param>
public class HarnessedService<TProgram>(IReadOnlyDictionary<string, string> settings, HarnessedServiceOptions? options = null)
    : WebApplicationFactory<TProgram>
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
        if (options?.Environment is { } environment) builder.UseEnvironment(environment);
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
        builder.UseSetting("Api:Keys:0", ApiKey);
        // The test host is this test run's own process: a watchdog must never exit it.
        builder.UseSetting("Messaging:Watchdog:Enabled", "false");
        builder.ConfigureTestServices(services =>
        {
            options?.ConfigureServices?.Invoke(services);
            if (options?.RealBus != true) services.AddMassTransitTestHarness(bus => options?.ConfigureBus?.Invoke(bus));
        });
    }
}

/// <summary>How a <see cref="HarnessedService{TProgram}"/> differs from the service as deployed, beyond its settings.</summary>
public sealed record HarnessedServiceOptions
{
    /// <summary>The host environment; <c>Development</c> (the factory's default) when null.</summary>
    public string? Environment { get; init; }

    /// <summary>Registrations made after the service's own, so they win: a test clock, a fake.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Changes to the test harness's bus: its timeouts, a publish filter that fails like a broker in trouble.</summary>
    public Action<IBusRegistrationConfigurator>? ConfigureBus { get; init; }

    /// <summary>Keep the service's own bus (RabbitMQ as the settings say) instead of the test harness.</summary>
    public bool RealBus { get; init; }
}
