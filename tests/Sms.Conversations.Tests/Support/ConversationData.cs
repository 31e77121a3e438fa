using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sms.Conversations.Data;
using Sms.Conversations.Extensions;

namespace Sms.Conversations.Tests.Support;

/// <summary>
/// The service's classes over its database, as <c>AddConversationsServices</c> registers them: the event writes, the
/// inbox's reads, the agents' actions and the hand-over, for tests that drive the data layer without the bus or the HTTP API.
/// </summary>
internal sealed record ConversationData(
    NpgsqlDataSource DataSource, ThreadProjection Projection, InboxQueries Queries, AgentActions Actions, ConversationHandoff Handoff)
{
    /// <summary>Over the test database, migrated.</summary>
    public static async Task<ConversationData> OpenAsync() => Over(await ConversationsDatabase.GetAsync());

    /// <param name="settings">Configuration, e.g. a test's own teams.</param>
    /// <param name="clock">The service's clock; the real one when null.</param>
    public static ConversationData Over(NpgsqlDataSource dataSource, IDictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build())
            .AddSingleton(dataSource);
        if (clock is not null)
            services.AddSingleton(clock);
        var provider = services.AddConversationsServices().BuildServiceProvider();
        return new ConversationData(dataSource,
            provider.GetRequiredService<ThreadProjection>(), provider.GetRequiredService<InboxQueries>(),
            provider.GetRequiredService<AgentActions>(), provider.GetRequiredService<ConversationHandoff>());
    }
}
