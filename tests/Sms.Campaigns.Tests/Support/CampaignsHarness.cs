using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Sms.Campaigns.Data;
using Sms.Campaigns.Extensions;
using Sms.Testing;

namespace Sms.Campaigns.Tests.Support;

/// <summary>
/// The service's consumers on <see cref="ConsumerHarness"/>, registered as <c>Program</c> registers them
/// (<c>AddCampaignsServices</c>, <c>AddCampaignsConsumers</c>), over the test database. The hosted services (the
/// contact backfill) are left out: they would act on every test's rows in the shared database, and a consumer test
/// drives the consumers alone.
/// </summary>
internal static class CampaignsHarness
{
    public static async Task<ConsumerHarness> StartAsync(ConsumerHarnessOptions? options = null)
    {
        var dataSource = await CampaignsDatabase.GetAsync();
        return await ConsumerHarness.StartAsync(
            services => services.AddSingleton(dataSource).AddCampaignsServices().RemoveAll<IHostedService>(),
            bus => bus.AddCampaignsConsumers(),
            options);
    }

    extension(ConsumerHarness harness)
    {
        public NpgsqlDataSource DataSource => harness.Get<NpgsqlDataSource>();

        public ContactProjection Contacts => harness.Get<ContactProjection>();

        public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object parameters)
        {
            await using var connection = await harness.DataSource.OpenConnectionAsync();
            return (await connection.QueryAsync<T>(sql, parameters)).AsList();
        }
    }
}
