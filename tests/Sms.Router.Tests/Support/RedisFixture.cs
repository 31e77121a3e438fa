using Microsoft.Extensions.Options;
using Sms.Router.Data;
using Sms.Router.Extensions;
using Sms.Testing;
using StackExchange.Redis;

namespace Sms.Router.Tests.Support;

/// <summary>
/// A test against the real Redis that every test run shares: each test has a customer number (and a conversation) of
/// its own, so it sees only its own sessions and never needs to clean up.
/// </summary>
public abstract class RedisFixture
{
    protected IConnectionMultiplexer Redis { get; private set; } = null!;

    protected IDatabase Db => Redis.GetDatabase();

    /// <summary>This test's customer; a test that needs a second one sets another <see cref="TestNumbers.Unique"/>.</summary>
    protected string CustomerNumber { get; set; } = null!;

    /// <summary>The id Conversations would give this customer's conversation.</summary>
    protected Guid ConversationId { get; private set; }

    [SetUp]
    public async Task NewCustomerAsync()
    {
        Redis = await TestRedis.GetAsync();
        CustomerNumber = TestNumbers.Unique();
        ConversationId = Guid.NewGuid();
    }

    /// <summary>A session store over the test Redis, as the router builds one from <paramref name="options"/>.</summary>
    protected SessionStore NewStore(RouterOptions? options = null, TimeProvider? clock = null) =>
        new(Redis, Options.Create(options ?? new RouterOptions()), clock ?? TimeProvider.System);
}
