using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sms.Carriers.Segments;
using Sms.Testing;

namespace Sms.Outbound.Tests.Support;

/// <summary>What the fake carrier received: one HTTP request, and when it arrived.</summary>
public sealed record ReceivedRequest(string Method, string Path, string? ContentType, IReadOnlyDictionary<string, string> Form)
{
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The request's <c>Authorization</c> header, when it had one.</summary>
    public string? Authorization { get; init; }
}

/// <summary>What the fake carrier answers.</summary>
public sealed record FakeAnswer(int StatusCode, string Body, TimeSpan Delay = default)
{
    /// <summary>Vonage's success answer: one element per id, every value a string.</summary>
    public static FakeAnswer Accepted(string to, string? clientRef, params string[] messageIds) =>
        Parts(messageIds.Select(id => Part("0", to, clientRef, messageId: id)).ToArray());

    /// <summary>Vonage's error answer: HTTP 200 with a single element carrying the status.</summary>
    public static FakeAnswer Error(string status, string errorText) =>
        Parts(new Dictionary<string, string> { ["status"] = status, ["error-text"] = errorText });

    public static FakeAnswer Parts(params Dictionary<string, string>[] parts) => new(200, JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["message-count"] = parts.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["messages"] = parts,
    }));

    public static Dictionary<string, string> Part(string status, string to, string? clientRef, string? messageId = null, string? errorText = null)
    {
        var part = new Dictionary<string, string> { ["to"] = to, ["status"] = status };
        if (messageId is not null)
        {
            part["message-id"] = messageId;
            part["remaining-balance"] = "3.14159265";
            part["message-price"] = "0.03330000";
            part["network"] = "12345";
        }
        if (clientRef is not null) part["client-ref"] = clientRef;
        if (errorText is not null) part["error-text"] = errorText;
        return part;
    }
}

/// <summary>
/// A real HTTP server (<see cref="LocalHttpServer"/>) that speaks the Vonage SMS API: it records every form it receives
/// and answers like Vonage. By default it accepts the message with one id per part (parts counted as the carrier would).
/// </summary>
public sealed class FakeVonage : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedRequest> received = new();
    private LocalHttpServer server = null!;
    private int sequence;

    private FakeVonage()
    {
    }

    /// <summary>The answer to the next requests; null: accept with one id per part.</summary>
    public Func<ReceivedRequest, FakeAnswer>? Answer { get; set; }

    /// <summary><c>http://127.0.0.1:{port}</c>, without a trailing slash.</summary>
    public string BaseUrl => server.BaseAddress.ToString().TrimEnd('/');

    public IReadOnlyList<ReceivedRequest> Requests => [.. received];

    public IEnumerable<ReceivedRequest> RequestsFor(Guid messageId) =>
        Requests.Where(r => r.Form.GetValueOrDefault("client-ref") == messageId.ToString());

    public static async Task<FakeVonage> StartAsync()
    {
        var fake = new FakeVonage();
        fake.server = await LocalHttpServer.StartAsync(fake.HandleAsync);
        return fake;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var receivedAt = DateTimeOffset.UtcNow; // before the body is read: as close to the arrival as the server sees it
        var form = context.Request.HasFormContentType
            ? (await context.Request.ReadFormAsync(context.RequestAborted)).ToDictionary(f => f.Key, f => f.Value.ToString())
            : new Dictionary<string, string>();
        var request = new ReceivedRequest(context.Request.Method, context.Request.Path.Value ?? "", context.Request.ContentType, form) 
        {
            ReceivedAt = receivedAt,
            Authorization = context.Request.Headers.Authorization.Count > 0 ? context.Request.Headers.Authorization.ToString() : null,
        };
        received.Enqueue(request);

        var answer = (Answer ?? Default)(request);
        if (answer.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(answer.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // the client gave up
            }
        }
        context.Response.StatusCode = answer.StatusCode;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.Body, context.RequestAborted);
    }

    private FakeAnswer Default(ReceivedRequest request)
    {
        var parts = Math.Max(1, SmsSegments.Measure(request.Form.GetValueOrDefault("text", "")).Segments);
        var ids = Enumerable.Range(0, parts)
            .Select(_ => $"0A{Interlocked.Increment(ref sequence):X14}")
            .ToArray();
        return FakeAnswer.Accepted(request.Form.GetValueOrDefault("to", ""), request.Form.GetValueOrDefault("client-ref"), ids);
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
