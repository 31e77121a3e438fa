using Sms.Testing;

namespace Sms.Conversations.Tests.Support;

/// <summary>
/// A test of the service's consumers: a fresh <see cref="ConversationsHarness"/> (in-memory bus, the real PostgreSQL)
/// and a new customer for every test.
/// </summary>
public abstract class ConsumerTest
{
    /// <summary>The bus with the service's consumers; what was published and consumed.</summary>
    internal ConsumerHarness Bus { get; private set; } = null!;

    /// <summary>Events of this test's own customer and business number.</summary>
    internal Events Events { get; private set; } = null!;

    [SetUp]
    public async Task StartHarnessAsync()
    {
        Bus = await ConversationsHarness.StartAsync();
        Events = Events.ForNewCustomer();
    }

    [TearDown]
    public async Task StopHarnessAsync() => await Bus.DisposeAsync();
}
