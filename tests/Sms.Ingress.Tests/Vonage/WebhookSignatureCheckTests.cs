using Sms.Carriers.Vonage;
using Sms.Ingress.Extensions;
using Sms.Ingress.Vonage;

namespace Sms.Ingress.Tests.Vonage;

public sealed class WebhookSignatureCheckTests
{
    private const string Secret = "signature-secret-for-tests";
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly WebhookSignaturePolicy Required = new(true, Secret, VonageSignatureMethod.Sha256, TimeSpan.FromSeconds(300));

    private static Dictionary<string, string> Inbound() => new()
    {
        ["msisdn"] = "447700900001",
        ["to"] = "447700900000",
        ["messageId"] = "0A0000000123ABCD1",
        ["text"] = "Hello world",
        ["type"] = "text",
        ["message-timestamp"] = "2025-03-01 09:59:58",
        ["nonce"] = "5b6c7f1a-0b2f-4c55-9c5e-22b4d1f0a1b2",
        ["api-key"] = "abcd1234",
    };

    private static Dictionary<string, string> SignedAt(DateTimeOffset signedAt, WebhookSignaturePolicy? policy = null)
    {
        policy ??= Required;
        return VonageSignature.Sign(Inbound(), policy.Secret!, policy.Method, signedAt);
    }

    [Test]
    public void A_freshly_signed_webhook_is_valid()
    {
        Assert.That(WebhookSignatureCheck.Check(SignedAt(Now.AddSeconds(-2)), Required, Now), Is.EqualTo(SignatureVerdict.Valid));
    }

    [TestCase(-300, SignatureVerdict.Valid)]
    [TestCase(300, SignatureVerdict.Valid)]
    [TestCase(-301, SignatureVerdict.TimestampOutOfTolerance)]
    [TestCase(301, SignatureVerdict.TimestampOutOfTolerance)]
    [TestCase(-86_400, SignatureVerdict.TimestampOutOfTolerance)]
    [TestCase(3_600, SignatureVerdict.TimestampOutOfTolerance)]
    public void The_signed_timestamp_must_be_within_the_tolerance_either_way(int offsetSeconds, SignatureVerdict expected)
    {
        Assert.That(WebhookSignatureCheck.Check(SignedAt(Now.AddSeconds(offsetSeconds)), Required, Now), Is.EqualTo(expected));
    }

    [TestCase(-2 * 3_600, SignatureVerdict.ValidLateRetry)]
    [TestCase(-26 * 3_600, SignatureVerdict.ValidLateRetry)]
    [TestCase(-26 * 3_600 - 1, SignatureVerdict.TimestampOutOfTolerance)]
    [TestCase(-3 * 86_400, SignatureVerdict.TimestampOutOfTolerance)]
    [TestCase(301, SignatureVerdict.TimestampOutOfTolerance)]
    public void A_signed_timestamp_past_the_tolerance_is_a_late_retry_only_within_the_retry_window(int offsetSeconds, SignatureVerdict expected)
    {
        var withRetries = Required with { LateRetryWindow = TimeSpan.FromHours(26) };
        Assert.That(WebhookSignatureCheck.Check(SignedAt(Now.AddSeconds(offsetSeconds)), withRetries, Now), Is.EqualTo(expected));
    }

    [Test]
    public void The_tolerance_comes_from_the_policy()
    {
        var strict = Required with { Tolerance = TimeSpan.FromSeconds(10) };
        Assert.That(WebhookSignatureCheck.Check(SignedAt(Now.AddSeconds(-30)), strict, Now), Is.EqualTo(SignatureVerdict.TimestampOutOfTolerance));
    }

    [Test]
    public void A_missing_signature_is_refused_when_signatures_are_required()
    {
        var unsigned = Inbound();
        unsigned["timestamp"] = Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(WebhookSignatureCheck.Check(unsigned, Required, Now), Is.EqualTo(SignatureVerdict.MissingSignature));
    }

    [Test]
    public void An_empty_signature_counts_as_missing()
    {
        var signed = SignedAt(Now);
        signed["sig"] = "";
        Assert.That(WebhookSignatureCheck.Check(signed, Required, Now), Is.EqualTo(SignatureVerdict.MissingSignature));
    }

    [TestCase("msisdn", "447700900999")]
    [TestCase("text", "Hello world!")]
    [TestCase("nonce", "another")]
    [TestCase("api-key", "other")]
    [TestCase("timestamp", "1740823201")]
    public void Changing_any_signed_parameter_invalidates_the_signature(string parameter, string value)
    {
        var signed = SignedAt(Now);
        signed[parameter] = value;
        Assert.That(WebhookSignatureCheck.Check(signed, Required, Now), Is.EqualTo(SignatureVerdict.InvalidSignature));
    }

    [Test]
    public void Adding_a_parameter_invalidates_the_signature()
    {
        var signed = SignedAt(Now);
        signed["keyword"] = "HELLO";
        Assert.That(WebhookSignatureCheck.Check(signed, Required, Now), Is.EqualTo(SignatureVerdict.InvalidSignature));
    }

    [Test]
    public void Removing_a_parameter_invalidates_the_signature()
    {
        var signed = SignedAt(Now);
        signed.Remove("nonce");
        Assert.That(WebhookSignatureCheck.Check(signed, Required, Now), Is.EqualTo(SignatureVerdict.InvalidSignature));
    }

    [Test]
    public void A_signature_that_is_not_hex_is_invalid()
    {
        var signed = SignedAt(Now);
        signed["sig"] = "not a signature";
        Assert.That(WebhookSignatureCheck.Check(signed, Required, Now), Is.EqualTo(SignatureVerdict.InvalidSignature));
    }

    [Test]
    public void A_valid_signature_without_a_timestamp_is_refused()
    {
        var parameters = Inbound();
        parameters["sig"] = VonageSignature.Compute(parameters, Secret, Required.Method);
        Assert.That(WebhookSignatureCheck.Check(parameters, Required, Now), Is.EqualTo(SignatureVerdict.MissingTimestamp));
    }

    [TestCase("yesterday")]
    [TestCase("-5")]
    [TestCase("1740823200.5")]
    [TestCase("99999999999999999999")]
    public void A_valid_signature_over_an_unreadable_timestamp_is_refused(string timestamp)
    {
        var parameters = Inbound();
        parameters["timestamp"] = timestamp;
        parameters["sig"] = VonageSignature.Compute(parameters, Secret, Required.Method);
        Assert.That(WebhookSignatureCheck.Check(parameters, Required, Now), Is.EqualTo(SignatureVerdict.MissingTimestamp));
    }

    [Test]
    public void Unsigned_webhooks_pass_only_when_signatures_are_not_required()
    {
        var optional = Required with { Required = false };
        Assert.That(WebhookSignatureCheck.Check(Inbound(), optional, Now), Is.EqualTo(SignatureVerdict.AcceptedUnsigned));
    }

    [Test]
    public void A_wrong_signature_is_refused_even_when_signatures_are_optional()
    {
        var optional = Required with { Required = false };
        var signed = SignedAt(Now);
        signed["text"] = "changed";
        Assert.That(WebhookSignatureCheck.Check(signed, optional, Now), Is.EqualTo(SignatureVerdict.InvalidSignature));
    }

    [Test]
    public void A_signature_cannot_be_trusted_without_a_secret()
    {
        var noSecret = Required with { Secret = null };
        Assert.That(WebhookSignatureCheck.Check(SignedAt(Now), noSecret, Now), Is.EqualTo(SignatureVerdict.InvalidSignature));
    }

    [TestCase(SignatureVerdict.Valid, true)]
    [TestCase(SignatureVerdict.ValidLateRetry, true)]
    [TestCase(SignatureVerdict.AcceptedUnsigned, true)]
    [TestCase(SignatureVerdict.MissingSignature, false)]
    [TestCase(SignatureVerdict.InvalidSignature, false)]
    [TestCase(SignatureVerdict.MissingTimestamp, false)]
    [TestCase(SignatureVerdict.TimestampOutOfTolerance, false)]
    public void Only_valid_or_permitted_unsigned_webhooks_are_accepted(SignatureVerdict verdict, bool accepted)
    {
        Assert.That(verdict.IsAccepted(), Is.EqualTo(accepted));
    }

    [TestCase("md5hash", VonageSignatureMethod.Md5Hash)]
    [TestCase("SHA512", VonageSignatureMethod.Sha512)]
    [TestCase(" sha1 ", VonageSignatureMethod.Sha1)]
    public void The_configured_method_names_the_hash(string configured, VonageSignatureMethod expected)
    {
        var options = new VonageWebhookOptions { SignatureMethod = configured, SignatureSecret = Secret };
        Assert.That(options.ToPolicy().Method, Is.EqualTo(expected));
    }

    [Test]
    public void Options_default_to_md5hash_required_signatures_and_five_minutes()
    {
        var policy = new VonageWebhookOptions { SignatureSecret = Secret }.ToPolicy();
        Assert.Multiple(() =>
        {
            Assert.That(policy.Method, Is.EqualTo(VonageSignatureMethod.Md5Hash));
            Assert.That(policy.Required, Is.True);
            Assert.That(policy.Tolerance, Is.EqualTo(TimeSpan.FromMinutes(5)));
            Assert.That(policy.LateRetryWindow, Is.EqualTo(TimeSpan.FromHours(26)), "Vonage's 24 hours of retries and a margin");
        });
    }

    [TestCase(48)]
    [TestCase(-1)]
    public void A_retry_window_not_shorter_than_the_claims_is_refused(int hours)
    {
        var result = new VonageWebhookOptionsValidator(Microsoft.Extensions.Options.Options.Create(new IngressOptions()))
            .Validate(null, new VonageWebhookOptions { SignatureSecret = Secret, LateRetryWindowHours = hours });
        Assert.That(result.FailureMessage, Does.Contain("Vonage:LateRetryWindowHours").And.Contain("Ingress:SeenTimeToLive"));
    }

    [Test]
    public void Options_without_a_secret_are_refused_while_signatures_are_required()
    {
        var result = new VonageWebhookOptionsValidator(Microsoft.Extensions.Options.Options.Create(new IngressOptions())).Validate(null, new VonageWebhookOptions());
        Assert.Multiple(() =>
        {
            Assert.That(result.Failed, Is.True);
            Assert.That(result.FailureMessage, Does.Contain("Vonage__SignatureSecret"));
        });
    }

    [Test]
    public void Options_without_a_secret_are_fine_when_unsigned_webhooks_are_allowed()
    {
        var result = new VonageWebhookOptionsValidator(Microsoft.Extensions.Options.Options.Create(new IngressOptions())).Validate(null, new VonageWebhookOptions { RequireSignedWebhooks = false });
        Assert.That(result.Succeeded, Is.True);
    }

    [TestCase("sha3")]
    [TestCase("")]
    public void An_unknown_signature_method_is_refused(string method)
    {
        var result = new VonageWebhookOptionsValidator(Microsoft.Extensions.Options.Options.Create(new IngressOptions())).Validate(null, new VonageWebhookOptions { SignatureSecret = Secret, SignatureMethod = method });
        Assert.That(result.FailureMessage, Does.Contain("Vonage:SignatureMethod"));
    }
}
