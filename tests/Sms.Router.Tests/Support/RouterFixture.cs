using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;
using Sms.Router.Data;
using Sms.Testing;
using static Sms.Router.Tests.Support.Build;

namespace Sms.Router.Tests.Support;

/// <summary>
/// A test of the router's consumers: a fresh router (<see cref="TestRouter.StartAsync"/>) per test, stopped after it,
/// whose clock the test may move (<see cref="Clock"/>), and the customer's side of the conversation: prompts sent to
/// them, their replies, and what the router published because of a reply.
/// </summary>
public abstract class RouterFixture : RedisFixture
{
    protected ConsumerHarness Router { get; private set; } = null!;

    /// <summary>The router's clock: the real one until the test moves it.</summary>
    protected ShiftedClock Clock { get; private set; } = null!;

    protected SessionStore Store => Router.Get<SessionStore>();

    /// <summary>Whether the router starts from its own <c>appsettings.json</c> (its flows) rather than the defaults.</summary>
    protected virtual bool WithShippedSettings => false;

    [SetUp]
    public async Task StartRouterAsync()
    {
        Clock = new ShiftedClock();
        Router = await TestRouter.StartAsync(clock: Clock, withShippedSettings: WithShippedSettings);
    }

    [TearDown]
    public async Task StopRouterAsync() => await Router.DisposeAsync();

    /// <summary>The router stops (its host disposed) and a new instance starts over the same Redis, with <paramref name="settings"/>.</summary>
    protected async Task RestartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        await Router.DisposeAsync();
        Router = await TestRouter.StartAsync(settings, Clock, WithShippedSettings);
    }

    /// <summary>The carrier took a prompt to the customer: its <c>SmsSent</c> reaches the router.</summary>
    protected async Task<SmsSent> SendPromptAsync(SmsPrompt prompt, string from = AppointmentNumber)
    {
        var sent = Sent(CustomerNumber, prompt, from);
        await Router.DeliverAsync(sent, m => m.Request.MessageId == sent.Request.MessageId);
        return sent;
    }

    /// <summary>The customer's message reaches the router, as Compliance passes it on.</summary>
    protected async Task<InboundSmsAccepted> ReplyAsync(string text, string to = AppointmentNumber, Guid? messageId = null)
    {
        var accepted = Accepted(Inbound(CustomerNumber, text, to, messageId: messageId));
        await Router.DeliverAsync(accepted, m => m.Message.MessageId == accepted.Message.MessageId && m.Message.Text == text);
        return accepted;
    }

    /// <summary>What the router published of <typeparamref name="T"/> because of <paramref name="reply"/>.</summary>
    protected Task<IReadOnlyList<T>> PublishedFor<T>(InboundSmsAccepted reply, Func<T, Guid?> inboundId) where T : class =>
        Router.PublishedAsync<T>(m => inboundId(m) == reply.Message.MessageId);
}
