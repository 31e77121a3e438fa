using System.ComponentModel.DataAnnotations;
using Sms.Router.Extensions;

namespace Sms.Router.Tests.Extensions;

public class RouterOptionsTests
{
    [Test]
    public void The_defaults_are_a_day_long_session_and_the_standard_acknowledgement()
    {
        var options = new RouterOptions();

        Assert.Multiple(() =>
        {
            Assert.That(options.DefaultSessionTtl, Is.EqualTo(TimeSpan.FromHours(24)));
            Assert.That(options.Acknowledgement, Is.EqualTo("Thanks for your message. A team member will follow up shortly."));
            Assert.That(options.ExpiredSessionRetention, Is.EqualTo(TimeSpan.Zero), "a session's key expires with it");
            Assert.That(Validate(options), Is.Empty);
        });
    }

    [Test]
    public void A_session_that_never_waits_is_refused()
    {
        Assert.That(Validate(new RouterOptions { DefaultSessionTtl = TimeSpan.Zero }), Has.Some.Contains(nameof(RouterOptions.DefaultSessionTtl)));
    }

    [TestCase("")]
    [TestCase(null)]
    public void An_empty_acknowledgement_is_refused(string? text)
    {
        Assert.That(Validate(new RouterOptions { Acknowledgement = text! }), Has.Some.Contains(nameof(RouterOptions.Acknowledgement)));
    }

    [Test]
    public void A_negative_retention_is_refused()
    {
        Assert.That(Validate(new RouterOptions { ExpiredSessionRetention = TimeSpan.FromMinutes(-1) }), Has.Some.Contains(nameof(RouterOptions.ExpiredSessionRetention)));
    }

    private static List<string> Validate(RouterOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.SelectMany(r => r.MemberNames).ToList();
    }
}
