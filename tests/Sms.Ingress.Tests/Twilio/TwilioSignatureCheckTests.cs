using Sms.Carriers.Twilio;
using Sms.Ingress.Twilio;

namespace Sms.Ingress.Tests.Twilio;

/// <summary>The Twilio signature decision on its own: no request, no options, no host.</summary>
public sealed class TwilioSignatureCheckTests
{
    private const string Token = "twilio-check-auth-token";
    private const string Path = "/webhooks/twilio/inbound?source=number";

    private static readonly KeyValuePair<string, string>[] Form =
    [
        new("MessageSid", "SM00000000000000000000000000000001"),
        new("From", "+447700900601"),
        new("Body", "Yes please"),
    ];

    private static readonly TwilioSignaturePolicy Required = new(true, Token, "https://sms.example.com/");

    private static string SignatureOver(string url) => TwilioSignature.Compute(url, Form, Token);

    [Test]
    public void A_signature_over_the_public_url_and_the_form_is_valid()
    {
        var verdict = TwilioSignatureCheck.Check(SignatureOver("https://sms.example.com" + Path), Path, Form, Required);

        Assert.That(verdict, Is.EqualTo(TwilioSignatureVerdict.Valid));
    }

    [TestCase("http://localhost" + Path, Description = "the address this process sees")]
    [TestCase("https://sms.example.com/webhooks/twilio/inbound", Description = "without the query")]
    public void A_signature_over_another_url_is_invalid(string signedUrl)
    {
        var verdict = TwilioSignatureCheck.Check(SignatureOver(signedUrl), Path, Form, Required);

        Assert.Multiple(() =>
        {
            Assert.That(verdict, Is.EqualTo(TwilioSignatureVerdict.InvalidSignature));
            Assert.That(verdict.IsAccepted(), Is.False);
            Assert.That(verdict.Reason(), Is.EqualTo("signature_invalid"));
            Assert.That(verdict.Describe(), Does.Contain("Twilio:PublicBaseUrl"));
        });
    }

    [TestCase(true, null, TwilioSignatureVerdict.MissingSignature, "signature_missing")]
    [TestCase(false, null, TwilioSignatureVerdict.AcceptedUnsigned, "none")]
    [TestCase(true, "   ", TwilioSignatureVerdict.NotConfigured, "not_configured", Description = "a blank token is no token")]
    [TestCase(false, "   ", TwilioSignatureVerdict.AcceptedUnsigned, "none")]
    public void Without_a_signature_or_a_token_only_an_explicit_switch_accepts(bool required, string? token, TwilioSignatureVerdict expected, string reason)
    {
        var policy = new TwilioSignaturePolicy(required, token ?? Token, "https://sms.example.com");
        var signature = token is null ? null : SignatureOver("https://sms.example.com" + Path);

        var verdict = TwilioSignatureCheck.Check(signature, Path, Form, policy);

        Assert.Multiple(() =>
        {
            Assert.That(verdict, Is.EqualTo(expected));
            Assert.That(verdict.IsAccepted(), Is.EqualTo(!required));
            Assert.That(verdict.Reason(), Is.EqualTo(reason));
        });
    }
}
