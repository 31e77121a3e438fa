using Sms.Contracts.Compliance;
using Sms.Contracts.Conversations;
using Sms.Contracts.Outbound;
using Sms.Contracts.Routing;
using Sms.Router.Data;
using Sms.Router.Tests.Support;
using static Sms.Router.Tests.Support.Build;

namespace Sms.Router.Tests.Handoff;

/// <summary>The Router's half of "who owns a conversation": once people own it, the automation sends nothing.</summary>
public class HandoffTests : RouterFixture
{
    private Task OwnerChangedAsync(ConversationOwner owner, long version, OwnerChangeReason reason, DateTimeOffset? at = null)
    {
        var changed = new ConversationOwnerChanged
        {
            ConversationId = ConversationId,
            CustomerNumber = CustomerNumber,
            BusinessNumber = AppointmentNumber,
            Owner = owner,
            Reason = reason,
            Team = owner == ConversationOwner.People ? "support" : null,
            Agent = owner == ConversationOwner.People ? "sam" : null,
            Version = version,
            ChangedAt = at ?? DateTimeOffset.UtcNow,
        };
        return Router.DeliverAsync(changed, m => m.ConversationId == ConversationId && m.Version == version);
    }

    [Test]
    public async Task After_an_escalation_the_customers_next_messages_get_nothing_automated_and_no_new_escalation()
    {
        var help = await ReplyAsync("My parcel never arrived, can someone help?");
        var order = await ReplyAsync("Sure, it's 88123");
        var thanks = await ReplyAsync("thanks");
        var angry = await ReplyAsync("this is ridiculous, I want a manager");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await PublishedFor<ConversationEscalated>(help, m => m.InboundMessageId), Has.Count.EqualTo(1));
            foreach (var reply in new[] { order, thanks, angry })
            {
                Assert.That(await PublishedFor<ConversationEscalated>(reply, m => m.InboundMessageId), Is.Empty);
                Assert.That(await PublishedFor<SendSms>(reply, m => m.InReplyTo), Is.Empty);
            }
            Assert.That(await Router.PublishedAsync<SendSms>(m => m.To == CustomerNumber), Is.Empty);
        });
    }

    [Test]
    public async Task An_escalated_message_redelivered_is_escalated_again_rather_than_left_to_people_who_never_heard_of_it()
    {
        var help = await ReplyAsync("Can someone call me?");

        await ReplyAsync("Can someone call me?", messageId: help.Message.MessageId);

        Assert.That(await PublishedFor<ConversationEscalated>(help, m => m.InboundMessageId), Has.Count.EqualTo(2), "published on both deliveries");
    }

    [Test]
    public async Task While_an_agent_owns_the_conversation_an_exact_answer_to_a_reminder_is_classified_and_nothing_is_sent()
    {
        var prompt = Sent(CustomerNumber, AppointmentPrompt(), AppointmentNumber);
        await Router.DeliverAsync(prompt, m => m.Request.MessageId == prompt.Request.MessageId);
        await OwnerChangedAsync(ConversationOwner.People, 1, OwnerChangeReason.AgentReplied);

        var yes = await ReplyAsync("yes");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That((await PublishedFor<ReplyClassified>(yes, m => m.InboundMessageId)).Single().Action, Is.EqualTo("confirm_appointment"));
            Assert.That(await PublishedFor<SendSms>(yes, m => m.InReplyTo), Is.Empty, "no auto-response while a person owns it");
        });
    }

    [Test]
    public async Task Once_the_agent_resolves_the_automation_answers_again()
    {
        await ReplyAsync("Can someone call me?");
        await OwnerChangedAsync(ConversationOwner.People, 1, OwnerChangeReason.Escalated);
        var during = await ReplyAsync("hello?");

        await OwnerChangedAsync(ConversationOwner.Automation, 2, OwnerChangeReason.Resolved);
        var after = await ReplyAsync("one more question");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await PublishedFor<ConversationEscalated>(during, m => m.InboundMessageId), Is.Empty);
            Assert.That(await PublishedFor<ConversationEscalated>(after, m => m.InboundMessageId), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task A_late_older_event_does_not_give_the_conversation_back()
    {
        await OwnerChangedAsync(ConversationOwner.People, 3, OwnerChangeReason.Assigned);
        await OwnerChangedAsync(ConversationOwner.Automation, 2, OwnerChangeReason.Resolved);

        var reply = await ReplyAsync("any news?");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await PublishedFor<ConversationEscalated>(reply, m => m.InboundMessageId), Is.Empty);
            var owner = await Router.Get<OwnershipStore>().GetAsync(CustomerNumber, AppointmentNumber);
            Assert.That(owner.Version, Is.EqualTo(3));
            Assert.That(owner.Agent, Is.EqualTo("sam"));
        });
    }

    [Test]
    public async Task Ownership_is_per_business_number()
    {
        await OwnerChangedAsync(ConversationOwner.People, 1, OwnerChangeReason.Assigned);

        var elsewhere = Accepted(Inbound(CustomerNumber, "hello", PaymentNumber));
        await Router.DeliverAsync(elsewhere, m => m.Message.MessageId == elsewhere.Message.MessageId);

        Assert.That(await PublishedFor<ConversationEscalated>(elsewhere, m => m.InboundMessageId), Has.Count.EqualTo(1));
    }
}
