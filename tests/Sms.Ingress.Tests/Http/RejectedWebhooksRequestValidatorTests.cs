using Sms.Ingress.Http;

namespace Sms.Ingress.Tests.Http;

public sealed class RejectedWebhooksRequestValidatorTests
{
    [TestCase(null, 1000, 50, Description = "the default")]
    [TestCase(null, 3, 3, Description = "the default, capped by what is kept")]
    [TestCase("1", 1000, 1)]
    [TestCase("1000", 1000, 1000)]
    [TestCase("007", 1000, 7)]
    public void A_whole_number_within_what_is_kept_is_the_limit(string? limit, int kept, int expected)
    {
        Assert.That(RejectedWebhooksRequestValidator.Limit(limit, kept), Is.EqualTo(expected));
    }

    [TestCase("0")]
    [TestCase("1001")]
    [TestCase("-1")]
    [TestCase("+5")]
    [TestCase(" 5")]
    [TestCase("ten")]
    [TestCase("")]
    [TestCase("99999999999")]
    public void Anything_else_is_refused_saying_what_is_allowed(string limit)
    {
        Assert.Multiple(() =>
        {
            Assert.That(RejectedWebhooksRequestValidator.Limit(limit, 1000), Is.Null);
            Assert.That(RejectedWebhooksRequestValidator.LimitError(1000), Is.EqualTo("Must be between 1 and 1000."));
        });
    }
}
