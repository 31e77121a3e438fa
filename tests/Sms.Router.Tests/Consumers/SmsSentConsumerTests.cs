using Sms.Contracts.Outbound;
using Sms.Router.Tests.Support;
using static Sms.Router.Tests.Support.Build;

namespace Sms.Router.Tests.Consumers;

public class SmsSentConsumerTests : RouterFixture
{
    [Test]
    public async Task A_sent_prompt_opens_a_session()
    {
        var sent = Sent(CustomerNumber, AppointmentPrompt(TimeSpan.FromHours(2)), from: PaymentNumber);

        await Router.DeliverAsync(sent, m => m.Request.MessageId == sent.Request.MessageId);

        var sessions = await Store.LoadAsync(CustomerNumber, CancellationToken.None);
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
        var sent = Sent(CustomerNumber, AppointmentPrompt());

        await Router.DeliverAsync(sent, m => m.Request.MessageId == sent.Request.MessageId);
        await Router.DeliverAsync(sent, m => m.Request.MessageId == sent.Request.MessageId);

        Assert.That(await Store.LoadAsync(CustomerNumber, CancellationToken.None), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_sent_message_without_a_prompt_opens_none()
    {
        var sent = Sent(CustomerNumber, prompt: null);

        await Router.DeliverAsync(sent, m => m.Request.MessageId == sent.Request.MessageId);

        Assert.That(await Store.LoadAsync(CustomerNumber, CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task The_default_time_to_live_comes_from_configuration()
    {
        await RestartAsync(new Dictionary<string, string?> { ["Router:DefaultSessionTtl"] = "00:30:00" });
        var sent = Sent(CustomerNumber, AppointmentPrompt(timeToLive: null));

        await Router.DeliverAsync(sent, m => m.Request.MessageId == sent.Request.MessageId);

        var sessions = await Store.LoadAsync(CustomerNumber, CancellationToken.None);
        Assert.That(sessions.Single().ExpiresAt, Is.EqualTo(sent.SentAt.AddMinutes(30)));
    }
}
