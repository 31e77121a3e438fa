using Sms.Router.Http;

namespace Sms.Router.Tests.Http;

public class SessionListRequestValidatorTests
{
    [TestCase("+447700900001", "+447700900001")]
    [TestCase("447700900001", "+447700900001")]
    [TestCase("0044 7700 900001", "+447700900001")]
    [TestCase("+1 (555) 999-0001", "+15559990001")]
    public void A_phone_number_in_any_usual_spelling_is_read_as_E164(string given, string expected)
    {
        Assert.That(SessionListRequestValidator.Validate(given), Is.EqualTo(expected));
    }

    [TestCase("hello")]
    [TestCase("12345")]
    [TestCase("+44abc")]
    [TestCase("")]
    public void Something_that_is_not_a_phone_number_is_refused(string given)
    {
        Assert.That(SessionListRequestValidator.Validate(given), Is.Null);
    }
}
