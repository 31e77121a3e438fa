using Sms.Carriers.Twilio;

namespace Sms.Carriers.Tests.Twilio;

/// <summary><c>X-Twilio-Signature</c> against the official test vector (twilio-csharp RequestValidatorTest, wire reference §6).</summary>
public class TwilioSignatureTests
{
    private const string AuthToken = "12345";
    private const string Url = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private const string Expected = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

    private static readonly Dictionary<string, string> Parameters = new()
    {
        // Deliberately not in sorted order: the signature sorts them.
        ["To"] = "+18005551212",
        ["CallSid"] = "CA1234567890ABCDE",
        ["Digits"] = "1234",
        ["From"] = "+14158675309",
        ["Caller"] = "+14158675309",
    };

    [Test]
    public void The_signed_text_is_the_url_then_names_and_values_sorted_by_name() =>
        Assert.That(TwilioSignature.DataToSign(Url, Parameters), Is.EqualTo(
            "https://mycompany.com/myapp.php?foo=1&bar=2CallSidCA1234567890ABCDECaller+14158675309Digits1234From+14158675309To+18005551212"));

    [Test]
    public void The_official_vector_signs_as_documented() =>
        Assert.That(TwilioSignature.Compute(Url, Parameters, AuthToken), Is.EqualTo(Expected));

    [Test]
    public void The_official_vector_with_the_default_port_in_the_url_signs_differently() =>
        Assert.That(TwilioSignature.Compute("https://mycompany.com:443/myapp.php?foo=1&bar=2", Parameters, AuthToken),
            Is.EqualTo("kvajT1Ptam85bY51eRf/AJRuM3w="));

    [Test]
    public void The_official_signature_matches() =>
        Assert.That(TwilioSignature.Matches(Url, Parameters, AuthToken, Expected), Is.True);

    [TestCase("https://mycompany.com:443/myapp.php?foo=1&bar=2", Expected, Description = "Twilio signed without the port")]
    [TestCase(Url, "kvajT1Ptam85bY51eRf/AJRuM3w=", Description = "Twilio signed with the port")]
    public void A_signature_over_the_url_with_or_without_the_default_port_matches(string url, string signature) =>
        Assert.That(TwilioSignature.Matches(url, Parameters, AuthToken, signature), Is.True);

    [TestCase("https://mycompany.com/myapp.php?foo=1&bar=3", Description = "another query")]
    [TestCase("https://mycompany.com/myapp.php?bar=2&foo=1", Description = "the query in another order")]
    [TestCase("http://mycompany.com/myapp.php?foo=1&bar=2", Description = "another scheme")]
    [TestCase("https://mycompany.com/other.php?foo=1&bar=2", Description = "another path")]
    [TestCase("https://mycompany.com:8443/myapp.php?foo=1&bar=2", Description = "another port")]
    [TestCase("https://mycompany.com/myapp.php", Description = "without the query")]
    public void A_signature_for_another_url_does_not_match(string url) =>
        Assert.That(TwilioSignature.Matches(url, Parameters, AuthToken, Expected), Is.False);

    [TestCase("RSOYDt4T1cUTdK1PDd93/VVr8B9=")]
    [TestCase("rsoydt4t1cutdk1pdd93/vvr8b8=")]
    [TestCase("")]
    [TestCase(null)]
    public void A_wrong_or_missing_signature_does_not_match(string? signature) =>
        Assert.That(TwilioSignature.Matches(Url, Parameters, AuthToken, signature), Is.False);

    [Test]
    public void Another_auth_token_does_not_match() =>
        Assert.That(TwilioSignature.Matches(Url, Parameters, "54321", Expected), Is.False);

    [Test]
    public void A_changed_or_added_parameter_does_not_match()
    {
        var changed = new Dictionary<string, string>(Parameters) { ["Digits"] = "1235" };
        var added = new Dictionary<string, string>(Parameters) { ["Body"] = "STOP" };
        Assert.Multiple(() =>
        {
            Assert.That(TwilioSignature.Matches(Url, changed, AuthToken, Expected), Is.False);
            Assert.That(TwilioSignature.Matches(Url, added, AuthToken, Expected), Is.False);
        });
    }

    [TestCase("https://example.com/webhooks/twilio/inbound", "https://example.com:443/webhooks/twilio/inbound")]
    [TestCase("https://example.com:443/webhooks/twilio/inbound", "https://example.com/webhooks/twilio/inbound")]
    [TestCase("http://127.0.0.1/x?a=1", "http://127.0.0.1:80/x?a=1")]
    public void The_url_is_also_tried_with_the_default_port_added_or_removed(string url, string other) =>
        Assert.That(TwilioSignature.UrlVariants(url), Is.EqualTo(new[] { url, other }));

    [TestCase("http://127.0.0.1:5100/webhooks/twilio/inbound")]
    [TestCase("https://example.com:8443/x")]
    public void A_url_with_another_port_is_tried_as_it_is(string url) =>
        Assert.That(TwilioSignature.UrlVariants(url), Is.EqualTo(new[] { url }));
}
