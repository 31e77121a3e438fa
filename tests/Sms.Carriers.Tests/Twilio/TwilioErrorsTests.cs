using Sms.Carriers.Twilio;

namespace Sms.Carriers.Tests.Twilio;

public class TwilioErrorsTests
{
    [TestCase("21610", false)]
    [TestCase(" 20429 ", true)]
    [TestCase("21211", false)]
    [TestCase("30007", false)]
    public void Known_codes_are_found_with_whether_to_retry(string code, bool retryable)
    {
        var info = TwilioErrors.Find(code);
        Assert.That(info, Is.Not.Null);
        Assert.That(info!.Retryable, Is.EqualTo(retryable));
    }

    [TestCase("99999")]
    [TestCase("abc")]
    [TestCase("")]
    [TestCase(null)]
    public void Unknown_codes_are_not_found(string? code) => Assert.That(TwilioErrors.Find(code), Is.Null);

    [Test]
    public void The_messages_path_names_the_account() =>
        Assert.That(TwilioApi.MessagesPath("AC123"), Is.EqualTo("2010-04-01/Accounts/AC123/Messages.json"));
}
