using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Sms.Conversations.Data;
using Sms.Conversations.Extensions;
using Sms.Testing;

namespace Sms.Conversations.Tests.Support;

/// <summary>
/// The service's consumers on <see cref="ConsumerHarness"/>, registered as <c>Program</c> registers them
/// (<c>AddConversationsServices</c>, <c>AddConversationsConsumers</c>), over the test database. The service's hosted
/// services (outbox publisher, sweeps, notification sender) are left out: they would act on every test's rows in the
/// shared database, and a consumer test drives the consumers alone.
/// </summary>
internal static class ConversationsHarness
{
    public static async Task<ConsumerHarness> StartAsync(ConsumerHarnessOptions? options = null)
    {
        var dataSource = await ConversationsDatabase.GetAsync();
        return await ConsumerHarness.StartAsync(
            services => services.AddSingleton(dataSource).AddConversationsServices().RemoveAll<IHostedService>(),
            bus => bus.AddConversationsConsumers(),
            options);
    }

    extension(ConsumerHarness harness)
    {
        public NpgsqlDataSource DataSource => harness.Get<NpgsqlDataSource>();

        public ThreadProjection Projection => harness.Get<ThreadProjection>();

        public InboxQueries Queries => harness.Get<InboxQueries>();

        public AgentActions Actions => harness.Get<AgentActions>();

        public ConversationHandoff Handoff => harness.Get<ConversationHandoff>();

        public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object parameters)
        {
            await using var connection = await harness.DataSource.OpenConnectionAsync();
            return (await connection.QueryAsync<T>(sql, parameters)).AsList();
        }

        public async Task ExecuteAsync(string sql, object parameters)
        {
            await using var connection = await harness.DataSource.OpenConnectionAsync();
            await connection.ExecuteAsync(sql, parameters);
        }
    }
}
