using System.Net.Sockets;
using Npgsql;
using StackExchange.Redis;

namespace Sms.ServiceDefaults.Messaging;

/// <summary>
/// Tells a failure caused by a dependency being unreachable (it succeeds unchanged once the dependency is back) from
/// every other failure. Pure.
/// </summary>
public static class DependencyOutage
{
    /// <summary>
    /// True for PostgreSQL failures Npgsql marks transient (no connection, connection lost, timeouts, the server
    /// shutting down), Redis connection failures and timeouts (and a Redis still loading its data after a restart), socket
    /// errors, and a <see cref="DependencyUnavailableException"/>; also when one of these is wrapped in another exception.
    /// </summary>
    public static bool Is(Exception exception) => exception switch
    {
        DependencyUnavailableException => true,
        NpgsqlException npgsql => npgsql.IsTransient,
        RedisConnectionException or RedisTimeoutException => true,
        RedisServerException { Kind: RedisErrorKind.Loading } => true,
        SocketException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(Is),
        _ => exception.InnerException is { } inner && Is(inner),
    };
}
