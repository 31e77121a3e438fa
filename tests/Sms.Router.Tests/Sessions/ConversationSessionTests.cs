using Sms.Router.Sessions;
using static Sms.Router.Tests.Support.Build;

namespace Sms.Router.Tests.Sessions;

public class ConversationSessionTests
{
    private static readonly TimeSpan DefaultTtl = TimeSpan.FromHours(24);

    [Test]
    public void A_sent_prompt_opens_a_session_with_everything_the_reply_needs()
    {
        var sent = Sent("+15559990001", AppointmentPrompt(), from: AppointmentNumber, sentAt: T0);

        var session = ConversationSession.FromSent(sent, DefaultTtl);

        Assert.That(session, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(session!.Id, Is.EqualTo(sent.Request.MessageId));
            Assert.That(session.CustomerNumber, Is.EqualTo("+15559990001"));
            Assert.That(session.BusinessNumber, Is.EqualTo(AppointmentNumber));
            Assert.That(session.SessionType, Is.EqualTo("appointment_reminder"));
            Assert.That(session.CampaignId, Is.EqualTo("appt-2025-04-15"));
            Assert.That(session.Options, Is.EquivalentTo(AppointmentOptions));
            Assert.That(session.AutoResponseFor("confirm_appointment"), Is.EqualTo("Appointment confirmed. See you tomorrow at 10:00."));
            Assert.That(session.Context["appointment_id"], Is.EqualTo("appt-42"));
            Assert.That(session.CreatedAt, Is.EqualTo(T0));
            Assert.That(session.ExpiresAt, Is.EqualTo(T0 + DefaultTtl));
        });
    }

    [Test]
    public void The_business_number_is_the_sender_actually_used()
    {
        var sent = Sent("+15559990001", AppointmentPrompt(), from: "+15550009999");

        Assert.That(ConversationSession.FromSent(sent, DefaultTtl)!.BusinessNumber, Is.EqualTo("+15550009999"));
    }

    [TestCase(90, 90)]
    [TestCase(0, 24 * 60)]
    [TestCase(-5, 24 * 60)]
    public void The_prompts_time_to_live_sets_the_expiry_else_the_default(int promptMinutes, int expectedMinutes)
    {
        var sent = Sent("+15559990001", AppointmentPrompt(TimeSpan.FromMinutes(promptMinutes)), sentAt: T0);

        Assert.That(ConversationSession.FromSent(sent, DefaultTtl)!.ExpiresAt, Is.EqualTo(T0.AddMinutes(expectedMinutes)));
    }

    [Test]
    public void A_message_without_a_prompt_opens_no_session()
    {
        Assert.That(ConversationSession.FromSent(Sent("+15559990001", prompt: null), DefaultTtl), Is.Null);
    }

    [Test]
    public void A_blank_auto_response_counts_as_none()
    {
        var session = Session(AppointmentOptions) with { AutoResponses = new Dictionary<string, string> { ["confirm_appointment"] = " " } };

        Assert.That(session.AutoResponseFor("confirm_appointment"), Is.Null);
    }
}
