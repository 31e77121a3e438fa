using Sms.Contracts.Outbound;
using Sms.Testing;
using static Sms.Router.Tests.Support.Build;

namespace Sms.Router.Tests.Consumers;

public class SmsSentConsumerTests
{
    private RouterHarness _router = null!;
    private string _customer = null!;

    [SetUp]
    public async Task SetUp()
    {
        _router = await RouterHarness.StartAsync();
        _customer = TestNumbers.Unique();
    }

    [TearDown]
    public async Task TearDown() => await _router.DisposeAsync();

    [Test]
    public async Task A_sent_prompt_opens_a_session()
    {
        var sent = Sent(_customer, AppointmentPrompt(TimeSpan.FromHours(2)), from: PaymentNumber);

        await _router.DeliverAsync(sent, m => m.Request.MessageId == sent.Request.MessageId);

        var sessions = await _router.Store.LoadAsync(_customer, CancellationToken.None);
        Assert.That(sessions, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(sessions[0].Id, Is.EqualTo(sent.Request.MessageId));
            Assert.That(sessions[0].BusinessNumber, Is.EqualTo(PaymentNumber));
            Assert.That(sessions[0].ExpiresAt, Is.EqualTo(sent.SentAt.AddHours(2)));
        });
    }

    [Test]
    public async Task The_same_SmsSent_delivered_twice_opens_one_session()
    {
        var sent = Sent(_customer, AppointmentPrompt());

        await _router.DeliverAsync(sent, m => m.Request.MessageId == sent.Request.MessageId);
        await _router.DeliverAsync(sent, m => m.Request.MessageId == sent.Request.MessageId);

        Assert.That(await _router.Store.LoadAsync(_customer, CancellationToken.None), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_sent_message_without_a_prompt_opens_none()
    {
        var sent = Sent(_customer, prompt: null);

        await _router.DeliverAsync(sent, m => m.Request.MessageId == sent.Request.MessageId);

        Assert.That(await _router.Store.LoadAsync(_customer, CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task The_default_time_to_live_comes_from_configuration()
    {
        await _router.DisposeAsync();
        _router = await RouterHarness.StartAsync(new Dictionary<string, string?> { ["Router:DefaultSessionTtl"] = "00:30:00" });
        var sent = Sent(_customer, AppointmentPrompt(timeToLive: null));

        await _router.DeliverAsync(sent, m => m.Request.MessageId == sent.Request.MessageId);

        var sessions = await _router.Store.LoadAsync(_customer, CancellationToken.None);
        Assert.That(sessions.Single().ExpiresAt, Is.EqualTo(sent.SentAt.AddMinutes(30)));
    }
}
