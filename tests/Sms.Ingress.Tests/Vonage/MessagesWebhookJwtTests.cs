using System.Text;
using Sms.Ingress.Vonage;

namespace Sms.Ingress.Tests.Vonage;

public sealed class MessagesWebhookJwtTests
{
    private const string Secret = "messages-signature-secret";
    private static readonly DateTimeOffset Now = new(2025, 2, 3, 12, 14, 30, TimeSpan.Zero);
    private static readonly JwtPolicy Policy = new(true, Secret, TimeSpan.FromMinutes(5));
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(
        """{"channel":"sms","message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab","to":"447700900000","from":"447700900001","timestamp":"2025-02-03T12:14:25Z","text":"Hello From Vonage!"}""");

    // The official test vector (Python vonage-jwt tests/test_verify_jwt.py), as in the wire reference §5.
    private const string OfficialSecret = "qwertyuiopasdfghjklzxcvbnm123456";
    private const string OfficialToken =
        "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJPbmxpbmUgSldUIEJ1aWxkZXIiLCJpYXQiOjE2OTc2MzQ2ODAsImV4cCI6MzMyNTQ1NDA4MjgsImF1ZCI6IiIsInN1YiI6IiJ9.88vJc3I2HhuqEDixHXVhc9R30tA6U_HQHZTC29y6CGM";

    private static string Bearer(Dictionary<string, object> claims, string secret = Secret, string algorithm = "HS256") =>
        "Bearer " + MessagesJwt.Sign(claims, secret, algorithm);

    private static Dictionary<string, object> Claims(Action<Dictionary<string, object>>? change = null)
    {
        var claims = MessagesJwt.ClaimsFor(Body, Now.AddSeconds(-5));
        change?.Invoke(claims);
        return claims;
    }

    [Test]
    public void The_official_test_vector_verifies_with_its_secret()
    {
        Assert.That(MessagesWebhookJwt.VerifySignature(OfficialToken, OfficialSecret), Is.EqualTo(JwtVerdict.Valid));
    }

    [Test]
    public void The_official_test_vector_does_not_verify_with_another_secret()
    {
        Assert.That(MessagesWebhookJwt.VerifySignature(OfficialToken, OfficialSecret + "x"), Is.EqualTo(JwtVerdict.SignatureInvalid));
    }

    [Test]
    public void The_official_test_vector_is_not_a_webhook_signature_it_has_no_payload_hash()
    {
        Assert.That(MessagesWebhookJwt.Check("Bearer " + OfficialToken, Body, Policy with { Secret = OfficialSecret }, Now),
            Is.EqualTo(JwtVerdict.PayloadHashMissing));
    }

    [Test]
    public void A_token_signed_for_the_body_received_is_valid()
    {
        Assert.That(MessagesWebhookJwt.Check(Bearer(Claims()), Body, Policy, Now), Is.EqualTo(JwtVerdict.Valid));
    }

    [TestCase("bearer ")]
    [TestCase("BEARER ")]
    public void The_scheme_is_case_insensitive(string scheme)
    {
        var header = scheme + MessagesJwt.Sign(Claims(), Secret);
        Assert.That(MessagesWebhookJwt.Check(header, Body, Policy, Now), Is.EqualTo(JwtVerdict.Valid));
    }

    [Test]
    public void An_uppercase_payload_hash_is_the_same_hash()
    {
        var header = Bearer(Claims(c => c["payload_hash"] = MessagesJwt.PayloadHash(Body).ToUpperInvariant()));
        Assert.That(MessagesWebhookJwt.Check(header, Body, Policy, Now), Is.EqualTo(JwtVerdict.Valid));
    }

    [TestCase("""{"channel":"sms","text":"Hello From Vonage?"}""")]
    [TestCase("")]
    [TestCase(" ")]
    public void A_tampered_body_is_refused(string body)
    {
        Assert.That(MessagesWebhookJwt.Check(Bearer(Claims()), Encoding.UTF8.GetBytes(body), Policy, Now), Is.EqualTo(JwtVerdict.PayloadHashMismatch));
    }

    [Test]
    public void A_body_with_one_byte_changed_is_refused()
    {
        var tampered = (byte[])Body.Clone();
        tampered[^3] ^= 0x01;
        Assert.That(MessagesWebhookJwt.Check(Bearer(Claims()), tampered, Policy, Now), Is.EqualTo(JwtVerdict.PayloadHashMismatch));
    }

    [TestCase("not-hex")]
    [TestCase("")]
    [TestCase("abcd")]
    public void A_payload_hash_that_is_not_the_bodys_sha256_is_refused(string hash)
    {
        Assert.That(MessagesWebhookJwt.Check(Bearer(Claims(c => c["payload_hash"] = hash)), Body, Policy, Now), Is.EqualTo(JwtVerdict.PayloadHashMismatch));
    }

    [Test]
    public void A_token_without_payload_hash_is_refused()
    {
        Assert.That(MessagesWebhookJwt.Check(Bearer(Claims(c => c.Remove("payload_hash"))), Body, Policy, Now), Is.EqualTo(JwtVerdict.PayloadHashMissing));
    }

    [Test]
    public void A_token_signed_with_the_wrong_secret_is_refused()
    {
        Assert.That(MessagesWebhookJwt.Check(Bearer(Claims(), secret: "another-secret"), Body, Policy, Now), Is.EqualTo(JwtVerdict.SignatureInvalid));
    }

    [Test]
    public void Claims_changed_after_signing_are_refused()
    {
        var parts = MessagesJwt.Sign(Claims(), Secret).Split('.');
        var forged = MessagesJwt.Encode(Encoding.UTF8.GetBytes("""{"iat":1738584865,"payload_hash":"00"}"""));
        Assert.That(MessagesWebhookJwt.Check($"Bearer {parts[0]}.{forged}.{parts[2]}", Body, Policy, Now), Is.EqualTo(JwtVerdict.SignatureInvalid));
    }

    [TestCase("none")]
    [TestCase("HS512")]
    [TestCase("RS256")]
    [TestCase("hs256")]
    public void Any_algorithm_but_HS256_is_refused(string algorithm)
    {
        Assert.That(MessagesWebhookJwt.Check(Bearer(Claims(), algorithm: algorithm), Body, Policy, Now), Is.EqualTo(JwtVerdict.UnsupportedAlgorithm));
    }

    [Test]
    public void An_unsigned_token_with_alg_none_and_no_signature_is_refused()
    {
        var header = MessagesJwt.Encode(Encoding.UTF8.GetBytes("""{"alg":"none"}"""));
        var claims = MessagesJwt.Encode(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(Claims()));
        Assert.That(MessagesWebhookJwt.Check($"Bearer {header}.{claims}.", Body, Policy, Now), Is.EqualTo(JwtVerdict.UnsupportedAlgorithm));
    }

    [TestCase(-301)]
    [TestCase(-86_400)]
    [TestCase(301)]
    public void A_token_issued_outside_the_tolerance_is_refused(int secondsFromNow)
    {
        var header = Bearer(Claims(c => c["iat"] = Now.AddSeconds(secondsFromNow).ToUnixTimeSeconds()));
        Assert.That(MessagesWebhookJwt.Check(header, Body, Policy, Now), Is.EqualTo(JwtVerdict.Expired));
    }

    [TestCase(-2 * 3_600, JwtVerdict.ValidLateRetry)]
    [TestCase(-26 * 3_600, JwtVerdict.ValidLateRetry)]
    [TestCase(-3 * 86_400, JwtVerdict.Expired)]
    [TestCase(301, JwtVerdict.Expired)]
    public void A_token_issued_past_the_tolerance_is_a_late_retry_only_within_the_retry_window(int secondsFromNow, JwtVerdict expected)
    {
        var header = Bearer(Claims(c => c["iat"] = Now.AddSeconds(secondsFromNow).ToUnixTimeSeconds()));
        Assert.That(MessagesWebhookJwt.Check(header, Body, Policy with { LateRetryWindow = TimeSpan.FromHours(26) }, Now), Is.EqualTo(expected));
    }

    [TestCase(-300)]
    [TestCase(0)]
    [TestCase(300)]
    public void A_token_issued_within_the_tolerance_is_accepted(int secondsFromNow)
    {
        var header = Bearer(Claims(c => c["iat"] = Now.AddSeconds(secondsFromNow).ToUnixTimeSeconds()));
        Assert.That(MessagesWebhookJwt.Check(header, Body, Policy, Now), Is.EqualTo(JwtVerdict.Valid));
    }

    [TestCase(0)]
    [TestCase(-1)]
    public void A_token_whose_exp_has_passed_is_refused(int secondsFromNow)
    {
        var header = Bearer(Claims(c => c["exp"] = Now.AddSeconds(secondsFromNow).ToUnixTimeSeconds()));
        Assert.That(MessagesWebhookJwt.Check(header, Body, Policy, Now), Is.EqualTo(JwtVerdict.Expired));
    }

    [Test]
    public void A_token_whose_exp_is_ahead_is_accepted()
    {
        var header = Bearer(Claims(c => c["exp"] = Now.AddMinutes(1).ToUnixTimeSeconds()));
        Assert.That(MessagesWebhookJwt.Check(header, Body, Policy, Now), Is.EqualTo(JwtVerdict.Valid));
    }

    [Test]
    public void A_token_without_iat_is_refused()
    {
        Assert.That(MessagesWebhookJwt.Check(Bearer(Claims(c => c.Remove("iat"))), Body, Policy, Now), Is.EqualTo(JwtVerdict.Expired));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void No_token_is_refused_when_signatures_are_required(string? header)
    {
        Assert.That(MessagesWebhookJwt.Check(header, Body, Policy, Now), Is.EqualTo(JwtVerdict.Missing));
    }

    [Test]
    public void No_token_is_accepted_only_when_signatures_are_explicitly_not_required()
    {
        Assert.That(MessagesWebhookJwt.Check(null, Body, Policy with { Required = false }, Now), Is.EqualTo(JwtVerdict.AcceptedUnsigned));
    }

    [Test]
    public void A_token_that_cannot_be_checked_for_lack_of_a_secret_is_refused_when_required()
    {
        Assert.That(MessagesWebhookJwt.Check(Bearer(Claims()), Body, Policy with { Secret = null }, Now), Is.EqualTo(JwtVerdict.SignatureInvalid));
    }

    [TestCase("Basic dXNlcjpwYXNz")]
    [TestCase("Bearer")]
    [TestCase("Bearer a.b")]
    [TestCase("Bearer a.b.c.d")]
    [TestCase("Bearer !!!.###.$$$")]
    [TestCase("Bearer e30.e30.e30")]
    [TestCase("Bearer WzFd.e30.AAAA")]
    public void A_header_that_is_not_a_bearer_JWT_is_refused(string header)
    {
        Assert.That(MessagesWebhookJwt.Check(header, Body, Policy, Now),
            Is.AnyOf(JwtVerdict.Malformed, JwtVerdict.UnsupportedAlgorithm));
    }

    [TestCase(JwtVerdict.Valid, true)]
    [TestCase(JwtVerdict.ValidLateRetry, true)]
    [TestCase(JwtVerdict.AcceptedUnsigned, true)]
    [TestCase(JwtVerdict.Missing, false)]
    [TestCase(JwtVerdict.SignatureInvalid, false)]
    [TestCase(JwtVerdict.PayloadHashMismatch, false)]
    [TestCase(JwtVerdict.Expired, false)]
    public void Only_a_valid_or_explicitly_allowed_unsigned_webhook_is_accepted(JwtVerdict verdict, bool accepted)
    {
        Assert.That(verdict.IsAccepted(), Is.EqualTo(accepted));
    }
}
