extern alias ingress;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Sms.Carriers.Twilio;
using Sms.Carriers.Vonage;
using Sms.Fuzz.Tests.Endpoints;
using Sms.Fuzz.Tests.Http;
using Sms.ServiceDefaults.Text;
using JwtPolicy = ingress::Sms.Ingress.Vonage.JwtPolicy;
using MessagesWebhookJwt = ingress::Sms.Ingress.Vonage.MessagesWebhookJwt;
using SignatureVerdict = ingress::Sms.Ingress.Vonage.SignatureVerdict;
using WebhookSignatureCheck = ingress::Sms.Ingress.Vonage.WebhookSignatureCheck;
using WebhookSignaturePolicy = ingress::Sms.Ingress.Vonage.WebhookSignaturePolicy;

namespace Sms.Fuzz.Tests.Generation;

/// <summary>
/// The fuzz test's premises, checked without the platform: what it calls correctly signed passes the carriers' checks
/// as the ingress makes them, what it calls badly signed does not, its text rule is the platform's, and a seed gives
/// the same requests again.
/// </summary>
[TestFixture]
public sealed class GeneratorTests
{
    private const int IngressPort = 8100;

    private static readonly CarrierSecrets Secrets = new("key01", "signature-secret", VonageSignatureMethod.Sha256,
        "AC0123456789abcdef0123456789abcdef", "twilio-token", "+15550100000", "+15550100001");

    private static IEnumerable<CarrierMessage> Messages(int seed, bool signed)
    {
        var chaos = new Chaos(seed);
        var traffic = new SignedTraffic(chaos, Secrets, IngressPort);
        for (var i = 0; i < 300; i++) yield return traffic.Next(chaos.CustomerNumber(), signed);
    }

    [Test]
    public void Every_webhook_of_a_correctly_signed_message_passes_the_carriers_signature_checks()
    {
        var refused = Messages(11, signed: true).SelectMany(m => m.Webhooks).Where(w => !Authentic(w)).Select(w => w.Description).ToList();
        Assert.That(refused, Is.Empty);
    }

    [Test]
    public void Every_webhook_of_a_badly_signed_message_fails_the_carriers_signature_checks()
    {
        var accepted = Messages(12, signed: false).SelectMany(m => m.Webhooks).Where(Authentic).Select(w => w.Description).ToList();
        Assert.That(accepted, Is.Empty);
    }

    [Test]
    public void The_expected_thread_text_is_the_platforms_text_rule_for_carrier_text()
    {
        var differing = Messages(13, signed: true)
            .Where(m => m.ExpectedText != MessageText.FromCarrier(m.Text, out _))
            .Select(m => m.Describe()).ToList();
        Assert.That(differing, Is.Empty);
    }

    [Test]
    public void A_seed_gives_the_same_requests_again()
    {
        static List<string> Run(int seed)
        {
            var chaos = new Chaos(seed, new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
            var targets = new FuzzTargets
            {
                ApiKey = "key", BusinessNumber = "+15550100000", SessionCookie = "sms_inbox=abc",
                Ports = new Dictionary<string, int> { ["Sms.Ingress"] = IngressPort, ["Sms.Conversations"] = 8500 },
            };
            var generator = new RequestGenerator(chaos, targets);
            FuzzEndpoint[] endpoints =
            [
                new("Sms.Ingress", "POST", "/v1/messages", [[new RoutePart("v1", null, [])], [new RoutePart("messages", null, [])]], [],
                    [new FieldShape("to", ValueKind.Text), new FieldShape("text", ValueKind.Text), new FieldShape("timeToLiveSeconds", ValueKind.Integer)]),
                new("Sms.Conversations", "GET", "/v1/conversations/{id:guid}", [[new RoutePart("v1", null, [])], [new RoutePart("conversations", null, [])],
                    [new RoutePart(null, "id", ["guid"])]], [new FieldShape("limit", ValueKind.Text)], []),
            ];
            return Enumerable.Range(0, 200)
                .Select(_ => generator.Next(chaos.Pick(endpoints)))
                .Select(r => Convert.ToBase64String(RawHttp.Serialize(r, IngressPort)))
                .ToList();
        }

        var first = Run(7);
        Assert.That(Run(7), Is.EqualTo(first));
        Assert.That(Run(8), Is.Not.EqualTo(first));
    }

    /// <summary>Whether the ingress's own checks would take the webhook as the carrier's (signature and freshness).</summary>
    private static bool Authentic(FuzzRequest webhook)
    {
        var now = DateTimeOffset.UtcNow;
        var path = webhook.Target.Split('?')[0];
        var authorization = Header(webhook, "Authorization");
        if (path == "/webhooks/vonage/messages/inbound")
        {
            var policy = new JwtPolicy(true, Secrets.VonageSignatureSecret, TimeSpan.FromMinutes(5), TimeSpan.FromHours(26));
            return MessagesWebhookJwt.IsAccepted(MessagesWebhookJwt.Check(authorization, webhook.Body, policy, now));
        }
        if (path == "/webhooks/twilio/inbound")
        {
            var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(webhook.Body)).ToDictionary(p => p.Key, p => p.Value.ToString());
            return TwilioSignature.Matches($"http://127.0.0.1:{IngressPort}{path}", form, Secrets.TwilioAuthToken, Header(webhook, TwilioSignature.HeaderName));
        }
        var parameters = webhook.Method == "GET"
            ? QueryHelpers.ParseQuery(webhook.Target[(webhook.Target.IndexOf('?', StringComparison.Ordinal) + 1)..]).ToDictionary(p => p.Key, p => p.Value.ToString())
            : Header(webhook, "Content-Type") == "application/json"
                ? JsonParameters(webhook.Body)
                : QueryHelpers.ParseQuery(Encoding.UTF8.GetString(webhook.Body)).ToDictionary(p => p.Key, p => p.Value.ToString());
        var verdict = WebhookSignatureCheck.Check(parameters,
            new WebhookSignaturePolicy(true, Secrets.VonageSignatureSecret, Secrets.VonageMethod, TimeSpan.FromMinutes(5), TimeSpan.FromHours(26)), now);
        return verdict is SignatureVerdict.Valid or SignatureVerdict.ValidLateRetry;
    }

    private static string? Header(FuzzRequest request, string name) =>
        request.Headers.Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Select(h => Encoding.ASCII.GetString(h.Value)).FirstOrDefault();

    /// <summary>A flat JSON object of strings, unpaired surrogates kept (System.Text.Json refuses to read them as strings).</summary>
    private static Dictionary<string, string> JsonParameters(byte[] body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => Unescape(p.Value.GetRawText()));
    }

    private static string Unescape(string literal)
    {
        var builder = new StringBuilder();
        for (var i = 1; i < literal.Length - 1; i++)
        {
            if (literal[i] != '\\') { builder.Append(literal[i]); continue; }
            var escaped = literal[++i];
            builder.Append(escaped switch
            {
                'n' => "\n", 'r' => "\r", 't' => "\t", 'b' => "\b", 'f' => "\f",
                'u' => ((char)Convert.ToInt32(literal.Substring(i + 1, 4), 16)).ToString(),
                _ => escaped.ToString(),
            });
            if (escaped == 'u') i += 4;
        }
        return builder.ToString();
    }
}
