using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sms.Carriers.Segments;
using Sms.Carriers.Twilio;
using Sms.Carriers.Vonage;
using Sms.Fuzz.Tests.Http;

namespace Sms.Fuzz.Tests.Generation;

/// <summary>The carrier accounts of the platform under test: what signs a webhook correctly.</summary>
public sealed record CarrierSecrets(
    string VonageApiKey, string VonageSignatureSecret, VonageSignatureMethod VonageMethod, string TwilioAccountSid, string TwilioAuthToken,
    string VonageNumber, string TwilioNumber);

/// <summary>
/// One customer message as a carrier delivers it: one or more webhooks (the parts of a long SMS, or a carrier's retry
/// of the same webhook). <see cref="Signed"/> says whether every webhook is signed as the carrier signs; a badly signed
/// message must never reach the bus. <see cref="ExpectedText"/> is the text the thread must show: the carrier's text
/// with U+0000 as "@" and unpaired surrogates as U+FFFD, trimmed, in normalisation form C (the platform's text rule).
/// </summary>
public sealed record CarrierMessage(string Customer, string Kind, bool Signed, string Text, string ExpectedText, IReadOnlyList<FuzzRequest> Webhooks)
{
    /// <summary>What is hostile about the text ("NUL inside", "unpaired high surrogate", …), for the report.</summary>
    public string TextShape { get; init; } = "";

    public string Describe() => $"{Customer} ({Kind}): {Wire.Preview(Text, 100)} via {string.Join(" | ", Webhooks.Select(w => w.Description))}";
}

/// <summary>
/// Makes customer messages with hostile but valid texts (NUL, unpaired surrogates, emoji, control characters, 1,600
/// characters, decomposed accents, surrounding spaces) as signed Vonage SMS API webhooks (form, query string or
/// JSON; long ones in parts), Vonage Messages API webhooks (JWT) and Twilio webhooks; and their badly signed twins
/// (signature altered, missing, made with another secret, over another text or URL, expired).
/// </summary>
public sealed class SignedTraffic(Chaos chaos, CarrierSecrets secrets, int ingressPort)
{
    private const string VonageInbound = "/webhooks/vonage/inbound";
    private const string MessagesInbound = "/webhooks/vonage/messages/inbound";
    private const string TwilioInbound = "/webhooks/twilio/inbound";

    public CarrierMessage Next(string customer, bool signed)
    {
        var text = HostileValidText(out var surrogates, out var shape);
        var message = chaos.Below(3) switch
        {
            0 => Vonage(customer, text, signed, jsonOnly: surrogates),
            1 => Messages(customer, text, signed),
            _ when surrogates => Messages(customer, text, signed),
            _ => Twilio(customer, text, signed),
        };
        return message with { TextShape = shape };
    }

    /// <summary>A text a customer's phone can send; <paramref name="surrogates"/> when it holds an unpaired surrogate, which only JSON can carry.</summary>
    private string HostileValidText(out bool surrogates, out string shape)
    {
        surrogates = false;
        var word = "msg" + chaos.Digits(4);
        switch (chaos.Below(12))
        {
            case 0: shape = "NUL inside"; return $"Meet at 10\0pm {word}";
            case 1: shape = "NUL at both ends"; return "\0" + word + "\0";
            case 2: shape = "unpaired high surrogate"; surrogates = true; return $"half an emoji \uD83D {word}";
            case 3: shape = "unpaired low surrogates"; surrogates = true; return $"\uDE00 reversed \uDE00\uD83D {word}";
            case 4: shape = "emoji sequences"; return $"👍 yes 👨‍👩‍👧‍👦🇬🇧 {word}";
            case 5: shape = "1,600 GSM characters"; return word + " " + new string('x', 1_590);
            case 6: shape = "1,288 UCS-2 characters with emoji"; return word + " " + string.Concat(Enumerable.Repeat("é字😀", 320));
            case 7: shape = "spaces, tab and CRLF around"; return $"  \t {word} with spaces around \r\n ";
            case 8: shape = "decomposed accent and control characters"; return $"Cafe\u0301 {word} bell\u0007 esc\u001B del\u007F";
            case 9: shape = "the whole GSM alphabet"; return $"@£$¥èéùìòÇ Øø ÅåΔ_ΦΓΛΩΠΨΣΘΞ ÆæßÉ !\"#¤%&'()*+,-./ {word} €{{}}[~]|^\\";
            case 10: shape = "bidi override, BOM, zero width"; return $"\u202Eright to left\u202C {word} \uFEFF zero\u200Bwidth";
            default: shape = "line breaks, & and = and markup"; return $"line one\nline two\r\nline three {word} &amp; a=b&c=d %20 + <b>";
        }
    }

    /// <summary>The platform's text rule for carrier text, written out independently of the code under test.</summary>
    public static string Expected(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) builder.Append(c).Append(text[++i]);
            else if (char.IsSurrogate(c)) builder.Append('\uFFFD');
            else if (c == '\0') builder.Append('@');
            else builder.Append(c);
        }
        return builder.ToString().Trim().Normalize(NormalizationForm.FormC);
    }

    private CarrierMessage Vonage(string customer, string text, bool signed, bool jsonOnly)
    {
        var shape = jsonOnly ? "json" : chaos.Pick(["form", "form", "query", "json"]);
        // A long text comes in parts now and then; in a query string always, in parts of one SMS each as the carrier
        // sends them (a whole 1,600-character text would make a URL longer than any server takes).
        var parts = shape == "query" && text.Length > 67 ? Split(text, (text.Length + 66) / 67)
            : text.Length > 160 && chaos.Chance(0.6) ? Split(text, chaos.Between(2, 5))
            : [text];
        var reference = chaos.Digits(4);
        var webhooks = new List<FuzzRequest>();
        for (var i = 0; i < parts.Count; i++)
        {
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["msisdn"] = customer.TrimStart('+'),
                ["to"] = secrets.VonageNumber.TrimStart('+'),
                ["messageId"] = chaos.Pick(["4", "3", "1"]) + Hex(15),
                ["text"] = parts[i],
                ["type"] = SmsSegments.IsGsm7(parts[i]) ? "text" : "unicode",
                ["keyword"] = Keyword(parts[i]),
                ["message-timestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                ["api-key"] = secrets.VonageApiKey,
            };
            if (parts.Count > 1)
            {
                parameters["concat"] = "true";
                parameters["concat-ref"] = reference;
                parameters["concat-total"] = parts.Count.ToString(CultureInfo.InvariantCulture);
                parameters["concat-part"] = (i + 1).ToString(CultureInfo.InvariantCulture);
            }
            var now = DateTimeOffset.UtcNow;
            var signedParameters = VonageSignature.Sign(parameters, secrets.VonageSignatureSecret, secrets.VonageMethod, now);
            // Every part of a badly signed message is refused: a correctly signed part alone would rightly go on.
            var refusal = signed ? null : SpoilVonage(signedParameters, now);
            webhooks.Add(VonageRequest(shape, signedParameters, refusal ?? "signed"));
        }
        var message = new CarrierMessage(customer, $"vonage sms api ({shape}{(parts.Count > 1 ? $", {parts.Count} parts" : "")})",
            signed, text, Expected(string.Concat(parts)), webhooks);
        return WithRetry(message);
    }

    private string SpoilVonage(Dictionary<string, string> parameters, DateTimeOffset now)
    {
        switch (chaos.Below(6))
        {
            case 0:
                var sig = parameters[VonageSignature.SignatureParameter].ToCharArray();
                var at = chaos.Below(sig.Length);
                sig[at] = sig[at] == 'a' ? 'b' : 'a';
                parameters[VonageSignature.SignatureParameter] = new string(sig);
                return "sig altered";
            case 1:
                parameters.Remove(VonageSignature.SignatureParameter);
                return "sig missing";
            case 2:
                parameters[VonageSignature.SignatureParameter] = VonageSignature.Compute(parameters, "another-secret", secrets.VonageMethod);
                return "sig made with another secret";
            case 3:
                parameters["text"] += " (changed after signing)";
                return "text changed after signing";
            case 4:
                parameters[VonageSignature.TimestampParameter] = now.AddDays(-3).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                parameters[VonageSignature.SignatureParameter] = VonageSignature.Compute(parameters, secrets.VonageSignatureSecret, secrets.VonageMethod);
                return "signed three days ago";
            default:
                parameters[VonageSignature.SignatureParameter] = VonageSignature.Compute(parameters, secrets.VonageSignatureSecret, VonageSignatureMethod.Md5Hash);
                return "sig made with another method";
        }
    }

    private FuzzRequest VonageRequest(string shape, Dictionary<string, string> parameters, string signing)
    {
        var description = $"vonage sms api {shape}, {signing}, text={Wire.Preview(parameters.GetValueOrDefault("text") ?? "", 60)}";
        return shape switch
        {
            "query" => new FuzzRequest("Sms.Ingress", "GET", VonageInbound + "?" + Wire.Form(parameters), [], [], description),
            "json" => Post(VonageInbound, "application/json", Wire.Bytes("{" + string.Join(",", parameters.Select(p => Wire.JsonString(p.Key) + ":" + Wire.JsonString(p.Value))) + "}"), [], description),
            _ => Post(VonageInbound, "application/x-www-form-urlencoded", Encoding.ASCII.GetBytes(Wire.Form(parameters)), [], description),
        };
    }

    private CarrierMessage Messages(string customer, string text, bool signed)
    {
        var uuid = chaos.Guid().ToString();
        var json = "{\"channel\":\"sms\",\"message_uuid\":" + Wire.JsonString(uuid) + ",\"to\":" + Wire.JsonString(secrets.VonageNumber.TrimStart('+'))
                   + ",\"from\":" + Wire.JsonString(customer.TrimStart('+')) + ",\"timestamp\":" + Wire.JsonString(DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))
                   + ",\"text\":" + Wire.JsonString(text) + ",\"sms\":{\"num_messages\":\"1\"}}";
        var body = Wire.Bytes(json);
        var claims = new Dictionary<string, object>
        {
            ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["jti"] = chaos.Guid().ToString(),
            ["iss"] = "Vonage",
            ["payload_hash"] = Convert.ToHexStringLower(SHA256.HashData(body)),
            ["api_key"] = secrets.VonageApiKey,
            ["application_id"] = "aaaaaaaa-bbbb-cccc-dddd-0123456789ab",
        };
        var secret = secrets.VonageSignatureSecret;
        var algorithm = "HS256";
        var signing = "signed";
        string? authorization = null;
        if (!signed)
        {
            switch (chaos.Below(6))
            {
                case 0: signing = "no Authorization"; authorization = ""; break;
                case 1: signing = "signed with another secret"; secret = "another-secret"; break;
                case 2: signing = "alg none"; algorithm = "none"; break;
                case 3: signing = "payload_hash of another body"; claims["payload_hash"] = Convert.ToHexStringLower(SHA256.HashData(Wire.Bytes(json + " "))); break;
                case 4: signing = "issued three days ago"; claims["iat"] = DateTimeOffset.UtcNow.AddDays(-3).ToUnixTimeSeconds(); break;
                default: signing = "issued a day ahead"; claims["iat"] = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds(); break;
            }
        }
        authorization ??= "Bearer " + Jwt(claims, secret, algorithm);
        var headers = authorization.Length == 0 ? new List<(string, byte[])>() : [("Authorization", Encoding.ASCII.GetBytes(authorization))];
        var request = Post(MessagesInbound, "application/json", body, headers, $"vonage messages api, {signing}, text={Wire.Preview(text, 60)}");
        return WithRetry(new CarrierMessage(customer, "vonage messages api", signed, text, Expected(text), [request]));
    }

    private CarrierMessage Twilio(string customer, string text, bool signed)
    {
        var sid = "SM" + Hex(32);
        var form = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["MessageSid"] = sid,
            ["SmsSid"] = sid,
            ["SmsMessageSid"] = sid,
            ["AccountSid"] = secrets.TwilioAccountSid,
            ["From"] = customer,
            ["To"] = secrets.TwilioNumber,
            ["Body"] = text,
            ["NumMedia"] = "0",
            ["NumSegments"] = Math.Max(1, SmsSegments.Measure(text).Segments).ToString(CultureInfo.InvariantCulture),
            ["SmsStatus"] = "received",
            ["ApiVersion"] = TwilioApi.ApiVersion,
        };
        var url = $"http://127.0.0.1:{ingressPort}{TwilioInbound}";
        var signature = TwilioSignature.Compute(url, form, secrets.TwilioAuthToken);
        var signing = "signed";
        if (!signed)
        {
            switch (chaos.Below(4))
            {
                case 0: signing = "no X-Twilio-Signature"; signature = ""; break;
                case 1: signing = "signed with another token"; signature = TwilioSignature.Compute(url, form, "another-token"); break;
                case 2: signing = "signed over another URL"; signature = TwilioSignature.Compute(url + "?x=1", form, secrets.TwilioAuthToken); break;
                default: signing = "body changed after signing"; form["Body"] = text + " (changed)"; break;
            }
        }
        var headers = signature.Length == 0 ? new List<(string, byte[])>() : [(TwilioSignature.HeaderName, Encoding.ASCII.GetBytes(signature))];
        var request = Post(TwilioInbound, "application/x-www-form-urlencoded", Encoding.ASCII.GetBytes(Wire.Form(form)), headers,
            $"twilio, {signing}, text={Wire.Preview(text, 60)}");
        return WithRetry(new CarrierMessage(customer, "twilio", signed, text, Expected(text), [request]));
    }

    /// <summary>Now and then the carrier sends a webhook again (its retry): the message must still be in its thread once.</summary>
    private CarrierMessage WithRetry(CarrierMessage message)
    {
        if (!chaos.Chance(0.15)) return message;
        var again = chaos.Pick(message.Webhooks);
        return message with { Webhooks = [.. message.Webhooks, again with { Description = "the carrier's retry of: " + again.Description }] };
    }

    private static FuzzRequest Post(string path, string contentType, byte[] body, List<(string, byte[])> headers, string description) =>
        new("Sms.Ingress", "POST", path, [("Content-Type", Encoding.ASCII.GetBytes(contentType)), .. headers], body, description);

    private List<string> Split(string text, int count)
    {
        var parts = new List<string>();
        var size = text.Length / count;
        var start = 0;
        for (var i = 0; i < count - 1; i++)
        {
            var end = start + size;
            // A part may end in half of a surrogate pair only where JSON carries it; keep pairs whole otherwise.
            if (char.IsHighSurrogate(text[end - 1])) end++;
            parts.Add(text[start..end]);
            start = end;
        }
        parts.Add(text[start..]);
        return parts;
    }

    private static string Keyword(string text)
    {
        var words = text.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return words.Length == 0 ? "" : words[0].ToUpperInvariant();
    }

    private string Hex(int length) => Convert.ToHexStringLower(chaos.Bytes((length + 1) / 2))[..length];

    private static string Jwt(IReadOnlyDictionary<string, object> claims, string secret, string algorithm)
    {
        var header = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
            new Dictionary<string, object> { ["alg"] = algorithm, ["typ"] = "JWT" }));
        var payload = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = algorithm == "none"
            ? ""
            : System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(header + "." + payload)));
        return $"{header}.{payload}.{signature}";
    }
}
