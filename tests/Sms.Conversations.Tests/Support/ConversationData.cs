using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sms.Conversations.Extensions;
using Npgsql;
using Sms.Conversations.Data;
using Sms.Testing;

namespace Sms.Conversations.Tests.Support;

/// <summary>
/// The service's three classes over its database, as <c>AddConversations</c> registers them: the event writes, the
/// inbox's reads and the agents' actions, for tests that drive the data layer without the bus or the HTTP API.
/// </summary>
internal sealed record ConversationData(ThreadProjection Projection, InboxQueries Queries, AgentActions Actions, ConversationHandoff Handoff)
{
    /// <summary>Over the test database, migrated.</summary>
    public static async Task<ConversationData> OpenAsync() =>
        Over(await TestDatabase.GetAsync("conversations", typeof(Program).Assembly));

    public static ConversationData Over(NpgsqlDataSource dataSource, IDictionary<string, string?>? settings = null)
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build())
            .AddSingleton(dataSource)
            .AddConversationsData()
            .BuildServiceProvider();
        return new ConversationData(
            services.GetRequiredService<ThreadProjection>(), services.GetRequiredService<InboxQueries>(),
            services.GetRequiredService<AgentActions>(), services.GetRequiredService<ConversationHandoff>());
    }
}
