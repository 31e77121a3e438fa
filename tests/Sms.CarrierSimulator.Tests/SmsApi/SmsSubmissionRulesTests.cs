using System.Text;
using Sms.CarrierSimulator.SmsApi;
using Sms.Carriers.Segments;
using Sms.Carriers.Vonage;

namespace Sms.CarrierSimulator.Tests.SmsApi;

public sealed class SmsSubmissionRulesTests
{
    private const string Key = "key12345";
    private const string Secret = "secret-abc";
    private const string SignatureSecret = "sign-secret";

    private static readonly SimulatorCredentials Account = new(Key, Secret, SignatureSecret, VonageSignatureMethod.Md5Hash);

    private static Dictionary<string, string> Valid(params (string Key, string? Value)[] changes)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["api_key"] = Key,
            ["api_secret"] = Secret,
            ["from"] = "15550100000",
            ["to"] = "447700900001",
            ["text"] = "Hello",
        };
        foreach (var (key, value) in changes)
        {
            if (value is null) parameters.Remove(key);
            else parameters[key] = value;
        }
        return parameters;
    }

    private static SmsSubmissionDecision Evaluate(Dictionary<string, string> parameters, string? authorization = null) =>
        SmsSubmissionRules.Evaluate(new SmsApiRequest(parameters, authorization), Account);

    private static SmsSubmission AssertAccepted(SmsSubmissionDecision decision)
    {
        Assert.That(decision, Is.TypeOf<SmsSubmissionDecision.Accepted>(), () => decision.ToString());
        return ((SmsSubmissionDecision.Accepted)decision).Submission;
    }

    private static void AssertRejected(SmsSubmissionDecision decision, int status, string? errorText = null)
    {
        Assert.That(decision, Is.TypeOf<SmsSubmissionDecision.Rejected>(), () => decision.ToString());
        var rejected = (SmsSubmissionDecision.Rejected)decision;
        Assert.Multiple(() =>
        {
            Assert.That(rejected.Status, Is.EqualTo(status));
            if (errorText is not null) Assert.That(rejected.ErrorText, Is.EqualTo(errorText));
        });
    }

    private static string Basic(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));

    [Test]
    public void A_complete_send_with_form_credentials_is_accepted_with_its_fields()
    {
        var submission = AssertAccepted(Evaluate(Valid(("client-ref", "ref-1"), ("callback", "http://127.0.0.1:9/dlr"))));

        Assert.Multiple(() =>
        {
            Assert.That(submission.From, Is.EqualTo("15550100000"));
            Assert.That(submission.To, Is.EqualTo("447700900001"));
            Assert.That(submission.Text, Is.EqualTo("Hello"));
            Assert.That(submission.Type, Is.EqualTo("text"));
            Assert.That(submission.ClientRef, Is.EqualTo("ref-1"));
            Assert.That(submission.Callback, Is.EqualTo("http://127.0.0.1:9/dlr"));
            Assert.That(submission.StatusReportRequested, Is.True);
            Assert.That(submission.Encoding, Is.EqualTo(SmsTextEncoding.Gsm7));
            Assert.That(submission.Segments, Is.EqualTo(1));
        });
    }

    [Test]
    public void Basic_auth_alone_is_enough()
    {
        var parameters = Valid(("api_key", null), ("api_secret", null));

        AssertAccepted(Evaluate(parameters, Basic(Key, Secret)));
    }

    [Test]
    public void Basic_auth_scheme_is_case_insensitive()
    {
        AssertAccepted(Evaluate(Valid(("api_key", null), ("api_secret", null)), "basic " + Basic(Key, Secret)[6..]));
    }

    [TestCase(Key, "wrong")]
    [TestCase("wrongkey", Secret)]
    [TestCase("", "")]
    public void Basic_auth_with_wrong_credentials_answers_status_4(string user, string password)
    {
        AssertRejected(Evaluate(Valid(), Basic(user, password)), 4, "Bad Credentials");
    }

    [TestCase("Basic !!!notbase64")]
    [TestCase("Basic a2V5MTIzNDU=")] // "key12345" with no colon
    [TestCase("Bearer abc")]
    public void A_malformed_authorization_header_answers_status_4(string authorization)
    {
        AssertRejected(Evaluate(Valid(), authorization), 4);
    }

    [TestCase("api_key", "Missing api_key")]
    [TestCase("api_secret", "Missing api_secret")]
    [TestCase("from", "Missing from param")]
    [TestCase("to", "Missing to param")]
    [TestCase("text", "Missing text param")]
    public void A_missing_parameter_answers_status_2(string parameter, string errorText)
    {
        AssertRejected(Evaluate(Valid((parameter, null))), 2, errorText);
    }

    [TestCase("to")]
    [TestCase("from")]
    [TestCase("text")]
    [TestCase("api_key")]
    public void An_empty_required_parameter_answers_status_2(string parameter)
    {
        AssertRejected(Evaluate(Valid((parameter, ""))), 2);
    }

    [TestCase("api_key", "otherkey")]
    [TestCase("api_secret", "other-secret")]
    [TestCase("api_secret", "SECRET-ABC")]
    public void Wrong_form_credentials_answer_status_4(string parameter, string value)
    {
        AssertRejected(Evaluate(Valid((parameter, value))), 4, "Bad Credentials");
    }

    [Test]
    public void Credentials_are_checked_before_the_other_parameters()
    {
        AssertRejected(Evaluate(Valid(("api_secret", "wrong"), ("to", null))), 4);
    }

    [TestCase("+447700900001")]
    [TestCase("00447700900001x")]
    [TestCase("123456")]
    [TestCase("1234567890123456")]
    [TestCase("44 7700 900001")]
    [TestCase("44-7700-900001")]
    [TestCase("not-a-number")]
    public void An_invalid_to_answers_status_3(string to)
    {
        AssertRejected(Evaluate(Valid(("to", to))), 3, "Invalid to address");
    }

    [TestCase("1234567")]
    [TestCase("123456789012345")]
    [TestCase("15550100000")]
    public void A_to_of_7_to_15_digits_is_accepted(string to)
    {
        Assert.That(AssertAccepted(Evaluate(Valid(("to", to)))).To, Is.EqualTo(to));
    }

    [TestCase("MyBrand")]
    [TestCase("My Brand")]
    [TestCase("Brand12345A")]
    [TestCase("15550100000")]
    [TestCase("123456789012345")]
    public void A_numeric_or_alphanumeric_sender_is_accepted(string from)
    {
        Assert.That(AssertAccepted(Evaluate(Valid(("from", from)))).From, Is.EqualTo(from));
    }

    [TestCase("TooLongBrand1")]
    [TestCase("Brand!")]
    [TestCase("1234567890123456")]
    [TestCase("+15550100000")]
    public void An_invalid_sender_answers_status_3(string from)
    {
        AssertRejected(Evaluate(Valid(("from", from))), 3, "Invalid from address");
    }

    [TestCase("wappush")]
    [TestCase("TEXT")]
    [TestCase("binary")]
    public void An_unsupported_type_answers_status_3(string type)
    {
        AssertRejected(Evaluate(Valid(("type", type))), 3);
    }

    [Test]
    public void Text_of_3200_characters_is_accepted_and_3201_answers_status_12()
    {
        Assert.Multiple(() =>
        {
            Assert.That(AssertAccepted(Evaluate(Valid(("text", new string('a', 3200))))).Segments, Is.EqualTo(21));
            AssertRejected(Evaluate(Valid(("text", new string('a', 3201)))), 12, "Message too long");
        });
    }

    [TestCase("20000", true)]
    [TestCase("604800000", true)]
    [TestCase("19999", false)]
    [TestCase("604800001", false)]
    [TestCase("-1", false)]
    [TestCase("abc", false)]
    public void Ttl_must_be_20000_to_604800000_milliseconds(string ttl, bool accepted)
    {
        var decision = Evaluate(Valid(("ttl", ttl)));

        if (accepted) AssertAccepted(decision);
        else AssertRejected(decision, 3, "Invalid ttl");
    }

    [Test]
    public void A_client_ref_of_100_characters_is_accepted_and_101_answers_status_3()
    {
        Assert.Multiple(() =>
        {
            Assert.That(AssertAccepted(Evaluate(Valid(("client-ref", new string('r', 100))))).ClientRef, Has.Length.EqualTo(100));
            AssertRejected(Evaluate(Valid(("client-ref", new string('r', 101)))), 3);
        });
    }

    [Test]
    public void An_empty_client_ref_is_no_client_ref()
    {
        Assert.That(AssertAccepted(Evaluate(Valid(("client-ref", "")))).ClientRef, Is.Null);
    }

    [TestCase("not a url")]
    [TestCase("/relative/dlr")]
    [TestCase("ftp://example.com/dlr")]
    public void An_invalid_callback_answers_status_23(string callback)
    {
        AssertRejected(Evaluate(Valid(("callback", callback))), 23, "Invalid callback url");
    }

    [Test]
    public void A_callback_longer_than_100_characters_answers_status_23()
    {
        AssertRejected(Evaluate(Valid(("callback", "http://127.0.0.1/" + new string('a', 84)))), 23);
    }

    [TestCase(null, true)]
    [TestCase("1", true)]
    [TestCase("true", true)]
    [TestCase("0", false)]
    [TestCase("false", false)]
    public void Status_report_req_says_whether_receipts_are_wanted(string? value, bool expected)
    {
        var parameters = value is null ? Valid() : Valid(("status-report-req", value));

        Assert.That(AssertAccepted(Evaluate(parameters)).StatusReportRequested, Is.EqualTo(expected));
    }

    [TestCase("yes")]
    [TestCase("2")]
    public void An_invalid_status_report_req_answers_status_3(string value)
    {
        AssertRejected(Evaluate(Valid(("status-report-req", value))), 3);
    }

    [TestCase("0", true)]
    [TestCase("3", true)]
    [TestCase("4", false)]
    public void Message_class_must_be_0_to_3(string value, bool accepted)
    {
        var decision = Evaluate(Valid(("message-class", value)));

        if (accepted) AssertAccepted(decision);
        else AssertRejected(decision, 3);
    }

    [TestCase("text", 160, 1, SmsTextEncoding.Gsm7)]
    [TestCase("text", 161, 2, SmsTextEncoding.Gsm7)]
    [TestCase("text", 306, 2, SmsTextEncoding.Gsm7)]
    [TestCase("text", 307, 3, SmsTextEncoding.Gsm7)]
    [TestCase("unicode", 5, 1, SmsTextEncoding.Ucs2)]
    [TestCase("unicode", 70, 1, SmsTextEncoding.Ucs2)]
    [TestCase("unicode", 71, 2, SmsTextEncoding.Ucs2)]
    [TestCase("unicode", 134, 2, SmsTextEncoding.Ucs2)]
    [TestCase("unicode", 135, 3, SmsTextEncoding.Ucs2)]
    public void Gsm_text_is_counted_in_the_encoding_the_type_asks_for(string type, int length, int segments, SmsTextEncoding encoding)
    {
        var submission = AssertAccepted(Evaluate(Valid(("type", type), ("text", new string('a', length)))));

        Assert.Multiple(() =>
        {
            Assert.That(submission.Encoding, Is.EqualTo(encoding));
            Assert.That(submission.Segments, Is.EqualTo(segments));
        });
    }

    [TestCase(160, 1)]
    [TestCase(161, 2)]
    public void Non_gsm_text_sent_as_type_text_is_counted_as_gsm7_like_vonage_does(int length, int segments)
    {
        var submission = AssertAccepted(Evaluate(Valid(("text", new string('á', length)))));

        Assert.Multiple(() =>
        {
            Assert.That(submission.Encoding, Is.EqualTo(SmsTextEncoding.Gsm7));
            Assert.That(submission.Segments, Is.EqualTo(segments));
            Assert.That(submission.Text, Is.EqualTo(new string('á', length)), "the recorded text is what was sent");
        });
    }

    [TestCase(70, 1)]
    [TestCase(71, 2)]
    public void Non_gsm_text_sent_as_type_unicode_is_counted_as_ucs2(int length, int segments)
    {
        var submission = AssertAccepted(Evaluate(Valid(("type", "unicode"), ("text", new string('á', length)))));

        Assert.Multiple(() =>
        {
            Assert.That(submission.Encoding, Is.EqualTo(SmsTextEncoding.Ucs2));
            Assert.That(submission.Segments, Is.EqualTo(segments));
        });
    }

    [Test]
    public void Emoji_sent_as_type_unicode_keep_their_surrogate_pairs_whole()
    {
        var submission = AssertAccepted(Evaluate(Valid(("type", "unicode"), ("text", string.Concat(Enumerable.Repeat("😀", 67))))));

        Assert.That(submission.Segments, Is.EqualTo(3));
    }

    [Test]
    public void A_correctly_signed_request_is_accepted_without_api_secret()
    {
        var parameters = Valid(("api_secret", null), ("timestamp", "1700000000"));
        parameters["sig"] = VonageSignature.Compute(parameters, SignatureSecret, VonageSignatureMethod.Md5Hash);

        AssertAccepted(Evaluate(parameters));
    }

    [Test]
    public void A_signed_request_with_a_wrong_sig_answers_status_14()
    {
        var parameters = Valid(("api_secret", null), ("timestamp", "1700000000"));
        parameters["sig"] = VonageSignature.Compute(parameters, "another-secret", VonageSignatureMethod.Md5Hash);

        AssertRejected(Evaluate(parameters), 14, "Invalid Signature");
    }

    [Test]
    public void A_signed_request_that_was_changed_after_signing_answers_status_14()
    {
        var parameters = Valid(("api_secret", null), ("timestamp", "1700000000"));
        parameters["sig"] = VonageSignature.Compute(parameters, SignatureSecret, VonageSignatureMethod.Md5Hash);
        parameters["text"] = "Hello!";

        AssertRejected(Evaluate(parameters), 14);
    }

    [Test]
    public void A_signed_request_that_also_sends_api_secret_answers_status_32()
    {
        var parameters = Valid(("timestamp", "1700000000"));
        parameters["sig"] = VonageSignature.Compute(parameters, SignatureSecret, VonageSignatureMethod.Md5Hash);

        AssertRejected(Evaluate(parameters), 32);
    }

    [Test]
    public void A_signed_request_without_timestamp_answers_status_2()
    {
        var parameters = Valid(("api_secret", null));
        parameters["sig"] = VonageSignature.Compute(parameters, SignatureSecret, VonageSignatureMethod.Md5Hash);

        AssertRejected(Evaluate(parameters), 2, "Missing timestamp");
    }

    [TestCase("Basic a2V5OnNlY3JldA==", true, "key", "secret")]
    [TestCase("Basic a2V5OnNlYzpyZXQ=", true, "key", "sec:ret")]
    [TestCase("Basic Om5vdXNlcg==", true, "", "nouser")]
    [TestCase("Digest a2V5OnNlY3JldA==", false, "", "")]
    public void TryParseBasic_splits_at_the_first_colon(string header, bool parsed, string user, string password)
    {
        Assert.Multiple(() =>
        {
            Assert.That(SmsSubmissionRules.TryParseBasic(header, out var u, out var p), Is.EqualTo(parsed));
            Assert.That(u, Is.EqualTo(user));
            Assert.That(p, Is.EqualTo(password));
        });
    }
}
