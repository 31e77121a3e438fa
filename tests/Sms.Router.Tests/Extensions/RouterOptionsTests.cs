using System.ComponentModel.DataAnnotations;
using Sms.Router.Extensions;

namespace Sms.Router.Tests.Extensions;

public class RouterOptionsTests
{
    [Test]
    public void The_defaults_are_a_day_long_session_and_a_week_long_limit_on_people_owning_a_conversation()
    {
        var options = new RouterOptions();

        Assert.Multiple(() =>
        {
            Assert.That(options.DefaultSessionTtl, Is.EqualTo(TimeSpan.FromHours(24)));
            Assert.That(options.Handoff.PeopleOwnershipLimit, Is.EqualTo(TimeSpan.FromDays(7)));
            Assert.That(options.ExpiredSessionRetention, Is.EqualTo(TimeSpan.Zero), "a session's key expires with it");
            Assert.That(Validate(options), Is.Empty);
        });
    }

    [Test]
    public void A_session_that_never_waits_is_refused()
    {
        Assert.That(Validate(new RouterOptions { DefaultSessionTtl = TimeSpan.Zero }), Has.Some.Contains(nameof(RouterOptions.DefaultSessionTtl)));
    }

    [Test]
    public void A_limit_on_people_owning_a_conversation_that_is_not_positive_is_refused()
    {
        Assert.That(Validate(new RouterOptions { Handoff = new HandoffOptions { PeopleOwnershipLimit = TimeSpan.Zero } }), Has.Some.Contains(nameof(RouterOptions.Handoff)));
    }

    [Test]
    public void A_negative_retention_is_refused()
    {
        Assert.That(Validate(new RouterOptions { ExpiredSessionRetention = TimeSpan.FromMinutes(-1) }), Has.Some.Contains(nameof(RouterOptions.ExpiredSessionRetention)));
    }

    [Test]
    public void A_synonym_table_with_a_spelling_under_two_words_is_refused()
    {
        var options = new RouterOptions { Synonyms = new() { ["YES"] = ["k"], ["NO"] = ["K"] } };

        Assert.That(Validate(options), Has.Some.Contains(nameof(RouterOptions.Synonyms)));
    }

    [Test]
    public void A_synonym_table_without_clashes_is_accepted()
    {
        Assert.That(Validate(new RouterOptions { Synonyms = new() { ["YES"] = ["si"], ["NO"] = ["nein"] } }), Is.Empty);
    }

    [Test]
    public void Unrecognised_replies_are_asked_again_twice_with_the_options_by_default()
    {
        var options = new RouterOptions();

        Assert.Multiple(() =>
        {
            Assert.That(options.Clarification, Is.EqualTo("Sorry, we didn't recognize that. Reply {options}."));
            Assert.That(options.MaxClarifications, Is.EqualTo(2));
            Assert.That(options.SessionExpiry.Enabled, Is.True);
            Assert.That(options.Escalation.HumanRequestPhrases, Is.Null, "the built-in list");
        });
    }

    [TestCase(-1)]
    [TestCase(11)]
    public void A_clarification_limit_out_of_range_is_refused(int max)
    {
        Assert.That(Validate(new RouterOptions { MaxClarifications = max }), Has.Some.Contains(nameof(RouterOptions.MaxClarifications)));
    }

    [Test]
    public void An_empty_clarification_is_refused()
    {
        Assert.That(Validate(new RouterOptions { Clarification = "" }), Has.Some.Contains(nameof(RouterOptions.Clarification)));
    }

    [TestCase("", "fraud")]
    [TestCase("fraud", null)]
    [TestCase("fraud", " ")]
    public void A_sensitive_topic_without_a_name_or_keywords_is_refused(string name, string? keyword)
    {
        var topic = new SensitiveTopicOptions { Name = name, Keywords = keyword is null ? [] : [keyword] };
        var options = new RouterOptions { Escalation = new EscalationOptions { SensitiveTopics = [topic] } };

        Assert.That(Validate(options), Has.Some.Contains(nameof(RouterOptions.Escalation)));
    }

    [Test]
    public void A_poller_that_never_waits_is_refused()
    {
        var options = new RouterOptions { SessionExpiry = new SessionExpiryOptions { PollInterval = TimeSpan.Zero } };

        Assert.That(Validate(options), Has.Some.Contains(nameof(RouterOptions.SessionExpiry)));
    }

    private static List<string> Validate(RouterOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.SelectMany(r => r.MemberNames).ToList();
    }
}
