using Sms.Conversations.Extensions;
using Dapper;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Sms.Conversations.Csat;
using Sms.Conversations.Data;
using Sms.Conversations.Notifications;
using Sms.ServiceDefaults.Messaging;
using Sms.Testing;

namespace Sms.Conversations.Tests.Support;

/// <summary>
/// A fresh in-memory bus with every consumer of the service, writing to the real PostgreSQL. One per test.
/// <see cref="PublishAsync{T}"/> returns once the consumer finished, and fails the test if it threw. With
/// <c>serviceRetry</c>, the endpoints retry as the service's do (<c>UseSmsMessageRetry</c>) with millisecond waits.
/// </summary>
internal sealed class ConsumerHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly ITestHarness _harness;

    private ConsumerHarness(ServiceProvider provider, NpgsqlDataSource dataSource)
    {
        _provider = provider;
        _harness = provider.GetRequiredService<ITestHarness>();
        DataSource = dataSource;
    }

    public NpgsqlDataSource DataSource { get; }

    public ThreadProjection Projection => _provider.GetRequiredService<ThreadProjection>();

    public InboxQueries Queries => _provider.GetRequiredService<InboxQueries>();

    public AgentActions Actions => _provider.GetRequiredService<AgentActions>();

    public ConversationHandoff Handoff => _provider.GetRequiredService<ConversationHandoff>();

    public ITestHarness Bus => _harness;

    public static async Task<ConsumerHarness> StartAsync(bool serviceRetry = false, CapturedLogs? logs = null)
    {
        var dataSource = await TestDatabase.GetAsync("conversations", typeof(Program).Assembly);
        var provider = new ServiceCollection()
            .AddLogging(b =>
            {
                if (logs is not null)
                    b.AddProvider(logs);
            })
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(ShortRetryWaits.Settings).Build())
            .AddSingleton(dataSource)
            .AddConversationsData()
            .AddSingleton<NotificationStore>()
            .AddCsat()
            .AddSmsMessageRetry()
            .AddMassTransitTestHarness(x =>
            {
                x.AddConsumers(typeof(Program).Assembly);
                if (serviceRetry)
                    x.AddConfigureEndpointsCallback((context, _, endpoint) => endpoint.UseSmsMessageRetry(context));
            })
            .AddOptions()
            .BuildServiceProvider(validateScopes: true);
        var harness = new ConsumerHarness(provider, dataSource);
        await harness._harness.Start();
        return harness;
    }

    public async Task PublishAsync<T>(T message) where T : class
    {
        var envelopeId = NewId.NextGuid();
        await _harness.Bus.Publish(message, (PublishContext<T> context) => context.MessageId = envelopeId);

        Assert.That(await _harness.Consumed.Any<T>(m => m.Context.MessageId == envelopeId), Is.True, $"{typeof(T).Name} was not consumed");
        var consumed = _harness.Consumed.Select<T>(m => m.Context.MessageId == envelopeId).First();
        Assert.That(consumed.Exception, Is.Null, $"Consuming {typeof(T).Name} failed");
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object parameters)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<T>(sql, parameters)).AsList();
    }

    public async Task ExecuteAsync(string sql, object parameters)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(sql, parameters);
    }

    public async ValueTask DisposeAsync()
    {
        await _harness.Stop();
        await _provider.DisposeAsync();
    }
}
