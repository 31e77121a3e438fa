using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using MassTransit.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Sms.Contracts.Inbound;
using Sms.Ingress.Tests.Support;
using Sms.Testing;

namespace Sms.Ingress.Tests.Http;

/// <summary>
/// Bodies the ingress cannot read as sent, over a real socket (Kestrel): one cut short of its Content-Length or with
/// broken chunks is the caller's fault: a 400 or the end of the connection (Kestrel closes one whose body broke off),
/// never an error in the logs or a 500; one that is not UTF-8 is refused
/// 401 unsigned, and kept (bytes read as U+FFFD) when correctly signed.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Structure", "NUnit1032", Justification = "Track hands them to IngressTest, whose TearDown disposes of them.")]
public sealed class UnreadableBodyTests : IngressTest
{
    private WebApplicationFactory<Program> kestrel = null!;
    private CapturedLogs logs = null!;
    private Uri address = null!;
    private ActivityListener requests = null!;
    private SemaphoreSlim requestsFinished = null!;

    [SetUp]
    public void StartIngressOnKestrel()
    {
        logs = Track(new CapturedLogs());
        // Each request's activity stops once the whole pipeline (the error handler's logging included) is done with it.
        requestsFinished = Track(new SemaphoreSlim(0));
        requests = Track(new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = _ => requestsFinished.Release(),
        });
        ActivitySource.AddActivityListener(requests);
        // A free port, not the service's configured one (a platform running on this machine may hold it).
        kestrel = Track(Application.WithWebHostBuilder(builder => builder
            .UseSetting("Urls", "http://127.0.0.1:0")
            .ConfigureLogging(logging => logging.AddProvider(logs))));
        kestrel.UseKestrel(0);
        kestrel.StartServer();
        using var client = kestrel.CreateClient();
        address = client.BaseAddress!;
    }


    private List<InboundSmsReceived> Published() =>
        kestrel.Services.GetTestHarness().Published.Select<InboundSmsReceived>().Select(m => m.Context.Message).ToList();

    private IEnumerable<string> ErrorLines() => logs.Lines.Where(l => l.Level >= LogLevel.Error).Select(l => $"{l.Category}: {l.Text}");

    /// <summary>Sends the request's head and body as given, stops sending, and returns the status line of the answer ("" when the connection ended without one).</summary>
    private async Task<string> SendRawAsync(string head, byte[] body)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, address.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes(head.ReplaceLineEndings("\r\n") + "\r\n"));
        await socket.SendAsync(body);
        socket.Shutdown(SocketShutdown.Send);
        var answer = new MemoryStream();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0) answer.Write(buffer, 0, read);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // The server ended the connection: what arrived before is the answer.
        }
        Assert.That(await requestsFinished.WaitAsync(TimeSpan.FromSeconds(10)), Is.True, "the server finished the request");
        var text = Encoding.ASCII.GetString(answer.ToArray());
        return text.Split("\r\n")[0];
    }

    [TestCase("/webhooks/vonage/inbound", "application/x-www-form-urlencoded")]
    [TestCase("/webhooks/vonage/delivery-receipt", "application/json")]
    [TestCase("/webhooks/vonage/messages/inbound", "application/json")]
    [TestCase("/webhooks/vonage/messages/status", "application/json")]
    [TestCase("/webhooks/twilio/inbound", "application/x-www-form-urlencoded")]
    [TestCase("/webhooks/twilio/status", "application/x-www-form-urlencoded")]
    [TestCase("/v1/messages", "application/json")]
    public async Task A_body_shorter_than_its_Content_Length_is_a_400_and_no_error(string path, string contentType)
    {
        var status = await SendRawAsync($"""
            POST {path} HTTP/1.1
            Host: 127.0.0.1
            X-Api-Key: {IngressApplication.ApiKey}
            Content-Type: {contentType}
            Content-Length: 500

            """, Encoding.ASCII.GetBytes("msisdn=447700900901&to=4477"));

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.Empty.Or.StartWith("HTTP/1.1 400"), "a 400, or the connection simply ends");
            Assert.That(ErrorLines(), Is.Empty);
            Assert.That(Published(), Is.Empty);
        });
    }

    [TestCase("/webhooks/vonage/inbound", "application/json")]
    [TestCase("/webhooks/vonage/messages/inbound", "application/json")]
    [TestCase("/webhooks/twilio/inbound", "application/x-www-form-urlencoded")]
    [TestCase("/v1/messages", "application/json")]
    public async Task A_body_with_broken_chunks_is_a_400_and_no_error(string path, string contentType)
    {
        var status = await SendRawAsync($"""
            POST {path} HTTP/1.1
            Host: 127.0.0.1
            X-Api-Key: {IngressApplication.ApiKey}
            Content-Type: {contentType}
            Transfer-Encoding: chunked

            """, Encoding.ASCII.GetBytes("5\r\n{\"a\":\r\nzz-not-a-size\r\n"));

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.Empty.Or.StartWith("HTTP/1.1 400"), "a 400, or the connection simply ends");
            Assert.That(ErrorLines(), Is.Empty);
        });
    }

    /// <summary>A Messages API inbound whose text holds the byte 0xFF, which is never UTF-8.</summary>
    private static byte[] NotUtf8Inbound() =>
    [
        .. Encoding.UTF8.GetBytes("""{"channel":"sms","message_uuid":"aaaaaaaa-0000-4000-8000-000000000901","to":"447700900000","from":"447700900902","timestamp":"2025-03-01T09:59:58Z","text":"caf"""),
        0xFF,
        .. Encoding.UTF8.GetBytes(""" ok"}"""),
    ];

    [Test]
    public async Task A_signed_Messages_API_inbound_that_is_not_UTF8_is_published_with_a_replacement_character()
    {
        var body = NotUtf8Inbound();
        using var client = kestrel.CreateClient();
        using var request = Application.MessagesRequest("/webhooks/vonage/messages/inbound", body);

        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.Multiple(() =>
        {
            Assert.That(Published().Single().Text, Is.EqualTo("caf\ufffd ok"));
            Assert.That(ErrorLines(), Is.Empty);
        });
    }

    [Test]
    public async Task An_unsigned_Messages_API_inbound_that_is_not_UTF8_is_refused_with_401_and_publishes_nothing()
    {
        using var client = kestrel.CreateClient();
        using var content = new ByteArrayContent(NotUtf8Inbound());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await client.PostAsync("/webhooks/vonage/messages/inbound", content);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(Published(), Is.Empty);
        });
    }

    [Test]
    public async Task A_signed_Vonage_json_inbound_that_is_not_UTF8_is_published_with_a_replacement_character()
    {
        // Signed over the text as it can only be read (U+FFFD for the byte that is not UTF-8).
        var signed = Application.Sign(new Dictionary<string, string>
        {
            ["msisdn"] = "447700900903",
            ["to"] = "447700900000",
            ["messageId"] = "0B00000000UTF8",
            ["text"] = "caf\ufffd ok",
            ["type"] = "text",
            ["message-timestamp"] = "2025-03-01 09:59:58",
        });
        var json = "{" + string.Join(",", signed.Select(p => $"\"{p.Key}\":\"{p.Value}\"")) + "}";
        var bytes = Encoding.UTF8.GetBytes(json.Replace("\ufffd", "\u0001", StringComparison.Ordinal));
        bytes[Array.IndexOf(bytes, (byte)0x01)] = 0xFF;
        using var client = kestrel.CreateClient();
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await client.PostAsync("/webhooks/vonage/inbound", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await response.Content.ReadAsStringAsync());
        Assert.That(Published().Single().Text, Is.EqualTo("caf\ufffd ok"));
    }
}
