using Sms.Carriers.Vonage;

namespace Sms.Carriers.Tests.Vonage;

public sealed class VonageStatusTests
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
        var status = VonageStatus.Find(code);

        Assert.That(status, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(status!.Code.ToString(System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(code));
            Assert.That(status.Retryable, Is.EqualTo(retryable));
            Assert.That(status.Meaning, Does.StartWith(meaning));
        });
    }

    [Test]
    public void The_table_holds_exactly_the_documented_codes()
    {
        int[] documented = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 17, 22, 23, 29, 32, 33];

        Assert.That(VonageStatus.All.Keys, Is.EquivalentTo(documented));
    }

    [Test]
    public void Only_throttling_internal_error_and_too_many_binds_are_retryable()
    {
        var retryable = VonageStatus.All.Values.Where(s => s.Retryable).Select(s => s.Code);

        Assert.That(retryable, Is.EquivalentTo(new[] { VonageStatus.Throttled, VonageStatus.InternalError, VonageStatus.TooManyExistingBinds }));
    }

    [TestCase(VonageStatus.Throttled, "Throughput Rate Exceeded - please wait [ 250 ] and retry")]
    [TestCase(VonageStatus.InvalidCredentials, "Bad Credentials")]
    [TestCase(VonageStatus.InternalError, "Internal Error")]
    [TestCase(VonageStatus.PartnerQuotaViolation, "Partner quota violation")]
    [TestCase(VonageStatus.InvalidSenderAddress, "Illegal Sender Address - rejected")]
    [TestCase(VonageStatus.SignatureAndSecret, "Signature and api secret disallowed")]
    public void Every_code_has_the_error_text_Vonage_sends_with_it(int code, string text)
    {
        Assert.That(VonageStatus.All[code].ErrorText, Is.EqualTo(text));
    }

    [Test]
    public void Success_is_code_zero()
    {
        Assert.Multiple(() =>
        {
            Assert.That(VonageStatus.Find("0")!.Meaning, Does.StartWith("Success"));
            Assert.That(VonageStatus.IsSuccess("0"), Is.True);
            Assert.That(VonageStatus.IsSuccess("4"), Is.False);
        });
    }

    [TestCase("99")]
    [TestCase("")]
    [TestCase(null)]
    [TestCase("01")]
    [TestCase("x")]
    public void An_undocumented_code_is_not_in_the_table(string? code)
    {
        Assert.Multiple(() =>
        {
            Assert.That(VonageStatus.Find(code), Is.Null);
            Assert.That(VonageStatus.IsSuccess(code), Is.False);
        });
    }

    [Test]
    public void A_code_with_surrounding_spaces_is_still_recognised()
    {
        Assert.That(VonageStatus.Find(" 1 ")!.Retryable, Is.True);
    }
}
