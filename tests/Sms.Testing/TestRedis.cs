using StackExchange.Redis;

namespace Sms.Testing;

/// <summary>
/// One connection to the real test Redis of <see cref="Servers"/> for the whole test run. Tests share it safely
/// because every key they touch carries a number from <see cref="TestNumbers.Unique"/> or a test's own prefix.
/// </summary>
public static class TestRedis
{
    private static readonly Lazy<Task<IConnectionMultiplexer>> Connection = new(async () =>
        await ConnectionMultiplexer.ConnectAsync((await Servers.GetAsync()).Redis));

    public static Task<IConnectionMultiplexer> GetAsync() => Connection.Value;
}
