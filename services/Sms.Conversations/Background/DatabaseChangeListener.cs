using Npgsql;
using Sms.Conversations.Agents;
using Sms.Conversations.Webhooks;

namespace Sms.Conversations.Background;

/// <summary>
/// Keeps what this instance caches of the database true to it, by listening for what other instances change:
/// <list type="bullet">
/// <item>an agent's sessions or account (<see cref="InboxSessions.ChangedChannel"/>, the payload the agent's user name):
/// what is cached of that agent's sessions is forgotten (<see cref="InboxSessions"/>), rather than after
/// <c>Inbox:Sessions:CacheSeconds</c>;</item>
/// <item>the webhook subscriptions (<see cref="WebhookInterest.ChangedChannel"/>): the event types wanted are read again.</item>
/// </list>
/// Each change is announced in the transaction that makes it, so it is heard milliseconds after the commit. Listening
/// starts before the host serves requests; while the connection is lost, and when it is back (notifications in between
/// are missed), both caches are dropped: sessions are then kept at most their cache time, and no webhook interest is
/// kept at all until the listener hears again.
/// </summary>
public sealed partial class DatabaseChangeListener(
    NpgsqlDataSource dataSource, InboxSessions sessions, WebhookInterest webhooks, ILogger<DatabaseChangeListener> logger)
    : BackgroundService
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);
    private NpgsqlConnection? _connection;
    private int _started;

    /// <summary>
    /// Listens before the host goes on starting, so no change made once it serves requests goes unheard. Started once:
    /// a second start (a test harness starts every hosted service again) would share the one connection.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
            return;
        _connection = await ListenAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    private async Task<NpgsqlConnection> ListenAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        connection.Notification += (_, e) =>
        {
            if (e.Channel == WebhookInterest.ChangedChannel)
                webhooks.Changed();
            else
                sessions.ForgetAgent(e.Payload);
        };
        await using var listen = new NpgsqlCommand($"LISTEN {InboxSessions.ChangedChannel}; LISTEN {WebhookInterest.ChangedChannel}", connection);
        await listen.ExecuteNonQueryAsync(cancellationToken);
        webhooks.Listening(true);
        return connection;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (_connection is null)
                    {
                        _connection = await ListenAsync(stoppingToken);
                        sessions.ForgetAll();
                    }
                    while (!stoppingToken.IsCancellationRequested)
                        await _connection.WaitAsync(stoppingToken);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    ListenerLost(logger, exception);
                    await DropConnectionAsync();
                    await Task.Delay(RetryAfter, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            await DropConnectionAsync();
        }
    }

    /// <summary>Closes the listening connection, whatever state it was left in (a broken one may refuse to close cleanly).</summary>
    private async Task DropConnectionAsync()
    {
        webhooks.Listening(false);
        sessions.ForgetAll();
        var connection = _connection;
        _connection = null;
        if (connection is null)
            return;
        try
        {
            await connection.DisposeAsync();
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or IOException)
        {
            ListenerLost(logger, exception);
        }
    }

    [LoggerMessage(EventId = 5582, Level = LogLevel.Warning, Message = "Listening for changes made by other instances failed; sessions and webhook subscriptions are read again until it is back")]
    private static partial void ListenerLost(ILogger logger, Exception exception);
}
