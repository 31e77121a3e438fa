using System.ComponentModel.DataAnnotations;
using System.Net.Sockets;
using Npgsql;
using Sms.ServiceDefaults.Messaging;
using StackExchange.Redis;

namespace Sms.ServiceDefaults.Tests.Messaging;

public class DependencyOutageTests
{
    private sealed class ServiceDown() : DependencyUnavailableException("the carrier is down");

    private static IEnumerable<TestCaseData> Outages()
    {
        yield return new TestCaseData(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))).SetName("PostgreSQL refuses the connection");
        yield return new TestCaseData(new NpgsqlException("Exception while reading from stream", new EndOfStreamException())).SetName("PostgreSQL drops the connection");
        yield return new TestCaseData(new NpgsqlException("Timeout", new TimeoutException())).SetName("PostgreSQL times out");
        yield return new TestCaseData(new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01")).SetName("PostgreSQL shuts down");
        yield return new TestCaseData(new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, "No connection is available", null, CommandStatus.Unknown)).SetName("Redis cannot be reached");
        yield return new TestCaseData(new RedisTimeoutException(CommandFlags.None, "Timeout awaiting response", CommandStatus.Sent)).SetName("Redis times out");
        yield return new TestCaseData(new RedisServerException(RedisErrorKind.Loading, CommandFlags.None, "LOADING Redis is loading the dataset in memory")).SetName("Redis is loading its data");
        yield return new TestCaseData(new SocketException((int)SocketError.HostUnreachable)).SetName("A socket error");
        yield return new TestCaseData(new ServiceDown()).SetName("A dependency reported unavailable");
        yield return new TestCaseData(new InvalidOperationException("wrapped", new RedisConnectionException(ConnectionFailureType.SocketFailure, CommandFlags.None, "gone", null, CommandStatus.Unknown))).SetName("An outage wrapped in another exception");
        yield return new TestCaseData(new AggregateException(new ServiceDown(), new SocketException())).SetName("Only outages in an aggregate");
    }

    private static IEnumerable<TestCaseData> OtherFailures()
    {
        yield return new TestCaseData(new PostgresException("database \"sms\" does not exist", "FATAL", "FATAL", "3D000")).SetName("A database that does not exist");
        yield return new TestCaseData(new PostgresException("duplicate key value", "ERROR", "ERROR", "23505")).SetName("A constraint violation");
        yield return new TestCaseData(new NpgsqlException("bad", new InvalidOperationException())).SetName("A PostgreSQL error Npgsql does not call transient");
        yield return new TestCaseData(new RedisServerException(RedisErrorKind.WrongType, CommandFlags.None, "WRONGTYPE Operation against a key holding the wrong kind of value")).SetName("A Redis command error");
        yield return new TestCaseData(new ValidationException("not E.164")).SetName("Bad input");
        yield return new TestCaseData(new InvalidOperationException("a bug")).SetName("A bug");
        yield return new TestCaseData(new AggregateException(new ServiceDown(), new InvalidOperationException("a bug"))).SetName("An aggregate with a bug in it");
        yield return new TestCaseData(new AggregateException()).SetName("An empty aggregate");
    }

    [TestCaseSource(nameof(Outages))]
    public void Is_an_outage(Exception exception) => Assert.That(DependencyOutage.Is(exception), Is.True);

    [TestCaseSource(nameof(OtherFailures))]
    public void Is_not_an_outage(Exception exception) => Assert.That(DependencyOutage.Is(exception), Is.False);
}
