using Sms.Testing;
using StackExchange.Redis;

namespace Sms.Router.Tests.Support;

/// <summary>One connection to the real test Redis for the whole test run.</summary>
internal static class TestRedis
{
    private static readonly Lazy<Task<IConnectionMultiplexer>> Connection = new(async () =>
    {
        var servers = await Servers.GetAsync();
        return await ConnectionMultiplexer.ConnectAsync(servers.Redis);
    });

    public static Task<IConnectionMultiplexer> GetAsync() => Connection.Value;
}
