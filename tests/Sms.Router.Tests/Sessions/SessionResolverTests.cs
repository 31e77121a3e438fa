using Sms.Router.Sessions;
using static Sms.Router.Tests.Support.Build;

namespace Sms.Router.Tests.Sessions;

public class SessionResolverTests
{
    private static readonly DateTimeOffset Now = T0 + TimeSpan.FromHours(2);

    private readonly SessionResolver _resolver = new(new ReplyNormalizer());

    // An appointment reminder (YES/NO) at 09:00 and a payment reminder (1/2) an hour later.
    private static readonly ConversationSession AppointmentOnItsNumber = Session(AppointmentOptions, AppointmentNumber, T0, sessionType: "appointment_reminder");
    private static readonly ConversationSession PaymentOnItsNumber = Session(PaymentOptions, PaymentNumber, T0.AddHours(1), sessionType: "payment_reminder");
    private static readonly ConversationSession AppointmentOnSharedNumber = Session(AppointmentOptions, AppointmentNumber, T0, sessionType: "appointment_reminder");
    private static readonly ConversationSession PaymentOnSharedNumber = Session(PaymentOptions, AppointmentNumber, T0.AddHours(1), sessionType: "payment_reminder");

    [TestCase("yes", "YES", "confirm_appointment")]
    [TestCase(" Yes! ", "YES", "confirm_appointment")]
    [TestCase("y", "YES", "confirm_appointment")]
    [TestCase("yeah", "YES", "confirm_appointment")]
    [TestCase("OK", "YES", "confirm_appointment")]
    [TestCase("👍", "YES", "confirm_appointment")]
    [TestCase("no", "NO", "reschedule_request")]
    [TestCase("Nope.", "NO", "reschedule_request")]
    public void A_reply_matches_the_option_it_names(string reply, string option, string action)
    {
        var match = _resolver.Resolve(reply, AppointmentNumber, [AppointmentOnItsNumber], Now);

        Assert.That(match, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(match!.Session, Is.SameAs(AppointmentOnItsNumber));
            Assert.That(match.MatchedOption, Is.EqualTo(option));
            Assert.That(match.Action, Is.EqualTo(action));
            Assert.That(match.Ambiguous, Is.False);
        });
    }

    [TestCase("1", "1", "pay_now")]
    [TestCase("1.", "1", "pay_now")]
    [TestCase("#1", "1", "pay_now")]
    [TestCase("option 2", "2", "payment_plan")]
    [TestCase("Option #2!", "2", "payment_plan")]
    [TestCase("2️⃣", "2", "payment_plan")]
    public void A_numbered_reply_matches_its_number(string reply, string option, string action)
    {
        var match = _resolver.Resolve(reply, PaymentNumber, [PaymentOnItsNumber], Now);

        Assert.That(match, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(match!.MatchedOption, Is.EqualTo(option));
            Assert.That(match.Action, Is.EqualTo(action));
        });
    }

    [TestCase("one", "1", "pay_now")]
    [TestCase("Two!", "2", "payment_plan")]
    [TestCase("option one", "1", "pay_now")]
    [TestCase("Option 1.", "1", "pay_now")]
    [TestCase("# 2", "2", "payment_plan")]
    public void A_number_word_matches_its_number(string reply, string option, string action)
    {
        var match = _resolver.Resolve(reply, PaymentNumber, [PaymentOnItsNumber], Now);

        Assert.That(match, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(match!.MatchedOption, Is.EqualTo(option));
            Assert.That(match.Action, Is.EqualTo(action));
        });
    }

    [TestCase("yeahh", "YES", "confirm_appointment")]
    [TestCase("confrim", "YES", "confirm_appointment")]
    [TestCase("Okya!", "YES", "confirm_appointment")]
    [TestCase("nopee", "NO", "reschedule_request")]
    [TestCase("noep", "NO", "reschedule_request")]
    public void A_reply_one_typo_from_a_synonym_matches_its_option(string reply, string option, string action)
    {
        var match = _resolver.Resolve(reply, AppointmentNumber, [AppointmentOnItsNumber], Now);

        Assert.That(match, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(match!.MatchedOption, Is.EqualTo(option));
            Assert.That(match.Action, Is.EqualTo(action));
            Assert.That(match.Strength, Is.EqualTo(MatchStrength.Typo));
        });
    }

    [TestCase("cancle", "CANCEL")]
    [TestCase("CANCELL", "CANCEL")]
    [TestCase("resceduled", "RESCHEDULED")]
    [TestCase("later", "LATER")]
    public void A_reply_one_typo_from_a_written_option_matches_it(string reply, string option)
    {
        var session = Session(new Dictionary<string, string> { ["CANCEL"] = "cancel", ["RESCHEDULED"] = "reschedule", ["LATER"] = "later" });

        Assert.That(_resolver.Resolve(reply, AppointmentNumber, [session], Now)?.MatchedOption, Is.EqualTo(option));
    }

    [TestCase("yess")]
    [TestCase("noo")]
    [TestCase("yse")]
    [TestCase("nope nope")]
    public void Short_words_forgive_no_typo(string reply)
    {
        Assert.That(_resolver.Resolve(reply, AppointmentNumber, [AppointmentOnItsNumber], Now), Is.Null);
    }

    [Test]
    public void A_synonym_match_outranks_a_more_recent_typo_match()
    {
        var synonym = Session(new Dictionary<string, string> { ["YES"] = "confirm" }, AppointmentNumber, T0, sessionType: "synonym");
        var typo = Session(new Dictionary<string, string> { ["SURF"] = "surf" }, AppointmentNumber, T0.AddHours(1), sessionType: "typo");

        var match = _resolver.Resolve("sure", AppointmentNumber, [synonym, typo], Now);

        Assert.Multiple(() =>
        {
            Assert.That(match!.Session, Is.SameAs(synonym));
            Assert.That(match.Strength, Is.EqualTo(MatchStrength.Synonym));
        });
    }

    [TestCase("maybe")]
    [TestCase("3")]
    [TestCase("Can you call me instead?")]
    [TestCase("yes please")]
    [TestCase("")]
    [TestCase("!!!")]
    public void A_reply_no_option_accepts_matches_nothing(string reply)
    {
        Assert.That(_resolver.Resolve(reply, AppointmentNumber, [AppointmentOnItsNumber, PaymentOnSharedNumber], Now), Is.Null);
    }

    [TestCase("1", PaymentNumber, "payment_reminder", "pay_now")]
    [TestCase("2", PaymentNumber, "payment_reminder", "payment_plan")]
    [TestCase("YES", PaymentNumber, "appointment_reminder", "confirm_appointment")]
    [TestCase("YES", AppointmentNumber, "appointment_reminder", "confirm_appointment")]
    [TestCase("1", AppointmentNumber, "payment_reminder", "pay_now")]
    [TestCase("no", AppointmentNumber, "appointment_reminder", "reschedule_request")]
    public void Two_reminders_on_two_numbers_each_take_their_own_replies(string reply, string repliedTo, string sessionType, string action)
    {
        var match = _resolver.Resolve(reply, repliedTo, [AppointmentOnItsNumber, PaymentOnItsNumber], Now);

        Assert.That(match, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(match!.Session.SessionType, Is.EqualTo(sessionType));
            Assert.That(match.Action, Is.EqualTo(action));
            Assert.That(match.Ambiguous, Is.False);
        });
    }

    [TestCase("1", "payment_reminder", "pay_now")]
    [TestCase("option 2", "payment_reminder", "payment_plan")]
    [TestCase("YES", "appointment_reminder", "confirm_appointment")]
    [TestCase("y", "appointment_reminder", "confirm_appointment")]
    [TestCase("NO", "appointment_reminder", "reschedule_request")]
    public void Two_reminders_on_one_number_each_take_their_own_replies(string reply, string sessionType, string action)
    {
        var match = _resolver.Resolve(reply, AppointmentNumber, [AppointmentOnSharedNumber, PaymentOnSharedNumber], Now);

        Assert.That(match, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(match!.Session.SessionType, Is.EqualTo(sessionType));
            Assert.That(match.Action, Is.EqualTo(action));
            Assert.That(match.Ambiguous, Is.False);
        });
    }

    [Test]
    public void When_both_reminders_accept_the_reply_the_most_recent_wins_and_the_match_is_ambiguous()
    {
        var appointment = Session(new Dictionary<string, string> { ["1"] = "confirm_appointment", ["YES"] = "confirm_appointment" }, AppointmentNumber, T0, sessionType: "appointment_reminder");
        var payment = Session(PaymentOptions, AppointmentNumber, T0.AddHours(1), sessionType: "payment_reminder");

        var match = _resolver.Resolve("1", AppointmentNumber, [appointment, payment], Now);

        Assert.That(match, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(match!.Session, Is.SameAs(payment));
            Assert.That(match.Action, Is.EqualTo("pay_now"));
            Assert.That(match.Ambiguous, Is.True);
        });
    }

    [Test]
    public void The_most_recent_wins_whatever_order_the_sessions_come_in()
    {
        var older = Session(PaymentOptions, AppointmentNumber, T0, sessionType: "older");
        var newer = Session(PaymentOptions, AppointmentNumber, T0.AddMinutes(5), sessionType: "newer");

        var forwards = _resolver.Resolve("1", AppointmentNumber, [older, newer], Now);
        var backwards = _resolver.Resolve("1", AppointmentNumber, [newer, older], Now);

        Assert.Multiple(() =>
        {
            Assert.That(forwards!.Session, Is.SameAs(newer));
            Assert.That(backwards!.Session, Is.SameAs(newer));
            Assert.That(forwards.Ambiguous, Is.True);
        });
    }

    [Test]
    public void A_session_on_the_number_replied_to_outranks_a_more_recent_one_on_another_number()
    {
        var appointment = Session(new Dictionary<string, string> { ["1"] = "confirm_appointment" }, AppointmentNumber, T0, sessionType: "appointment_reminder");
        var payment = Session(PaymentOptions, PaymentNumber, T0.AddHours(1), sessionType: "payment_reminder");

        var match = _resolver.Resolve("1", AppointmentNumber, [appointment, payment], Now);

        Assert.Multiple(() =>
        {
            Assert.That(match!.Session, Is.SameAs(appointment));
            Assert.That(match.Ambiguous, Is.False);
        });
    }

    [Test]
    public void Sessions_on_other_numbers_that_both_accept_are_ambiguous_too()
    {
        var first = Session(PaymentOptions, PaymentNumber, T0, sessionType: "first");
        var second = Session(PaymentOptions, "+15550003000", T0.AddMinutes(1), sessionType: "second");

        var match = _resolver.Resolve("1", AppointmentNumber, [first, second], Now);

        Assert.Multiple(() =>
        {
            Assert.That(match!.Session, Is.SameAs(second));
            Assert.That(match.Ambiguous, Is.True);
        });
    }

    [Test]
    public void The_number_replied_to_is_recognised_however_the_carrier_writes_it()
    {
        var match = _resolver.Resolve("1", "15550001000", [Session(new Dictionary<string, string> { ["1"] = "a" }, AppointmentNumber, T0, sessionType: "mine"), Session(PaymentOptions, PaymentNumber, T0.AddHours(1))], Now);

        Assert.That(match!.Session.SessionType, Is.EqualTo("mine"));
    }

    [Test]
    public void An_expired_session_never_matches()
    {
        var expired = Session(PaymentOptions, PaymentNumber, T0, TimeSpan.FromHours(1));

        Assert.That(_resolver.Resolve("1", PaymentNumber, [expired], Now), Is.Null);
    }

    [Test]
    public void A_session_stops_accepting_at_its_expiry()
    {
        var session = Session(PaymentOptions, PaymentNumber, T0, TimeSpan.FromHours(2));

        Assert.Multiple(() =>
        {
            Assert.That(_resolver.Resolve("1", PaymentNumber, [session], session.ExpiresAt.AddTicks(-1)), Is.Not.Null);
            Assert.That(_resolver.Resolve("1", PaymentNumber, [session], session.ExpiresAt), Is.Null);
        });
    }

    [Test]
    public void An_expired_more_recent_session_gives_way_to_an_open_older_one()
    {
        var open = Session(new Dictionary<string, string> { ["1"] = "confirm_appointment" }, AppointmentNumber, T0, sessionType: "open");
        var expired = Session(PaymentOptions, AppointmentNumber, T0.AddHours(1), TimeSpan.FromMinutes(30), sessionType: "expired");

        var match = _resolver.Resolve("1", AppointmentNumber, [open, expired], Now);

        Assert.Multiple(() =>
        {
            Assert.That(match!.Session, Is.SameAs(open));
            Assert.That(match.Ambiguous, Is.False);
        });
    }

    [Test]
    public void An_expired_session_on_the_number_replied_to_does_not_hold_back_an_open_one_elsewhere()
    {
        var expired = Session(PaymentOptions, AppointmentNumber, T0, TimeSpan.FromMinutes(30));
        var open = Session(PaymentOptions, PaymentNumber, T0, sessionType: "open");

        Assert.That(_resolver.Resolve("1", AppointmentNumber, [expired, open], Now)!.Session, Is.SameAs(open));
    }

    [Test]
    public void The_matched_option_is_reported_as_the_prompt_wrote_it()
    {
        var session = Session(new Dictionary<string, string> { ["Yes"] = "confirm_appointment", ["Option 2"] = "reschedule_request" });

        Assert.Multiple(() =>
        {
            Assert.That(_resolver.Resolve("YES!", AppointmentNumber, [session], Now)!.MatchedOption, Is.EqualTo("Yes"));
            Assert.That(_resolver.Resolve("2", AppointmentNumber, [session], Now)!.MatchedOption, Is.EqualTo("Option 2"));
        });
    }

    [Test]
    public void An_option_written_as_a_synonym_accepts_the_word_it_stands_for()
    {
        var session = Session(new Dictionary<string, string> { ["Y"] = "confirm_appointment", ["N"] = "reschedule_request" });

        var match = _resolver.Resolve("yes", AppointmentNumber, [session], Now);

        Assert.Multiple(() =>
        {
            Assert.That(match!.MatchedOption, Is.EqualTo("Y"));
            Assert.That(match.Strength, Is.EqualTo(MatchStrength.Synonym));
        });
    }

    [Test]
    public void A_reply_naming_an_option_literally_outranks_a_more_recent_synonym_match()
    {
        var literal = Session(new Dictionary<string, string> { ["OK"] = "acknowledge" }, AppointmentNumber, T0, sessionType: "literal");
        var synonym = Session(AppointmentOptions, AppointmentNumber, T0.AddHours(1), sessionType: "synonym");

        var match = _resolver.Resolve("ok", AppointmentNumber, [literal, synonym], Now);

        Assert.Multiple(() =>
        {
            Assert.That(match!.Session, Is.SameAs(literal));
            Assert.That(match.Strength, Is.EqualTo(MatchStrength.Exact));
            Assert.That(match.Ambiguous, Is.False);
        });
    }

    [Test]
    public void Within_one_prompt_the_literal_option_wins_over_a_synonym()
    {
        var session = Session(new Dictionary<string, string> { ["YES"] = "confirm", ["OK"] = "acknowledge" });

        Assert.That(_resolver.Resolve("ok", AppointmentNumber, [session], Now)!.Action, Is.EqualTo("acknowledge"));
    }

    [Test]
    public void No_sessions_no_match()
    {
        Assert.That(_resolver.Resolve("yes", AppointmentNumber, [], Now), Is.Null);
    }
}
