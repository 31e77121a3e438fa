using Npgsql;
using Sms.Conversations.Agents;

namespace Sms.Conversations.Background;

/// <summary>
/// Keeps this instance's session cache (<see cref="InboxSessions"/>) true to the database: every instance that ends an
/// agent's sessions or changes their account notifies <see cref="InboxSessions.ChangedChannel"/> with the agent's user
/// name in the same transaction, and each instance listening forgets what it cached of that agent's sessions as soon as
/// the notification arrives (milliseconds after the commit), rather than after <c>Inbox:Sessions:CacheSeconds</c>.
/// Listening starts before the host serves requests; while the connection is lost, and when it is back (notifications
/// in between are missed), the whole cache is forgotten, so the cache time is the most a lost notification can cost.
/// </summary>
public sealed partial class SessionChangeListener(NpgsqlDataSource dataSource, InboxSessions sessions, ILogger<SessionChangeListener> logger)
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
        connection.Notification += (_, e) => sessions.ForgetAgent(e.Payload);
        await using var listen = new NpgsqlCommand($"LISTEN {InboxSessions.ChangedChannel}", connection);
        await listen.ExecuteNonQueryAsync(cancellationToken);
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
                    sessions.ForgetAll();
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

    [LoggerMessage(EventId = 5582, Level = LogLevel.Warning, Message = "Listening for ended sessions failed; sessions are read again until it is back")]
    private static partial void ListenerLost(ILogger logger, Exception exception);
}
