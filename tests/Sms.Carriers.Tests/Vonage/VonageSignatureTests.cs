using Sms.Carriers.Vonage;

namespace Sms.Carriers.Tests.Vonage;

/// <summary>
/// The Vonage <c>sig</c> algorithm against the official vectors of carrier-wire-format.md §3:
/// A (vonage-node-sdk signature data set), B (Java RequestSigningTest), C (Python test_auth, &amp;/= replacement).
/// </summary>
public sealed class VonageSignatureTests
{
    private const string SecretA = "my_secret_key_for_testing";
    private const string SecretB = "abcde";
    private const string SecretC = "signature_secret";

    private const string CanonicalA =
        "&message-timestamp=2013-11-21 15:27:30&messageId=020000001B0FE827&msisdn=14843472194&text=Test again" +
        "&timestamp=1385047698&to=13239877404&type=text";

    private static Dictionary<string, string> VectorA() => new()
    {
        ["message-timestamp"] = "2013-11-21 15:27:30",
        ["messageId"] = "020000001B0FE827",
        ["msisdn"] = "14843472194",
        ["text"] = "Test again",
        ["timestamp"] = "1385047698",
        ["to"] = "13239877404",
        ["type"] = "text",
    };

    private static Dictionary<string, string> VectorB() => new()
    {
        ["a"] = "alphabet",
        ["b"] = "bananas",
        ["timestamp"] = "2100",
    };

    private static Dictionary<string, string> VectorC() => new()
    {
        ["param1"] = "value&1",
        ["param2"] = "value=2",
        ["timestamp"] = "1234567890",
    };

    [TestCase(VonageSignatureMethod.Md5Hash, "d2e7b1dc968737c5998ad624e02f90b7")]
    [TestCase(VonageSignatureMethod.Md5, "DDEBD46008C2D4E93CCE578A332A52D5")]
    [TestCase(VonageSignatureMethod.Sha1, "27D0D05C2876C7CB1720DBCDBA4D492E1E55C09A")]
    [TestCase(VonageSignatureMethod.Sha256, "DDB8397C2B90AAC7F3882D306475C9A5058C92322EEF43C92B298B6E0FC0D330")]
    [TestCase(VonageSignatureMethod.Sha512,
        "E0D3C650F8C9D1A5C174D10DDDBFB003E561F59B265616208B0487C5D819481CD3C311D59CF6165ECD1139622D5BA3A256C0D763AC4A9AD9144B5A426B94FE82")]
    public void Vector_A_computes_the_official_signature(VonageSignatureMethod method, string expected)
    {
        Assert.That(VonageSignature.Compute(VectorA(), SecretA, method), Is.EqualTo(expected.ToLowerInvariant()));
    }

    [TestCase(VonageSignatureMethod.Md5Hash, "7d43241108912b32cc315b48ce681acf")]
    [TestCase(VonageSignatureMethod.Md5, "e0afe267aefd6dd18a848c1681517a19")]
    [TestCase(VonageSignatureMethod.Sha1, "b7f749de27b4adcf736cc95c9a7e059a16c85127")]
    [TestCase(VonageSignatureMethod.Sha256, "8d1b0428276b6a070578225914c3502cc0687a454dfbbbb370c76a14234cb546")]
    public void Vector_B_computes_the_official_signature(VonageSignatureMethod method, string expected)
    {
        Assert.That(VonageSignature.Compute(VectorB(), SecretB, method), Is.EqualTo(expected));
    }

    [Test]
    public void Vector_C_computes_the_official_hmac_md5_signature()
    {
        Assert.That(VonageSignature.Compute(VectorC(), SecretC, VonageSignatureMethod.Md5), Is.EqualTo("2bbf0abafb2c55e5af6231513896a2ac"));
    }

    [Test]
    public void Canonical_string_of_vector_A_is_exactly_the_documented_one()
    {
        Assert.That(VonageSignature.CanonicalString(VectorA()), Is.EqualTo(CanonicalA));
    }

    [Test]
    public void Canonical_string_of_vector_B_has_a_leading_ampersand_and_no_url_encoding()
    {
        Assert.That(VonageSignature.CanonicalString(VectorB()), Is.EqualTo("&a=alphabet&b=bananas&timestamp=2100"));
    }

    [Test]
    public void Canonical_string_replaces_ampersand_and_equals_in_values_with_underscore()
    {
        Assert.That(VonageSignature.CanonicalString(VectorC()), Is.EqualTo("&param1=value_1&param2=value_2&timestamp=1234567890"));
    }

    [Test]
    public void Canonical_string_sorts_keys_ordinally_so_message_timestamp_comes_before_messageId()
    {
        var parameters = new Dictionary<string, string> { ["messageId"] = "X", ["message-timestamp"] = "T" };

        Assert.That(VonageSignature.CanonicalString(parameters), Is.EqualTo("&message-timestamp=T&messageId=X"));
    }

    [Test]
    public void Canonical_string_does_not_depend_on_the_order_the_parameters_arrive_in()
    {
        var reversed = VectorA().Reverse().ToList();

        Assert.That(VonageSignature.CanonicalString(reversed), Is.EqualTo(CanonicalA));
    }

    [TestCase("Zeta", "alpha", "&Zeta=1&alpha=2")]
    [TestCase("b", "B", "&B=2&b=1")]
    [TestCase("a-b", "aB", "&a-b=1&aB=2")]
    [TestCase("a_b", "aB", "&aB=2&a_b=1")]
    public void Canonical_string_orders_by_code_point_not_by_culture(string first, string second, string expected)
    {
        var parameters = new Dictionary<string, string> { [first] = "1", [second] = "2" };

        Assert.That(VonageSignature.CanonicalString(parameters), Is.EqualTo(expected));
    }

    [Test]
    public void Canonical_string_leaves_out_sig_but_keeps_timestamp_nonce_and_api_key()
    {
        var parameters = new Dictionary<string, string>
        {
            ["sig"] = "abc",
            ["timestamp"] = "1",
            ["nonce"] = "n",
            ["api-key"] = "k",
        };

        Assert.That(VonageSignature.CanonicalString(parameters), Is.EqualTo("&api-key=k&nonce=n&timestamp=1"));
    }

    [Test]
    public void Canonical_string_keeps_unicode_and_spaces_as_they_are()
    {
        var parameters = new Dictionary<string, string> { ["text"] = "Grüße & ünïcode = 😀 ok" };

        Assert.That(VonageSignature.CanonicalString(parameters), Is.EqualTo("&text=Grüße _ ünïcode _ 😀 ok"));
    }

    [Test]
    public void Canonical_string_of_no_parameters_is_empty()
    {
        Assert.That(VonageSignature.CanonicalString([]), Is.Empty);
    }

    [Test]
    public void Sig_in_the_parameters_does_not_change_the_computed_signature()
    {
        var withSig = VectorA();
        withSig["sig"] = "whatever";

        Assert.That(VonageSignature.Compute(withSig, SecretA, VonageSignatureMethod.Md5Hash), Is.EqualTo("d2e7b1dc968737c5998ad624e02f90b7"));
    }

    [TestCase(VonageSignatureMethod.Md5Hash, "d2e7b1dc968737c5998ad624e02f90b7")]
    [TestCase(VonageSignatureMethod.Md5Hash, "D2E7B1DC968737C5998AD624E02F90B7")]
    [TestCase(VonageSignatureMethod.Md5, "DDEBD46008C2D4E93CCE578A332A52D5")]
    [TestCase(VonageSignatureMethod.Md5, "ddebd46008c2d4e93cce578a332a52d5")]
    [TestCase(VonageSignatureMethod.Sha1, "27d0d05c2876c7cb1720dbcdba4d492e1e55c09a")]
    [TestCase(VonageSignatureMethod.Sha256, "DDB8397C2B90AAC7F3882D306475C9A5058C92322EEF43C92B298B6E0FC0D330")]
    [TestCase(VonageSignatureMethod.Sha512,
        "e0d3c650f8c9d1a5c174d10dddbfb003e561f59b265616208b0487c5d819481cd3c311d59cf6165ecd1139622d5ba3a256c0d763ac4a9ad9144b5a426b94fe82")]
    public void Matches_accepts_the_official_signature_in_either_case(VonageSignatureMethod method, string sig)
    {
        var parameters = VectorA();
        parameters["sig"] = sig;

        Assert.That(VonageSignature.Matches(parameters, SecretA, method), Is.True);
    }

    [Test]
    public void Matches_accepts_vector_C_with_its_ampersand_and_equals_values()
    {
        var parameters = VectorC();
        parameters["sig"] = "2BBF0ABAFB2C55E5AF6231513896A2AC";

        Assert.That(VonageSignature.Matches(parameters, SecretC, VonageSignatureMethod.Md5), Is.True);
    }

    [TestCase("text", "Test again!")]
    [TestCase("msisdn", "14843472195")]
    [TestCase("timestamp", "1385047699")]
    [TestCase("message-timestamp", "2013-11-21 15:27:31")]
    public void Matches_is_false_when_a_signed_value_was_tampered_with(string key, string tampered)
    {
        var parameters = VectorA();
        parameters["sig"] = "d2e7b1dc968737c5998ad624e02f90b7";
        parameters[key] = tampered;

        Assert.That(VonageSignature.Matches(parameters, SecretA, VonageSignatureMethod.Md5Hash), Is.False);
    }

    [Test]
    public void Matches_is_false_when_a_parameter_was_added()
    {
        var parameters = VectorA();
        parameters["sig"] = "d2e7b1dc968737c5998ad624e02f90b7";
        parameters["keyword"] = "TEST";

        Assert.That(VonageSignature.Matches(parameters, SecretA, VonageSignatureMethod.Md5Hash), Is.False);
    }

    [Test]
    public void Matches_is_false_when_a_parameter_was_removed()
    {
        var parameters = VectorA();
        parameters["sig"] = "d2e7b1dc968737c5998ad624e02f90b7";
        parameters.Remove("type");

        Assert.That(VonageSignature.Matches(parameters, SecretA, VonageSignatureMethod.Md5Hash), Is.False);
    }

    [TestCase("d2e7b1dc968737c5998ad624e02f90b8")]
    [TestCase("d2e7b1dc968737c5998ad624e02f90b")]
    [TestCase("d2e7b1dc968737c5998ad624e02f90b7 ")]
    [TestCase("not a signature")]
    [TestCase("")]
    public void Matches_is_false_for_a_wrong_signature(string sig)
    {
        var parameters = VectorA();
        parameters["sig"] = sig;

        Assert.That(VonageSignature.Matches(parameters, SecretA, VonageSignatureMethod.Md5Hash), Is.False);
    }

    [Test]
    public void Matches_is_false_when_sig_is_missing()
    {
        Assert.That(VonageSignature.Matches(VectorA(), SecretA, VonageSignatureMethod.Md5Hash), Is.False);
    }

    [Test]
    public void Matches_is_false_with_the_wrong_secret()
    {
        var parameters = VectorA();
        parameters["sig"] = "d2e7b1dc968737c5998ad624e02f90b7";

        Assert.That(VonageSignature.Matches(parameters, "another_secret", VonageSignatureMethod.Md5Hash), Is.False);
    }

    [Test]
    public void Matches_is_false_with_the_wrong_method()
    {
        var parameters = VectorA();
        parameters["sig"] = "d2e7b1dc968737c5998ad624e02f90b7";

        Assert.That(VonageSignature.Matches(parameters, SecretA, VonageSignatureMethod.Md5), Is.False);
    }

    [TestCase(VonageSignatureMethod.Md5Hash)]
    [TestCase(VonageSignatureMethod.Md5)]
    [TestCase(VonageSignatureMethod.Sha1)]
    [TestCase(VonageSignatureMethod.Sha256)]
    [TestCase(VonageSignatureMethod.Sha512)]
    public void Sign_then_Matches_round_trips(VonageSignatureMethod method)
    {
        var parameters = new Dictionary<string, string>
        {
            ["msisdn"] = "447700900001",
            ["to"] = "15550100000",
            ["messageId"] = "0A0000000123ABCD",
            ["text"] = "yes & no = maybe 😀",
            ["type"] = "unicode",
            ["keyword"] = "YES",
            ["message-timestamp"] = "2024-05-01 12:00:00",
            ["nonce"] = "3f1c",
        };

        var signed = VonageSignature.Sign(parameters, "round-trip-secret", method, DateTimeOffset.FromUnixTimeSeconds(1714564800));

        Assert.That(VonageSignature.Matches(signed, "round-trip-secret", method), Is.True);
    }

    [Test]
    public void Sign_adds_the_unix_timestamp_and_the_signature_over_it()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(2100);

        var signed = VonageSignature.Sign(
            new Dictionary<string, string> { ["a"] = "alphabet", ["b"] = "bananas" }, SecretB, VonageSignatureMethod.Md5Hash, now);

        Assert.Multiple(() =>
        {
            Assert.That(signed["timestamp"], Is.EqualTo("2100"));
            Assert.That(signed["sig"], Is.EqualTo("7d43241108912b32cc315b48ce681acf"));
        });
    }

    [Test]
    public void Sign_keeps_a_timestamp_that_is_already_there()
    {
        var signed = VonageSignature.Sign(VectorB(), SecretB, VonageSignatureMethod.Sha1, DateTimeOffset.FromUnixTimeSeconds(999_999));

        Assert.Multiple(() =>
        {
            Assert.That(signed["timestamp"], Is.EqualTo("2100"));
            Assert.That(signed["sig"], Is.EqualTo("b7f749de27b4adcf736cc95c9a7e059a16c85127"));
        });
    }

    [Test]
    public void Sign_replaces_a_stale_sig_instead_of_signing_over_it()
    {
        var parameters = VectorB();
        parameters["sig"] = "stale";

        var signed = VonageSignature.Sign(parameters, SecretB, VonageSignatureMethod.Sha256, DateTimeOffset.UnixEpoch);

        Assert.That(signed["sig"], Is.EqualTo("8d1b0428276b6a070578225914c3502cc0687a454dfbbbb370c76a14234cb546"));
    }

    [Test]
    public void Sign_does_not_change_the_input()
    {
        var parameters = VectorB();
        parameters.Remove("timestamp");

        VonageSignature.Sign(parameters, SecretB, VonageSignatureMethod.Md5Hash, DateTimeOffset.UnixEpoch);

        Assert.That(parameters.Keys, Is.EquivalentTo(new[] { "a", "b" }));
    }

    [TestCase("md5hash", VonageSignatureMethod.Md5Hash)]
    [TestCase("MD5HASH", VonageSignatureMethod.Md5Hash)]
    [TestCase("md5", VonageSignatureMethod.Md5)]
    [TestCase("sha1", VonageSignatureMethod.Sha1)]
    [TestCase(" SHA256 ", VonageSignatureMethod.Sha256)]
    [TestCase("sha512", VonageSignatureMethod.Sha512)]
    public void TryParseMethod_reads_the_dashboard_names(string value, VonageSignatureMethod expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(VonageSignature.TryParseMethod(value, out var method), Is.True);
            Assert.That(method, Is.EqualTo(expected));
        });
    }

    [TestCase("sha384")]
    [TestCase("hmac-md5")]
    [TestCase("")]
    [TestCase(null)]
    public void TryParseMethod_rejects_unknown_names(string? value)
    {
        Assert.That(VonageSignature.TryParseMethod(value, out _), Is.False);
    }
}
