using System.Text.Json;
using Sms.CarrierSimulator.SmsApi;
using Sms.Carriers.Segments;

namespace Sms.CarrierSimulator.Tests.SmsApi;

public sealed class SmsApiResponsesTests
{
    private static SmsSubmission Submission(int segments, string? clientRef) =>
        new("15550100000", "447700900001", "Hi", "text", clientRef, null, true, SmsTextEncoding.Gsm7, segments);

    [Test]
    public void A_rejection_is_one_element_with_status_and_error_text_only()
    {
        var json = JsonSerializer.Serialize(SmsApiResponses.Rejected(4, "Bad Credentials"));

        Assert.That(json, Is.EqualTo("""{"message-count":"1","messages":[{"status":"4","error-text":"Bad Credentials"}]}"""));
    }

    [Test]
    public void An_acceptance_has_one_element_per_part_with_vonage_field_names_and_string_values()
    {
        var response = SmsApiResponses.Accepted(Submission(2, "ref-7"), ["AAAA000000000001", "AAAA000000000002"], [99.9667m, 99.9334m], 0.0333m, "23410");

        var json = JsonSerializer.Serialize(response);

        Assert.That(json, Is.EqualTo(
            """{"message-count":"2","messages":[""" +
            """{"to":"447700900001","message-id":"AAAA000000000001","status":"0","remaining-balance":"99.96670000","message-price":"0.03330000","network":"23410","client-ref":"ref-7"},""" +
            """{"to":"447700900001","message-id":"AAAA000000000002","status":"0","remaining-balance":"99.93340000","message-price":"0.03330000","network":"23410","client-ref":"ref-7"}]}"""));
    }

    [Test]
    public void An_acceptance_without_client_ref_leaves_the_field_out()
    {
        var json = JsonSerializer.Serialize(SmsApiResponses.Accepted(Submission(1, null), ["B"], [1m], 0.0333m, "23410"));

        Assert.That(json, Does.Not.Contain("client-ref"));
    }

    [Test]
    public void An_acceptance_needs_one_message_id_per_part()
    {
        Assert.That(() => SmsApiResponses.Accepted(Submission(2, null), ["only-one"], [1m], 0.0333m, "23410"), Throws.ArgumentException);
    }

    [TestCase(1, "Throughput Rate Exceeded - please wait [ 250 ] and retry")]
    [TestCase(4, "Bad Credentials")]
    [TestCase(5, "Internal Error")]
    [TestCase(9, "Partner quota violation")]
    [TestCase(15, "Illegal Sender Address - rejected")]
    [TestCase(98, "Simulated failure")]
    public void Every_status_has_an_error_text(int status, string text)
    {
        Assert.That(SmsApiResponses.ErrorText(status), Is.EqualTo(text));
    }
}
