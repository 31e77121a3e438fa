using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;
using Sms.Contracts.Routing;
using Sms.Router.Tests.Support;
using Sms.ServiceDefaults.Messaging;
using static Sms.Router.Tests.Support.Build;

namespace Sms.Router.Tests.Consumers;

/// <summary>
/// The router stopped mid-conversation (its host disposed) and a new instance started: everything it needs is in Redis,
/// so the conversation goes on as if nothing happened.
/// </summary>
public class RouterRestartTests : RouterFixture
{
    [Test]
    public async Task Sessions_opened_before_a_restart_take_their_answers_after_it()
    {
        var appointment = await SendPromptAsync(AppointmentPrompt(), AppointmentNumber);
        var payment = await SendPromptAsync(new SmsPrompt { SessionType = "payment_reminder", Options = PaymentOptions }, AppointmentNumber);

        await RestartAsync();
        var one = await ReplyAsync("1");
        var forOne = (await PublishedFor<ReplyClassified>(one, m => m.InboundMessageId)).Single();
        await RestartAsync();
        var yes = await ReplyAsync("yes");

        var forYes = (await PublishedFor<ReplyClassified>(yes, m => m.InboundMessageId)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(forYes.PromptMessageId, Is.EqualTo(appointment.Request.MessageId));
            Assert.That(forYes.Context["appointment_id"], Is.EqualTo("appt-42"));
            Assert.That(forOne.PromptMessageId, Is.EqualTo(payment.Request.MessageId));
            Assert.That(forOne.Action, Is.EqualTo("pay_now"));
        });
        Assert.That(await Store.LoadAsync(CustomerNumber, CancellationToken.None), Is.Empty, "both answered, both closed");
    }

    [Test]
    public async Task The_clarification_count_survives_restarts()
    {
        var prompt = await SendPromptAsync(AppointmentPrompt(), AppointmentNumber);

        var first = await ReplyAsync("maybe");
        var firstSends = await PublishedFor<SendSms>(first, m => m.InReplyTo);
        await RestartAsync();
        var second = await ReplyAsync("hmm");
        var secondSends = await PublishedFor<SendSms>(second, m => m.InReplyTo);
        await RestartAsync();
        var third = await ReplyAsync("what?");

        var escalated = (await PublishedFor<ConversationEscalated>(third, m => m.InboundMessageId)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(firstSends.Single().MessageId, Is.EqualTo(MessageIds.Derive(first.Message.MessageId, "clarification")));
            Assert.That(secondSends.Single().MessageId, Is.EqualTo(MessageIds.Derive(second.Message.MessageId, "clarification")));
            Assert.That(escalated.Reason, Is.EqualTo(EscalationReason.AutomationFailed));
            Assert.That(escalated.PromptMessageId, Is.EqualTo(prompt.Request.MessageId));
        });
    }

    [Test]
    public async Task A_reply_redelivered_to_a_new_instance_is_decided_as_before()
    {
        await SendPromptAsync(AppointmentPrompt(), AppointmentNumber);
        var reply = await ReplyAsync("yes");
        var before = (await PublishedFor<ReplyClassified>(reply, m => m.InboundMessageId)).Single();

        await RestartAsync();
        await ReplyAsync("yes", messageId: reply.Message.MessageId);

        var after = (await PublishedFor<ReplyClassified>(reply, m => m.InboundMessageId)).Single();
        var sends = await PublishedFor<SendSms>(reply, m => m.InReplyTo);
        Assert.Multiple(() =>
        {
            Assert.That(after.Action, Is.EqualTo(before.Action));
            Assert.That(after.PromptMessageId, Is.EqualTo(before.PromptMessageId));
            Assert.That(sends.Single().MessageId, Is.EqualTo(MessageIds.Derive(reply.Message.MessageId, "auto-response")), "the same auto-response id, so it is sent once");
        });
    }
}
