using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Sms.Outbound.Carriers;
using Sms.Outbound.Tests.Support;

namespace Sms.Outbound.Tests.Carriers;

/// <summary>The Vonage client, wired as the service wires it, against a real local HTTP server.</summary>
public class VonageSmsClientTests : OutboundFixture
{
    private static async Task<CarrierSendResult> SendAsync(string baseUrl, OutboundSms message, int timeoutSeconds = 10, string? callback = null)
    {
        await using var provider = OutboundServices.Create(baseUrl, timeoutSeconds, callback).BuildServiceProvider();
        return await provider.GetRequiredService<Sms.Outbound.Carriers.Vonage.VonageSmsClient>().SendAsync(message, CancellationToken.None);
    }

    private static OutboundSms Message(string text = "Your table is booked for 19:30.", string to = "+447700900411", string from = "+447700900000") =>
        new(Guid.NewGuid(), from, to, text);

    [Test]
    public async Task Posts_the_documented_form_fields_to_sms_json()
    {
        var message = Message(from: "ACME");

        await SendAsync(Vonage.BaseUrl, message, callback: "https://sms.example.com/webhooks/vonage/dlr");

        var request = Vonage.RequestsFor(message.MessageId).Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Method, Is.EqualTo("POST"));
            Assert.That(request.Path, Is.EqualTo("/sms/json"));
            Assert.That(request.ContentType, Does.StartWith("application/x-www-form-urlencoded"));
            Assert.That(request.Form, Is.EquivalentTo(new Dictionary<string, string>
            {
                ["api_key"] = "abcd1234",
                ["api_secret"] = "outbound-test-secret",
                ["from"] = "ACME",
                ["to"] = "447700900411",
                ["text"] = "Your table is booked for 19:30.",
                ["type"] = "text",
                ["client-ref"] = message.MessageId.ToString(),
                ["status-report-req"] = "true",
                ["callback"] = "https://sms.example.com/webhooks/vonage/dlr",
            }));
        });
    }

    [Test]
    public async Task With_basic_authentication_the_key_and_secret_go_in_the_authorization_header_only()
    {
        var message = Message();
        var provider = Outbound(new Dictionary<string, string?> { ["Vonage:Authentication"] = "Basic" });

        var result = await provider.GetRequiredService<Sms.Outbound.Carriers.Vonage.VonageSmsClient>().SendAsync(message, CancellationToken.None);

        var request = Vonage.RequestsFor(message.MessageId).Single();
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.TypeOf<CarrierSendResult.Accepted>());
            Assert.That(request.Authorization, Is.EqualTo("Basic " + Convert.ToBase64String("abcd1234:outbound-test-secret"u8.ToArray())));
            Assert.That(request.Form.Keys, Has.None.EqualTo("api_key").And.None.EqualTo("api_secret"));
        });
    }

    [Test]
    public async Task By_default_the_key_and_secret_go_in_the_form_without_an_authorization_header()
    {
        var message = Message();

        await SendAsync(Vonage.BaseUrl, message);

        var request = Vonage.RequestsFor(message.MessageId).Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Authorization, Is.Null);
            Assert.That(request.Form["api_key"], Is.EqualTo("abcd1234"));
        });
    }

    [Test]
    public async Task Unicode_text_arrives_intact_with_type_unicode()
    {
        var message = Message(text: "Réservation confirmée ✓ 😀");

        await SendAsync(Vonage.BaseUrl, message);

        var form = Vonage.RequestsFor(message.MessageId).Single().Form;
        Assert.Multiple(() =>
        {
            Assert.That(form["type"], Is.EqualTo("unicode"));
            Assert.That(form["text"], Is.EqualTo("Réservation confirmée ✓ 😀"));
            Assert.That(form.ContainsKey("callback"), Is.False);
        });
    }

    [Test]
    public async Task A_multipart_message_returns_every_part_id_in_order()
    {
        Vonage.Answer = r => FakeAnswer.Accepted(r.Form["to"], r.Form["client-ref"], "0A00000000PART01", "0A00000000PART02", "0A00000000PART03");

        var result = await SendAsync(Vonage.BaseUrl, Message(text: new string('x', 400)));

        Assert.That(result, Is.TypeOf<CarrierSendResult.Accepted>());
        Assert.That(((CarrierSendResult.Accepted)result).ProviderMessageIds,
            Is.EqualTo(new[] { "0A00000000PART01", "0A00000000PART02", "0A00000000PART03" }));
    }

    [Test]
    public async Task Status_1_is_a_retryable_failure()
    {
        Vonage.Answer = _ => FakeAnswer.Error("1", "Throughput Rate Exceeded - please wait [ 250 ] and retry");

        var result = await SendAsync(Vonage.BaseUrl, Message());

        Assert.That(result, Is.TypeOf<CarrierSendResult.Failed>());
        var error = ((CarrierSendResult.Failed)result).Error;
        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo("1"));
            Assert.That(error.Retryable, Is.True);
        });
    }

    [Test]
    public async Task Status_4_is_a_permanent_failure_with_its_meaning()
    {
        Vonage.Answer = _ => FakeAnswer.Error("4", "invalid credentials");

        var result = await SendAsync(Vonage.BaseUrl, Message());

        Assert.That(result, Is.EqualTo(new CarrierSendResult.Failed(new CarrierError(
            "4", "Invalid credentials: the API key or secret is incorrect, invalid or disabled (carrier: invalid credentials)", false))));
    }

    [TestCase(429)]
    [TestCase(500)]
    [TestCase(502)]
    [TestCase(503)]
    public async Task Throttling_and_server_errors_are_retryable_failures_without_a_carrier_code(int status)
    {
        Vonage.Answer = _ => new FakeAnswer(status, "");

        var result = await SendAsync(Vonage.BaseUrl, Message());

        Assert.That(result, Is.TypeOf<CarrierSendResult.Failed>());
        var error = ((CarrierSendResult.Failed)result).Error;
        Assert.Multiple(() =>
        {
            Assert.That(error.Retryable, Is.True);
            Assert.That(error.Throttled, Is.EqualTo(status == 429), "only 429 says we are too fast");
            Assert.That(error.Code, Is.Null);
            Assert.That(error.Reason, Does.Contain($"HTTP {status}"));
        });
    }

    [TestCase(400)]
    [TestCase(401)]
    [TestCase(404)]
    public async Task Other_client_errors_are_permanent_failures(int status)
    {
        Vonage.Answer = _ => new FakeAnswer(status, "");

        var result = await SendAsync(Vonage.BaseUrl, Message());

        Assert.That(result, Is.TypeOf<CarrierSendResult.Failed>());
        Assert.That(((CarrierSendResult.Failed)result).Error.Retryable, Is.False);
    }

    [Test]
    public async Task A_gateway_timeout_leaves_the_outcome_unknown()
    {
        Vonage.Answer = _ => new FakeAnswer(504, "");

        var result = await SendAsync(Vonage.BaseUrl, Message());

        Assert.That(result, Is.TypeOf<CarrierSendResult.OutcomeUnknown>());
    }

    [Test]
    public async Task No_answer_within_the_timeout_leaves_the_outcome_unknown()
    {
        Vonage.Answer = r => FakeAnswer.Accepted(r.Form["to"], null, "late") with { Delay = TimeSpan.FromSeconds(10) };
        var clock = Stopwatch.StartNew();

        var result = await SendAsync(Vonage.BaseUrl, Message(), timeoutSeconds: 1);

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.TypeOf<CarrierSendResult.OutcomeUnknown>());
            Assert.That(((CarrierSendResult.OutcomeUnknown)result).Reason, Does.StartWith("Outcome unknown"));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        });
    }

    [Test]
    public async Task An_answer_that_is_not_the_api_shape_leaves_the_outcome_unknown()
    {
        Vonage.Answer = _ => new FakeAnswer(200, "<html>maintenance</html>");

        var result = await SendAsync(Vonage.BaseUrl, Message());

        Assert.That(result, Is.TypeOf<CarrierSendResult.OutcomeUnknown>());
    }

    [Test]
    public async Task A_refused_connection_is_a_retryable_failure()
    {
        var closedPort = ClosedPort();

        var result = await SendAsync($"http://127.0.0.1:{closedPort}", Message());

        Assert.That(result, Is.TypeOf<CarrierSendResult.Failed>());
        var error = ((CarrierSendResult.Failed)result).Error;
        Assert.Multiple(() =>
        {
            Assert.That(error.Retryable, Is.True);
            Assert.That(error.Reason, Does.StartWith("Carrier not reachable"));
        });
    }

    [Test]
    public async Task A_connection_that_never_completes_is_a_retryable_failure_not_an_unknown_outcome()
    {
        // A listener that never accepts, with its backlog already full: the kernel drops further connection attempts,
        // so the client's connect hangs as it would towards an unreachable carrier.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var fillers = Enumerable.Range(0, 4).Select(_ => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)).ToList();
        try
        {
            foreach (var filler in fillers)
                _ = filler.ConnectAsync(IPAddress.Loopback, port);
            await Task.Delay(200);

            var result = await SendAsync($"http://127.0.0.1:{port}", Message(), timeoutSeconds: 2);

            Assert.That(result, Is.TypeOf<CarrierSendResult.Failed>());
            Assert.That(((CarrierSendResult.Failed)result).Error.Retryable, Is.True);
        }
        finally
        {
            fillers.ForEach(f => f.Dispose());
        }
    }

    [Test]
    public async Task A_base_url_with_a_path_keeps_it()
    {
        var message = Message();

        await SendAsync(Vonage.BaseUrl + "/vonage", message);

        Assert.That(Vonage.RequestsFor(message.MessageId).Single().Path, Is.EqualTo("/vonage/sms/json"));
    }

    [Test]
    public async Task A_send_cancelled_before_it_starts_does_not_reach_the_carrier()
    {
        var message = Message();
        var provider = Outbound();
        var client = provider.GetRequiredService<Sms.Outbound.Carriers.Vonage.VonageSmsClient>();

        Assert.ThrowsAsync<OperationCanceledException>(() => client.SendAsync(message, new CancellationToken(canceled: true)));
        await Task.Delay(100);
        Assert.That(Vonage.RequestsFor(message.MessageId), Is.Empty);
    }

    private static int ClosedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
