using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sms.CarrierSimulator.Extensions;
using Sms.CarrierSimulator.Tests.Support;
using Sms.Carriers.Vonage;

namespace Sms.CarrierSimulator.Tests.Http;

/// <summary><c>POST /simulator/inbound</c>: the simulator plays a customer and sends the Vonage webhook to a real Kestrel receiver.</summary>
public sealed class InboundHttpTests : SimulatorTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostInboundAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync("/simulator/inbound", body);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    [TestCase("POST", "md5hash", VonageSignatureMethod.Md5Hash)]
    [TestCase("GET", "sha256", VonageSignatureMethod.Sha256)]
    [TestCase("POST-JSON", "sha512", VonageSignatureMethod.Sha512)]
    [TestCase("POST", "md5", VonageSignatureMethod.Md5)]
    [TestCase("GET", "sha1", VonageSignatureMethod.Sha1)]
    public async Task A_signed_inbound_sms_reaches_ingress_with_the_configured_method_and_verifies(
        string method, string configuredSignature, VonageSignatureMethod signature)
    {
        await using var factory = SimulatorFactory.For(Receiver, method, configuredSignature);
        using var client = factory.CreateClient();

        var (status, body) = await PostInboundAsync(client, new { from = "+447700900201", to = "+15550100000", text = "Yes & thanks = 👍" });

        var webhook = (await Receiver.WaitForAsync(w => w.Path == "/webhooks/vonage/inbound")).Single();
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body.GetProperty("status").GetInt32(), Is.EqualTo(200));
            Assert.That(webhook.Method, Is.EqualTo(method == "GET" ? "GET" : "POST"));
            Assert.That(webhook.ContentType, method switch
            {
                "GET" => Is.Null,
                "POST" => Does.StartWith("application/x-www-form-urlencoded"),
                _ => Does.StartWith("application/json"),
            });
            Assert.That(webhook.Parameters["msisdn"], Is.EqualTo("447700900201"));
            Assert.That(webhook.Parameters["to"], Is.EqualTo("15550100000"));
            Assert.That(webhook.Parameters["text"], Is.EqualTo("Yes & thanks = 👍"));
            Assert.That(webhook.Parameters["type"], Is.EqualTo("unicode"));
            Assert.That(webhook.Parameters["keyword"], Is.EqualTo("YES"));
            Assert.That(webhook.Parameters["messageId"], Is.EqualTo(body.GetProperty("messageId").GetString()));
            Assert.That(webhook.Parameters["messageId"], Does.Match("^[0-9A-F]{16}$"));
            Assert.That(webhook.Parameters["api-key"], Is.EqualTo(SimulatorFactory.ApiKey));
            Assert.That(webhook.Parameters["message-timestamp"], Does.Match(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$"));
            Assert.That(long.Parse(webhook.Parameters["timestamp"], System.Globalization.CultureInfo.InvariantCulture),
                Is.EqualTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).Within(60));
            Assert.That(webhook.Parameters["nonce"], Is.Not.Empty);
            Assert.That(VonageSignature.Matches(webhook.Parameters, SimulatorFactory.SignatureSecret, signature), Is.True);
        });
    }

    [TestCase("GET")]
    [TestCase("POST-JSON")]
    public async Task Delivery_receipts_use_the_configured_method_too(string method)
    {
        await using var factory = SimulatorFactory.For(Receiver, method, "sha256");
        using var client = factory.CreateClient();

        using var send = await client.PostAsync("/sms/json", new FormUrlEncodedContent(SendForm("447700900202", "hi")));

        var receipt = (await Receiver.WaitForAsync(w => w.Path == "/webhooks/vonage/delivery-receipt")).Single();
        Assert.Multiple(() =>
        {
            Assert.That(receipt.Method, Is.EqualTo(method == "GET" ? "GET" : "POST"));
            Assert.That(receipt.Parameters["msisdn"], Is.EqualTo("447700900202"));
            Assert.That(VonageSignature.Matches(receipt.Parameters, SimulatorFactory.SignatureSecret, VonageSignatureMethod.Sha256), Is.True);
        });
    }

    [Test]
    public async Task A_given_message_id_is_used_and_the_ingress_status_is_passed_back()
    {
        Receiver.ResponseStatus = 503;
        var (status, body) = await PostInboundAsync(Client, new { from = "447700900203", to = "15550100000", text = "STOP", messageId = "CUSTOM-ID-203" });

        var webhook = (await Receiver.WaitForAsync(w => w.Path == "/webhooks/vonage/inbound")).Single();
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body.GetProperty("status").GetInt32(), Is.EqualTo(503));
            Assert.That(body.GetProperty("messageId").GetString(), Is.EqualTo("CUSTOM-ID-203"));
            Assert.That(webhook.Parameters["messageId"], Is.EqualTo("CUSTOM-ID-203"));
            Assert.That(webhook.Parameters["type"], Is.EqualTo("text"));
            Assert.That(webhook.Parameters["keyword"], Is.EqualTo("STOP"));
        });
    }

    [Test]
    public async Task An_unsigned_inbound_sms_carries_no_signature_and_does_not_verify()
    {
        var (status, _) = await PostInboundAsync(Client, new { from = "447700900204", to = "15550100000", text = "hello", signed = false });

        var webhook = (await Receiver.WaitForAsync(w => w.Path == "/webhooks/vonage/inbound")).Single();
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(webhook.Parameters, Does.Not.ContainKey("sig").And.Not.ContainKey("nonce").And.Not.ContainKey("timestamp"));
            Assert.That(webhook.Parameters["msisdn"], Is.EqualTo("447700900204"));
            Assert.That(VonageSignature.Matches(webhook.Parameters, SimulatorFactory.SignatureSecret, VonageSignatureMethod.Md5Hash), Is.False);
        });
    }

    [Test]
    public async Task An_invalid_inbound_request_is_a_400_problem_and_sends_nothing()
    {
        var (status, body) = await PostInboundAsync(Client, new { from = "abc", to = "15550100000" });
        await Task.Delay(100);

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(body.GetProperty("errors").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "from", "text" }));
            Assert.That(Receiver.Captured, Is.Empty);
        });
    }

    [Test]
    public async Task A_non_json_inbound_request_is_a_415_problem()
    {
        using var response = await Client.PostAsync("/simulator/inbound", new StringContent("from=1", Encoding.UTF8, "text/plain"));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        });
    }

    [Test]
    public async Task An_unreachable_ingress_answers_502_with_the_message_id()
    {
        var closedPort = FreePort();
        await using var factory = SimulatorFactory.For(Receiver, overrides: ("Simulator:InboundWebhookUrl", $"http://127.0.0.1:{closedPort}/webhooks/vonage/inbound"));
        using var client = factory.CreateClient();

        var (status, body) = await PostInboundAsync(client, new { from = "447700900205", to = "15550100000", text = "hello", messageId = "ID-205" });

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadGateway));
            Assert.That(body.GetProperty("status").GetInt32(), Is.EqualTo(502));
            Assert.That(body.GetProperty("messageId").GetString(), Is.EqualTo("ID-205"));
        });
    }

    [Test]
    public async Task An_empty_delivery_receipt_url_sends_no_receipts()
    {
        await using var factory = SimulatorFactory.For(Receiver, overrides: ("Simulator:DeliveryReceiptUrl", ""));
        using var client = factory.CreateClient();

        using var first = await client.PostAsync("/sms/json", new FormUrlEncodedContent(SendForm("447700900206", "hi")));
        using var second = await client.PostAsync("/sms/json", new FormUrlEncodedContent(SendForm("447700900207", "hi", ("callback", Receiver.Url("/per-message")))));
        await Receiver.WaitForAsync(w => w.Path == "/per-message");
        await Task.Delay(200);

        Assert.That(Receiver.Captured.Select(w => w.Parameters["msisdn"]), Is.EqualTo(new[] { "447700900207" }),
            "only the send with its own callback got a receipt");
    }

    [TestCase("Simulator:SignatureMethod", "sha384")]
    [TestCase("Simulator:InboundWebhookMethod", "PUT")]
    [TestCase("Simulator:ApiKey", "")]
    [TestCase("Simulator:DeliveryReceiptUrl", "not-a-url")]
    public void Invalid_settings_stop_the_simulator_from_starting(string key, string value)
    {
        // A plain host with the simulator's real wiring: WebApplicationFactory races its own disposal when start fails.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(SimulatorFactory.Settings(Receiver, overrides: (key, value)));
        builder.Services.AddCarrierSimulatorServices();
        using var host = builder.Build();

        Assert.That(() => host.StartAsync(), Throws.InstanceOf<OptionsValidationException>().With.Message.Contains(key.Split(':')[1]));
    }

    [Test]
    public async Task Valid_settings_start_the_simulator_wiring()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(SimulatorFactory.Settings(Receiver));
        builder.Services.AddCarrierSimulatorServices();
        using var host = builder.Build();

        await host.StartAsync();
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        await host.StopAsync();

        Assert.That(lifetime.ApplicationStarted.IsCancellationRequested, Is.True);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
