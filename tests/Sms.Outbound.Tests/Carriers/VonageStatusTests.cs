using Sms.Outbound.Carriers.Vonage;

namespace Sms.Outbound.Tests.Carriers;

public class VonageStatusTests
{
    [TestCase("1", true, "Throttled")]
    [TestCase("2", false, "Missing parameters")]
    [TestCase("3", false, "Invalid parameters")]
    [TestCase("4", false, "Invalid credentials")]
    [TestCase("5", true, "Internal error")]
    [TestCase("6", false, "Invalid message")]
    [TestCase("7", false, "Number barred")]
    [TestCase("8", false, "Partner account barred")]
    [TestCase("9", false, "Partner quota violation")]
    [TestCase("10", true, "Too many existing binds")]
    [TestCase("11", false, "Account not enabled for HTTP")]
    [TestCase("12", false, "Message too long")]
    [TestCase("14", false, "Invalid signature")]
    [TestCase("15", false, "Invalid sender address")]
    [TestCase("17", false, "Message blocked by provider")]
    [TestCase("22", false, "Invalid network code")]
    [TestCase("23", false, "Invalid callback URL")]
    [TestCase("29", false, "Non-whitelisted destination")]
    [TestCase("32", false, "Signature and api_secret both supplied")]
    [TestCase("33", false, "Number de-activated")]
    public void Every_documented_error_code_has_its_meaning_and_retry_rule(string code, bool retryable, string meaning)
    {
        var status = VonageStatus.Describe(code);

        Assert.Multiple(() =>
        {
            Assert.That(status.Code, Is.EqualTo(code));
            Assert.That(status.Retryable, Is.EqualTo(retryable));
            Assert.That(status.Meaning, Does.StartWith(meaning));
        });
    }

    [Test]
    public void The_table_holds_exactly_the_documented_codes()
    {
        string[] documented = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "14", "15", "17", "22", "23", "29", "32", "33"];

        Assert.That(VonageStatus.All.Keys, Is.EquivalentTo(documented));
    }

    [Test]
    public void Only_throttling_internal_error_and_too_many_binds_are_retryable()
    {
        var retryable = VonageStatus.All.Values.Where(s => s.Retryable).Select(s => s.Code);

        Assert.That(retryable, Is.EquivalentTo(new[] { "1", "5", "10" }));
    }

    [Test]
    public void Success_is_code_zero()
    {
        Assert.That(VonageStatus.Describe(VonageStatus.Success).Meaning, Does.StartWith("Success"));
    }

    [TestCase("99")]
    [TestCase("")]
    [TestCase(null)]
    public void An_unknown_code_is_permanent_and_says_it_is_unknown(string? code)
    {
        var status = VonageStatus.Describe(code);

        Assert.Multiple(() =>
        {
            Assert.That(status.Retryable, Is.False);
            Assert.That(status.Meaning, Does.StartWith("Unknown Vonage status"));
        });
    }

    [Test]
    public void A_code_with_surrounding_spaces_is_still_recognised()
    {
        Assert.That(VonageStatus.Describe(" 1 ").Retryable, Is.True);
    }
}
