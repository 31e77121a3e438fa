using Sms.Compliance.Http;

namespace Sms.Compliance.Tests.Http;

/// <summary>The consent API's validators, without a server: every problem of a request at once, in a stable order.</summary>
public class ConsentRequestValidatorTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 2, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void An_opt_in_wrong_in_every_field_is_refused_naming_each_field_in_order()
    {
        var refusal = OptInRequestValidator.Validate(
            new OptInRequest(ExpressConsent: false, Evidence: " ", EvidenceMessageId: null, OccurredAt: Now.AddMinutes(1), TimeZone: "Mars/Olympus"),
            idempotencyKey: "not-a-uuid", Now, out var zone);

        Assert.Multiple(() =>
        {
            Assert.That(refusal?.Title, Is.EqualTo("The opt-in cannot be recorded"));
            Assert.That(refusal?.Errors.Keys, Is.EqualTo(new[] { "timeZone", "expressConsent", "evidence", "occurredAt", "Idempotency-Key" }));
            Assert.That(zone, Is.Null);
        });
    }

    [Test]
    public void A_good_opt_in_passes_with_its_time_zone()
    {
        var refusal = OptInRequestValidator.Validate(
            new OptInRequest(ExpressConsent: true, Evidence: "web form, box ticked", EvidenceMessageId: null, OccurredAt: Now, TimeZone: "America/Los_Angeles"),
            idempotencyKey: Guid.NewGuid().ToString(), Now, out var zone);

        Assert.That(refusal, Is.Null);
        Assert.That(zone?.Id, Is.EqualTo("America/Los_Angeles"));
    }

    [TestCase(null, "json")]
    [TestCase("CSV", "csv")]
    [TestCase("json", "json")]
    public void An_export_format_of_csv_or_json_is_taken_in_any_case_and_json_when_absent(string? format, string expected)
    {
        Assert.That(ConsentRequestValidator.ExportFormat(format, out var normalized), Is.Null);
        Assert.That(normalized, Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("xml")]
    public void Another_export_format_is_refused_naming_format(string format)
    {
        Assert.That(ConsentRequestValidator.ExportFormat(format, out _)?.Errors.Keys, Is.EqualTo(new[] { "format" }));
    }

    [Test]
    public void A_number_not_in_E164_is_refused_and_one_in_it_passes()
    {
        Assert.That(ConsentRequestValidator.Number("07700900001")?.Title, Is.EqualTo("Not a phone number"));
        Assert.That(ConsentRequestValidator.Number("+447700900001"), Is.Null);
    }
}
