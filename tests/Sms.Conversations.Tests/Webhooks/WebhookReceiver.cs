using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sms.Testing;

namespace Sms.Conversations.Tests.Webhooks;

/// <summary>
/// A customer's system receiving webhooks: a real HTTP server that keeps every request as it came (raw body, headers)
/// and answers what the test says. <see cref="Verify"/> is the receiver's own check of a signature, written here from
/// the README's description rather than with the service's code.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly LocalHttpServer _server;

    private WebhookReceiver(LocalHttpServer server, ConcurrentQueue<ReceivedWebhook> received)
    {
        _server = server;
        Received = received;
    }

    public ConcurrentQueue<ReceivedWebhook> Received { get; }

    /// <summary>The status to answer for a request; 200 unless the test says otherwise.</summary>
    public Func<ReceivedWebhook, int> Answer { get; set; } = _ => 200;

    /// <summary>How long each answer takes.</summary>
    public TimeSpan Delay { get; set; }

    public string Url(string path = "/hooks") => _server.Url(path);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var received = new ConcurrentQueue<ReceivedWebhook>();
        WebhookReceiver? receiver = null;
        var server = await LocalHttpServer.StartAsync(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var request = new ReceivedWebhook(
                context.Request.Path, context.Request.Headers["Sms-Webhook-Id"].ToString(), context.Request.Headers["Sms-Webhook-Timestamp"].ToString(),
                context.Request.Headers["Sms-Webhook-Signature"].ToString(), context.Request.ContentType ?? "", body.ToArray());
            received.Enqueue(request);
            if (receiver!.Delay > TimeSpan.Zero)
                await Task.Delay(receiver.Delay);
            context.Response.StatusCode = receiver.Answer(request);
        });
        receiver = new WebhookReceiver(server, received);
        return receiver;
    }

    /// <summary>
    /// The receiver's check: HMAC-SHA256 with the secret over the timestamp header, a dot and the raw body, compared in
    /// constant time with the hex after <c>v1=</c>.
    /// </summary>
    public static bool Verify(string secret, ReceivedWebhook request)
    {
        if (!request.Signature.StartsWith("v1=", StringComparison.Ordinal))
            return false;
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var expected = hmac.ComputeHash(Encoding.UTF8.GetBytes(request.Timestamp + "." + Encoding.UTF8.GetString(request.Body)));
        return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(request.Signature[3..]));
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

internal sealed record ReceivedWebhook(string Path, string Id, string Timestamp, string Signature, string ContentType, byte[] Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Type => Json.GetProperty("type").GetString()!;

    public string Data(string property) => Json.GetProperty("data").GetProperty(property).ToString();
}
