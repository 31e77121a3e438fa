using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Sms.Outbound.Carriers;
using Sms.Outbound.Carriers.Vonage;
using Sms.Outbound.Extensions;
using Sms.Outbound.Tests.Support;

namespace Sms.Outbound.Tests.Contract;

/// <summary>
/// Outbound's real Vonage client (<see cref="VonageSmsClient"/> with Outbound's own wiring) against Stoplight Prism
/// serving Vonage's SMS API spec: every request the client makes must pass Prism's validation, and the client must
/// read Prism's success answer as accepted. Run once per spec:
/// <list type="bullet">
/// <item>1.0.10, the official repository's spec: the key and secret in the form (<c>Vonage:Authentication=Form</c>, the
/// default). Prism serves it at <c>/json</c> (see <see cref="ServerBasePathHandler"/>).</item>
/// <item>1.5.1, the spec Vonage publishes now: <c>/sms/json</c> with HTTP Basic authentication required
/// (<c>Vonage:Authentication=Basic</c>), and no <c>api_secret</c> in the form.</item>
/// </list>
/// Prism must be installed (<c>npm ci</c> in this folder; deploy/test.sh does it): without it the fixture fails and says how.
/// </summary>
[TestFixture("vonage-sms-openapi.v1.0.10.yml", "/sms", VonageAuthentication.Form)]
[TestFixture("vonage-sms-openapi.v1.5.1.yml", "", VonageAuthentication.Basic)]
[NonParallelizable]
public class VonageContractTests(string specFile, string serverBasePath, VonageAuthentication authentication)
{
    private const string ApiKey = "abcd1234";
    private const string ApiSecret = "outbound-test-secret";
    private const string ReceiptUrl = "https://sms.example.com/webhooks/vonage/delivery-receipt";

    private PrismMock prism = null!;
    private readonly ConcurrentQueue<PrismExchange> exchanges = new();

    [OneTimeSetUp]
    public async Task StartPrism() => prism = await PrismMock.StartAsync(specFile);

    [OneTimeTearDown]
    public async Task StopPrism()
    {
        if (prism is not null) await prism.DisposeAsync();
    }

    [SetUp]
    public void Forget() => exchanges.Clear();

    /// <summary>Outbound's services (<c>AddOutboundServices</c>) with the Vonage client pointed at Prism, every exchange recorded.</summary>
    private ServiceProvider Outbound(string? deliveryReceiptUrl)
    {
        var services = OutboundServices.Create(prism.BaseAddress.ToString().TrimEnd('/'), timeoutSeconds: 10, deliveryReceiptUrl,
            new Dictionary<string, string?>
            {
                ["Vonage:ApiKey"] = ApiKey,
                ["Vonage:ApiSecret"] = ApiSecret,
                ["Vonage:Authentication"] = authentication.ToString(),
            });
        services.AddHttpClient<VonageSmsClient>()
            .AddHttpMessageHandler(() => new RecordingHandler(exchanges))
            .AddHttpMessageHandler(() => new ServerBasePathHandler(serverBasePath));
        return services.BuildServiceProvider(validateScopes: true);
    }

    /// <summary>Messages of every shape Outbound sends: senders, encodings, lengths.</summary>
    public static IEnumerable<TestCaseData> Messages()
    {
        yield return Case("GSM-7 from a number", OutboundServices.DefaultFrom, "Your appointment is at 10:00 tomorrow. Reply YES to confirm.", "text");
        yield return Case("GSM-7 with extension characters", OutboundServices.DefaultFrom, "Total: €12 [code {A7}] ~ ^ | \\ see you", "text");
        yield return Case("unicode", OutboundServices.DefaultFrom, "Votre rendez-vous est confirmé ✓ 😀", "unicode");
        yield return Case("long GSM-7, 3 parts", OutboundServices.DefaultFrom, string.Concat(Enumerable.Repeat("Your order has shipped. ", 18)), "text");
        yield return Case("long unicode, 3 parts", OutboundServices.DefaultFrom, string.Concat(Enumerable.Repeat("Commande expédiée ✓ ", 9)), "unicode");
        yield return Case("alphanumeric sender", "AcmeClinic", "Your prescription is ready for collection.", "text");
        yield return Case("alphanumeric sender with a space", "Acme Clinic", "Your prescription is ready for collection.", "text");
        yield return Case("short code sender", "88001", "Reply STOP to opt out.", "text");

        static TestCaseData Case(string name, string from, string text, string type) =>
            new TestCaseData(from, text, type).SetArgDisplayNames(name);
    }

    [TestCaseSource(nameof(Messages))]
    public async Task Every_message_passes_the_specs_validation_and_its_answer_reads_as_accepted(string from, string text, string expectedType)
    {
        foreach (var receiptUrl in new[] { null, ReceiptUrl })
        {
            await using var services = Outbound(receiptUrl);
            var client = services.GetRequiredService<VonageSmsClient>();
            var message = new OutboundSms(Guid.NewGuid(), from, "+447700900501", text);

            var result = await client.SendAsync(message, CancellationToken.None);

            var exchange = exchanges.Last();
            var withReceipt = receiptUrl is null ? "without callback" : "with callback";
            Assert.Multiple(() =>
            {
                Assert.That(exchange.RequestViolations, Is.Empty, $"{withReceipt}: {exchange}");
                Assert.That(exchange.Status, Is.EqualTo(HttpStatusCode.OK), $"{withReceipt}: {exchange}");
                Assert.That(result, Is.TypeOf<CarrierSendResult.Accepted>(), $"{withReceipt}: Prism's success answer, read by the client");
                Assert.That((result as CarrierSendResult.Accepted)?.ProviderMessageIds, Is.Not.Empty);
                Assert.That(exchange.Form["type"], Is.EqualTo(expectedType));
                Assert.That(exchange.Form["client-ref"], Is.EqualTo(message.MessageId.ToString()));
                Assert.That(exchange.Form.GetValueOrDefault("callback"), Is.EqualTo(receiptUrl));
                if (authentication == VonageAuthentication.Basic)
                {
                    Assert.That(exchange.Authorization, Is.EqualTo("Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{ApiKey}:{ApiSecret}"))));
                    Assert.That(exchange.Form.Keys, Has.None.EqualTo("api_key").And.None.EqualTo("api_secret"));
                }
                else
                {
                    Assert.That(exchange.Authorization, Is.Null);
                    Assert.That(exchange.Form["api_secret"], Is.EqualTo(ApiSecret));
                }
            });
        }
        Assert.That(exchanges, Has.Count.EqualTo(2));
    }

    /// <summary>The check can fail: Prism reports a request that breaks the spec, and the same check sees it.</summary>
    [TestCase("from=447700900000&text=Hello", "to")]
    [TestCase("from=447700900000&to=447700900503&text=Hello&status-report-req=1", "status-report-req")]
    [TestCase("from=447700900000&to=447700900503&text=Hello&type=flash", "type")]
    [TestCase("from=447700900000&to=447700900503&text=Hello&ttl=100", "ttl")]
    public async Task A_request_that_breaks_the_spec_is_reported_as_a_violation(string form, string property)
    {
        var exchangesBefore = exchanges.Count;
        using var http = new HttpClient(new RecordingHandler(exchanges)
        {
            InnerHandler = new ServerBasePathHandler(serverBasePath) { InnerHandler = new HttpClientHandler() },
        });
        // Credentials as the client sends them for this spec, so that only the broken property is reported.
        var options = new VonageOptions { ApiKey = ApiKey, ApiSecret = ApiSecret, Authentication = authentication };
        var credentials = authentication == VonageAuthentication.Form ? $"api_key={ApiKey}&api_secret={ApiSecret}&" : "";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(prism.BaseAddress, "/sms/json"))
        {
            Content = new StringContent(credentials + form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Authorization = VonageSmsRequest.Authorization(options);

        using var response = await http.SendAsync(request);

        var exchange = exchanges.Skip(exchangesBefore).Single();
        Assert.Multiple(() =>
        {
            Assert.That(exchange.Status, Is.EqualTo(HttpStatusCode.UnprocessableEntity), exchange.ToString());
            Assert.That(exchange.RequestViolations,
                Has.Some.Matches<string>(v => v.StartsWith($"body.{property}:", StringComparison.Ordinal) || v.Contains($"'{property}'", StringComparison.Ordinal)),
                exchange.ToString());
        });
    }

    [Test]
    public async Task A_path_the_spec_does_not_have_is_reported()
    {
        using var http = new HttpClient(new RecordingHandler(exchanges) { InnerHandler = new HttpClientHandler() });
        using var content = new FormUrlEncodedContent([new("api_key", ApiKey), new("to", "447700900504"), new("from", "447700900000"), new("text", "Hi")]);

        using var response = await http.PostAsync(new Uri(prism.BaseAddress, "/sms/v2/json"), content);

        Assert.That(exchanges.Single().RequestViolations, Has.Some.StartsWith("path:"));
    }
}
