using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sms.Compliance.Consumers;
using Sms.Compliance.Extensions;

namespace Sms.Compliance.Tests.Support;

/// <summary>The compliance consumers on MassTransit's in-memory test harness, with the real ledger behind them.</summary>
internal sealed class ComplianceHarness : IAsyncDisposable
{
    public const string ProgramName = "Acme Alerts";
    public const string SupportContact = "+15550100";
    public const string Scope = "default";

    private readonly ServiceProvider _provider;

    private ComplianceHarness(ServiceProvider provider, ITestHarness harness)
    {
        _provider = provider;
        Harness = harness;
    }

    public ITestHarness Harness { get; }

    public IServiceProvider Services => _provider;

    public static async Task<ComplianceHarness> StartAsync(NpgsqlDataSource dataSource)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Compliance:Scope"] = Scope,
                ["Compliance:ProgramName"] = ProgramName,
                ["Compliance:SupportContact"] = SupportContact,
            })
            .Build();

        var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddSingleton(dataSource)
            .AddComplianceServices()
            .AddMassTransitTestHarness(x =>
            {
                x.AddConsumer<SendSmsConsumer>();
                x.AddConsumer<InboundSmsReceivedConsumer>();
            })
            .BuildServiceProvider(validateScopes: true);

        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        return new ComplianceHarness(provider, harness);
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _provider.DisposeAsync();
    }
}
