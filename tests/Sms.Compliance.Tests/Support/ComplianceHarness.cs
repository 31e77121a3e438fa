using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Sms.Compliance.Extensions;
using Sms.Testing;

namespace Sms.Compliance.Tests.Support;

/// <summary>
/// The compliance consumers on the shared <see cref="ConsumerHarness"/>, registered by the service's own
/// <c>AddComplianceServices</c> and <c>AddComplianceConsumers</c>, with the real ledger and Redis behind them and the
/// program settings the tests expect.
/// </summary>
public static class ComplianceHarness
{
    public const string ProgramName = "Acme Alerts";
    public const string SupportContact = "+15550100";
    public const string Scope = "default";

    /// <summary>What every harness is configured with; a test's own <see cref="ConsumerHarnessOptions.Settings"/> go on top.</summary>
    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["Compliance:Scope"] = Scope,
        ["Compliance:ProgramName"] = ProgramName,
        ["Compliance:SupportContact"] = SupportContact,
        // Consent tests must not depend on the wall clock; the quiet-hours tests turn them on.
        ["Compliance:QuietHours:Enabled"] = "false",
    };

    /// <param name="dataSource">The ledger's database (a proxy to it when a test stops PostgreSQL).</param>
    /// <param name="options">How this harness differs: settings, clock, logs, retry.</param>
    public static async Task<ConsumerHarness> StartAsync(NpgsqlDataSource dataSource, ConsumerHarnessOptions? options = null)
    {
        options ??= new ConsumerHarnessOptions();
        var redis = await TestRedis.GetAsync();
        var settings = new Dictionary<string, string?>(Defaults);
        foreach (var (key, value) in options.Settings) settings[key] = value;
        return await ConsumerHarness.StartAsync(
            services => services
                .AddSingleton(dataSource)
                .AddSingleton(redis)
                .AddComplianceServices()
                // The service's only hosted service is the deferred-send releaser: the tests call it on their own
                // clock (QuietHoursDeferralTests), and a poller of the shared table must not release other tests' sends.
                .RemoveAll<IHostedService>(),
            bus => bus.AddComplianceConsumers(),
            options with { Settings = settings });
    }
}
