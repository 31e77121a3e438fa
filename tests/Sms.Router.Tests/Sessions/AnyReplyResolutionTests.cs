using Sms.Contracts.Routing;
using Sms.Router.Replies;
using Sms.Router.Sessions;
using static Sms.Router.Tests.Support.Build;

namespace Sms.Router.Tests.Sessions;

/// <summary>A session whose prompt takes any reply (the option <c>*</c>, a flow step asking for comments).</summary>
public class AnyReplyResolutionTests
{
    private static readonly DateTimeOffset Now = T0 + TimeSpan.FromHours(2);

    private static readonly IReadOnlyDictionary<string, string> CommentOptions = new Dictionary<string, string> { ["*"] = "feedback_comment" };

    private readonly SessionResolver _resolver = new(new ReplyNormalizer());

    private static ReplyDecider Decider()
    {
        var normalizer = new ReplyNormalizer();
        return new ReplyDecider(normalizer, new SessionResolver(normalizer));
    }

    [TestCase("It arrived late")]
    [TestCase("yes")]
    [TestCase("42")]
    public void Any_reply_to_its_number_matches(string reply)
    {
        var comments = Session(CommentOptions, AppointmentNumber, T0);

        var match = _resolver.Resolve(reply, AppointmentNumber, [comments], Now);

        Assert.Multiple(() =>
        {
            Assert.That(match?.Session, Is.SameAs(comments));
            Assert.That(match?.MatchedOption, Is.EqualTo("*"));
            Assert.That(match?.Action, Is.EqualTo("feedback_comment"));
            Assert.That(match?.Strength, Is.EqualTo(MatchStrength.AnyReply));
        });
    }

    [Test]
    public void A_reply_to_another_number_is_not_taken()
    {
        var comments = Session(CommentOptions, PaymentNumber, T0);

        Assert.That(_resolver.Resolve("It arrived late", AppointmentNumber, [comments], Now), Is.Null);
    }

    [Test]
    public void A_named_option_of_a_session_on_the_same_number_wins_over_any_reply()
    {
        var appointment = Session(AppointmentOptions, AppointmentNumber, T0);
        var comments = Session(CommentOptions, AppointmentNumber, T0.AddHours(1));

        var match = _resolver.Resolve("yes", AppointmentNumber, [appointment, comments], Now);

        Assert.That(match?.Session, Is.SameAs(appointment));
    }

    [Test]
    public void An_expired_session_takes_nothing()
    {
        var comments = Session(CommentOptions, AppointmentNumber, T0, TimeSpan.FromHours(1));

        Assert.That(_resolver.Resolve("It arrived late", AppointmentNumber, [comments], Now), Is.Null);
    }

    [Test]
    public void Free_text_that_needs_a_person_is_escalated_rather_than_taken()
    {
        var comments = Session(CommentOptions, AppointmentNumber, T0);

        var decision = Decider().Decide(Inbound("+15559990001", "This is a scam, I want my money back", AppointmentNumber, Now), [comments], Now);

        Assert.That(decision, Is.InstanceOf<EscalateReply>().With.Property(nameof(EscalateReply.Reason)).EqualTo(EscalationReason.SensitiveTopic));
    }

    [Test]
    public void A_session_taking_any_reply_is_never_shown_as_an_option_in_a_clarification()
    {
        var mixed = Session(new Dictionary<string, string> { ["YES"] = "confirm", ["*"] = "comment" }, AppointmentNumber, T0);

        Assert.That(ReplyDecider.OptionList(mixed), Is.EqualTo("YES"));
    }
}
