using System.Net;
using Sms.Outbound.Carriers;
using Sms.Outbound.Carriers.Twilio;

namespace Sms.Outbound.Tests.Carriers;

/// <summary>How every Twilio answer is classified. Pure.</summary>
public class TwilioSmsResponseTests
{
    private static CarrierSendResult Classify(int status, string body) =>
        TwilioSmsResponse.Classify(new CarrierAnswer((HttpStatusCode)status, "", body));

    [TestCase(400, 21610, false, "Unsubscribed recipient")]
    [TestCase(400, 21211, false, "Invalid 'To' phone number")]
    [TestCase(400, 21604, false, "A 'To' phone number is required")]
    [TestCase(400, 21602, false, "Message body is required")]
    [TestCase(401, 20003, false, "Authentication failed")]
    [TestCase(404, 20404, false, "Not found")]
    [TestCase(400, 21617, false, "exceeds 1600")]
    [TestCase(400, 12345, false, "Twilio error 12345")]
    public void A_4xx_is_final_with_the_twilio_code_and_its_meaning(int status, int code, bool retryable, string meaning)
    {
        var error = ((CarrierSendResult.Failed)Classify(status, $$"""{"code":{{code}},"message":"carrier text","status":{{status}}}""")).Error;
        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo(code.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(error.Reason, Does.Contain(meaning).And.Contain("carrier text"));
            Assert.That(error.Retryable, Is.EqualTo(retryable));
        });
    }

    [Test]
    public void Error_20429_is_throttling_and_retryable()
    {
        var error = ((CarrierSendResult.Failed)Classify(400, """{"code":20429,"message":"Too Many Requests","status":429}""")).Error;
        Assert.Multiple(() =>
        {
            Assert.That(error.Retryable, Is.True);
            Assert.That(error.Throttled, Is.True);
        });
    }

    [TestCase("")]
    [TestCase("<html>Bad Request</html>")]
    public void A_4xx_without_an_error_body_is_final_and_names_the_http_status(string body)
    {
        var error = ((CarrierSendResult.Failed)Classify(400, body)).Error;
        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.Null);
            Assert.That(error.Reason, Does.Contain("HTTP 400"));
            Assert.That(error.Retryable, Is.False);
        });
    }

    [Test]
    public void A_201_with_a_sid_is_accepted() =>
        Assert.That(((CarrierSendResult.Accepted)Classify(201, """{"sid":"SM1","status":"queued","num_segments":"3"}""")).ProviderMessageIds,
            Is.EqualTo(new[] { "SM1" }));

    [TestCase("{}")]
    [TestCase("not json")]
    public void A_2xx_without_a_sid_is_an_unknown_outcome(string body) =>
        Assert.That(Classify(201, body), Is.InstanceOf<CarrierSendResult.OutcomeUnknown>());

    [Test]
    public void The_segment_count_is_read_from_a_string_or_a_number() =>
        Assert.Multiple(() =>
        {
            Assert.That(TwilioSmsResponse.Segments("""{"sid":"SM1","num_segments":"3"}"""), Is.EqualTo(3));
            Assert.That(TwilioSmsResponse.Segments("""{"sid":"SM1","num_segments":2}"""), Is.EqualTo(2));
            Assert.That(TwilioSmsResponse.Segments("""{"sid":"SM1"}"""), Is.Null);
        });
}
