using Sms.Carriers.Vonage;
using Sms.Ingress.Vonage;

namespace Sms.Ingress.Tests.Vonage;

/// <summary>
/// The official Vonage signature test vectors (shared/reference/carrier-wire-format.md §3), checked through the ingress's
/// own decision (<see cref="WebhookSignatureCheck"/>) at the moment each vector was signed.
/// </summary>
public sealed class SignatureVectorTests
{
    // Vector A: vonage-node-sdk packages/sms/__tests__/__dataSets__/signature.ts
    private static readonly Dictionary<string, string> VectorA = new()
    {
        ["message-timestamp"] = "2013-11-21 15:27:30",
        ["messageId"] = "020000001B0FE827",
        ["msisdn"] = "14843472194",
        ["text"] = "Test again",
        ["timestamp"] = "1385047698",
        ["to"] = "13239877404",
        ["type"] = "text",
    };
    private const string SecretA = "my_secret_key_for_testing";

    // Vector B: Java SDK RequestSigningTest
    private static readonly Dictionary<string, string> VectorB = new() { ["a"] = "alphabet", ["b"] = "bananas", ["timestamp"] = "2100" };
    private const string SecretB = "abcde";

    // Vector C: Python SDK http_client/tests/test_auth.py ('&' and '=' in values become '_')
    private static readonly Dictionary<string, string> VectorC = new() { ["param1"] = "value&1", ["param2"] = "value=2", ["timestamp"] = "1234567890" };
    private const string SecretC = "signature_secret";

    private static IEnumerable<TestCaseData> Vectors()
    {
        // Official values.
        yield return Case("A", VonageSignatureMethod.Md5Hash, "d2e7b1dc968737c5998ad624e02f90b7");
        yield return Case("A", VonageSignatureMethod.Md5, "DDEBD46008C2D4E93CCE578A332A52D5");
        yield return Case("A", VonageSignatureMethod.Sha1, "27D0D05C2876C7CB1720DBCDBA4D492E1E55C09A");
        yield return Case("A", VonageSignatureMethod.Sha256, "DDB8397C2B90AAC7F3882D306475C9A5058C92322EEF43C92B298B6E0FC0D330");
        yield return Case("A", VonageSignatureMethod.Sha512,
            "E0D3C650F8C9D1A5C174D10DDDBFB003E561F59B265616208B0487C5D819481CD3C311D59CF6165ECD1139622D5BA3A256C0D763AC4A9AD9144B5A426B94FE82");
        yield return Case("B", VonageSignatureMethod.Md5Hash, "7d43241108912b32cc315b48ce681acf");
        yield return Case("B", VonageSignatureMethod.Md5, "e0afe267aefd6dd18a848c1681517a19");
        yield return Case("B", VonageSignatureMethod.Sha1, "b7f749de27b4adcf736cc95c9a7e059a16c85127");
        yield return Case("B", VonageSignatureMethod.Sha256, "8d1b0428276b6a070578225914c3502cc0687a454dfbbbb370c76a14234cb546");
        yield return Case("C", VonageSignatureMethod.Md5, "2bbf0abafb2c55e5af6231513896a2ac");

        // The methods the official sources give no value for, computed independently with
        // `printf '%s' "<canonical string>" | openssl dgst -<alg> -hmac <secret>` (md5hash: `openssl md5` of string + secret).
        yield return Case("B", VonageSignatureMethod.Sha512,
            "1c834a1f6a377d4473971387b065cb38e2ad6c4869ba77b7b53e207a344e87ba04b456dfc697b371a2d1ce476d01dafd4394aa97525eff23badad39d2389a710");
        yield return Case("C", VonageSignatureMethod.Md5Hash, "d972287c2115a0f12e7c834ee7d3d8a3");
        yield return Case("C", VonageSignatureMethod.Sha1, "cde4ff8db78b902b028b8fed14fc098cb754b4d8");
        yield return Case("C", VonageSignatureMethod.Sha256, "be7fd727d6ec80c2c0a78dc0f009e1a710427126011d90c850d160599119e10d");
        yield return Case("C", VonageSignatureMethod.Sha512,
            "6ec17d5a2b840eb7fdffff78107b8e2c3b2b01bcdf5010bab80f41d17bd98314ba7687f6fbf5ed8903a2093384d2fbf8bda837f50d7bdd5c9547761cf74e4957");
    }

    private static TestCaseData Case(string vector, VonageSignatureMethod method, string signature) =>
        new TestCaseData(vector, method, signature).SetArgDisplayNames(vector, method.ToString());

    [TestCaseSource(nameof(Vectors))]
    public void The_vector_signature_is_accepted_in_upper_and_lower_case(string vector, VonageSignatureMethod method, string signature)
    {
        var (parameters, secret) = Vector(vector);
        var policy = new WebhookSignaturePolicy(true, secret, method, TimeSpan.FromMinutes(5));
        var signedAt = SignedAt(parameters);

        Assert.Multiple(() =>
        {
            Assert.That(WebhookSignatureCheck.Check(With(parameters, "sig", signature.ToUpperInvariant()), policy, signedAt), Is.EqualTo(SignatureVerdict.Valid));
            Assert.That(WebhookSignatureCheck.Check(With(parameters, "sig", signature.ToLowerInvariant()), policy, signedAt), Is.EqualTo(SignatureVerdict.Valid));
            Assert.That(VonageSignature.Compute(parameters, secret, method), Is.EqualTo(signature.ToLowerInvariant()));
        });
    }

    [TestCaseSource(nameof(Vectors))]
    public void A_tampered_parameter_breaks_the_vector_signature(string vector, VonageSignatureMethod method, string signature)
    {
        var (parameters, secret) = Vector(vector);
        var policy = new WebhookSignaturePolicy(true, secret, method, TimeSpan.FromMinutes(5));
        var firstKey = parameters.Keys.Order(StringComparer.Ordinal).First();
        var tampered = With(With(parameters, "sig", signature), firstKey, parameters[firstKey] + "x");

        Assert.That(WebhookSignatureCheck.Check(tampered, policy, SignedAt(parameters)), Is.EqualTo(SignatureVerdict.InvalidSignature));
    }

    [TestCaseSource(nameof(Vectors))]
    public void The_vector_signature_fails_under_another_method_or_secret(string vector, VonageSignatureMethod method, string signature)
    {
        var (parameters, secret) = Vector(vector);
        var otherMethod = method == VonageSignatureMethod.Md5Hash ? VonageSignatureMethod.Md5 : VonageSignatureMethod.Md5Hash;
        var signed = With(parameters, "sig", signature);

        Assert.Multiple(() =>
        {
            Assert.That(WebhookSignatureCheck.Check(signed, new(true, secret, otherMethod, TimeSpan.FromMinutes(5)), SignedAt(parameters)),
                Is.EqualTo(SignatureVerdict.InvalidSignature));
            Assert.That(WebhookSignatureCheck.Check(signed, new(true, secret + "!", method, TimeSpan.FromMinutes(5)), SignedAt(parameters)),
                Is.EqualTo(SignatureVerdict.InvalidSignature));
        });
    }

    [Test]
    public void Vector_A_canonical_string_sorts_ordinally_with_a_leading_ampersand()
    {
        Assert.That(VonageSignature.CanonicalString(VectorA), Is.EqualTo(
            "&message-timestamp=2013-11-21 15:27:30&messageId=020000001B0FE827&msisdn=14843472194&text=Test again&timestamp=1385047698&to=13239877404&type=text"));
    }

    [Test]
    public void Vector_C_canonical_string_replaces_ampersand_and_equals_in_values()
    {
        Assert.That(VonageSignature.CanonicalString(VectorC), Is.EqualTo("&param1=value_1&param2=value_2&timestamp=1234567890"));
    }

    private static (Dictionary<string, string> Parameters, string Secret) Vector(string name) => name switch
    {
        "A" => (VectorA, SecretA),
        "B" => (VectorB, SecretB),
        "C" => (VectorC, SecretC),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static DateTimeOffset SignedAt(Dictionary<string, string> parameters) =>
        DateTimeOffset.FromUnixTimeSeconds(long.Parse(parameters["timestamp"], System.Globalization.CultureInfo.InvariantCulture));

    private static Dictionary<string, string> With(Dictionary<string, string> parameters, string key, string value) =>
        new(parameters) { [key] = value };
}
