using Sms.Outbound.Carriers;
using Sms.Outbound.Carriers.Vonage;

namespace Sms.Outbound.Tests.Carriers;

public class VonageSmsResponseTests
{
    private const string SinglePart = """
        {"message-count":"1","messages":[{"to":"447700900000","message-id":"0A0000000123ABCD1",
         "status":"0","remaining-balance":"3.14159265","message-price":"0.03330000",
         "network":"12345","client-ref":"my-ref","account-ref":"customer1234"}]}
        """;

    private const string TwoParts = """
        {"message-count":"2","messages":[
         {"to":"447700900000","message-id":"0A0000000123ABCD1","status":"0","remaining-balance":"3.1","message-price":"0.0333","network":"12345"},
         {"to":"447700900000","message-id":"0A0000000123ABCD2","status":"0","remaining-balance":"3.0","message-price":"0.0333","network":"12345"}]}
        """;

    [Test]
    public void Reads_every_field_of_a_single_part_answer()
    {
        var response = VonageSmsResponse.Parse(SinglePart);

        Assert.That(response.Parts, Is.EqualTo(new[]
        {
            new VonageSmsPart("0", "0A0000000123ABCD1", null, "447700900000", "my-ref", "3.14159265", "0.03330000", "12345"),
        }));
    }

    [Test]
    public void A_single_accepted_part_is_a_send_with_its_id()
    {
        var result = VonageSmsResponse.Parse(SinglePart).Classify();

        Assert.That(result, Is.TypeOf<CarrierSendResult.Accepted>());
        var accepted = (CarrierSendResult.Accepted)result;
        Assert.Multiple(() =>
        {
            Assert.That(accepted.ProviderMessageIds, Is.EqualTo(new[] { "0A0000000123ABCD1" }));
            Assert.That(accepted.RejectedParts, Is.Empty);
        });
    }

    [Test]
    public void A_multipart_answer_gives_every_part_id_in_order()
    {
        var result = (CarrierSendResult.Accepted)VonageSmsResponse.Parse(TwoParts).Classify();

        Assert.That(result.ProviderMessageIds, Is.EqualTo(new[] { "0A0000000123ABCD1", "0A0000000123ABCD2" }));
    }

    [Test]
    public void An_error_element_is_a_failure_with_the_code_its_meaning_and_the_carrier_text()
    {
        var result = VonageSmsResponse.Parse("""{"message-count":"1","messages":[{"status":"4","error-text":"invalid credentials"}]}""").Classify();

        Assert.That(result, Is.EqualTo(new CarrierSendResult.Failed(new CarrierError(
            "4", "Invalid credentials: the API key or secret is incorrect, invalid or disabled (carrier: invalid credentials)", false))));
    }

    [Test]
    public void A_throttled_answer_is_a_retryable_failure()
    {
        var result = VonageSmsResponse.Parse("""{"message-count":"1","messages":[{"status":"1","error-text":"Throughput Rate Exceeded - please wait [ 250 ] and retry"}]}""").Classify();

        Assert.That(result, Is.TypeOf<CarrierSendResult.Failed>());
        var error = ((CarrierSendResult.Failed)result).Error;
        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo("1"));
            Assert.That(error.Retryable, Is.True);
            Assert.That(error.Throttled, Is.True);
            Assert.That(error.Reason, Does.StartWith("Throttled"));
        });
    }

    [Test]
    public void An_error_without_text_gives_the_meaning_alone()
    {
        var result = (CarrierSendResult.Failed)VonageSmsResponse.Parse("""{"messages":[{"status":"7"}]}""").Classify();

        Assert.That(result.Error.Reason, Is.EqualTo("Number barred: the destination is on the blocked list"));
    }

    [TestCase("99")]
    [TestCase("")]
    [TestCase(" x ")]
    public void An_unknown_status_is_a_permanent_failure_that_says_it_is_unknown(string status)
    {
        var result = (CarrierSendResult.Failed)VonageSmsResponse.Parse($$"""{"messages":[{"status":"{{status}}"}]}""").Classify();

        Assert.That(result.Error, Is.EqualTo(new CarrierError(status.Trim(), $"Unknown Vonage status '{status.Trim()}'", Retryable: false)));
    }

    [Test]
    public void A_mixed_answer_counts_as_sent_with_the_accepted_ids_and_names_the_refused_parts()
    {
        var result = VonageSmsResponse.Parse("""
            {"message-count":"3","messages":[
             {"to":"447700900000","message-id":"ID-1","status":"0"},
             {"status":"5","error-text":"internal error"},
             {"to":"447700900000","message-id":"ID-3","status":"0"}]}
            """).Classify();

        Assert.That(result, Is.TypeOf<CarrierSendResult.Accepted>());
        var accepted = (CarrierSendResult.Accepted)result;
        Assert.Multiple(() =>
        {
            Assert.That(accepted.ProviderMessageIds, Is.EqualTo(new[] { "ID-1", "ID-3" }));
            Assert.That(accepted.RejectedParts.Select(p => p.Code), Is.EqualTo(new[] { "5" }));
        });
    }

    [Test]
    public void A_status_sent_as_a_number_is_still_understood()
    {
        var result = VonageSmsResponse.Parse("""{"messages":[{"status":0,"message-id":"ID-1"}]}""").Classify();

        Assert.That(((CarrierSendResult.Accepted)result).ProviderMessageIds, Is.EqualTo(new[] { "ID-1" }));
    }

    [Test]
    public void An_answer_with_no_elements_leaves_the_outcome_unknown()
    {
        var result = VonageSmsResponse.Parse("""{"message-count":"0","messages":[]}""").Classify();

        Assert.That(result, Is.TypeOf<CarrierSendResult.OutcomeUnknown>());
    }

    [TestCase("")]
    [TestCase("<html>Bad gateway</html>")]
    [TestCase("""{"message-count":"1"}""")]
    [TestCase("""{"messages":{}}""")]
    [TestCase("""{"messages":["0"]}""")]
    [TestCase("""{"messages":[{"message-id":"ID-1"}]}""")]
    [TestCase("[]")]
    public void An_answer_of_another_shape_is_a_format_error(string body)
    {
        Assert.Throws<FormatException>(() => VonageSmsResponse.Parse(body));
    }
}
