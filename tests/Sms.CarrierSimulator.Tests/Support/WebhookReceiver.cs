using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sms.Testing;

namespace Sms.CarrierSimulator.Tests.Support;

/// <summary>
/// A webhook as it arrived: method, path, content type and its parameters (query, form or JSON, whichever carried
/// them); also the full URL, the form fields alone and the <c>X-Twilio-Signature</c> header, which Twilio signs over.
/// </summary>
public sealed record CapturedWebhook(string Method, string Path, string? ContentType, IReadOnlyDictionary<string, string> Parameters)
{
    public string Url { get; init; } = "";

    public IReadOnlyDictionary<string, string> Form { get; init; } = new Dictionary<string, string>();

    public string? TwilioSignature { get; init; }

    /// <summary>The <c>Authorization</c> header (the Messages API's JWT), if any.</summary>
    public string? Authorization { get; init; }
}

/// <summary>
/// A real HTTP server (<see cref="LocalHttpServer"/>) standing in for the platform's Ingress: records every webhook the
/// simulator sends and answers <see cref="ResponseStatus"/>.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<CapturedWebhook> _captured = new();
    private LocalHttpServer _server = null!;

    private WebhookReceiver()
    {
    }

    public Uri BaseAddress => _server.BaseAddress;

    public int ResponseStatus { get; set; } = StatusCodes.Status200OK;

    public IReadOnlyList<CapturedWebhook> Captured => [.. _captured];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        receiver._server = await LocalHttpServer.StartAsync(receiver.ReceiveAsync);
        return receiver;
    }

    public string Url(string path) => _server.Url(path);

    public void Reset()
    {
        _captured.Clear();
        ResponseStatus = StatusCodes.Status200OK;
    }

    /// <summary>Waits until <paramref name="count"/> captured webhooks match, and returns them in arrival order.</summary>
    public async Task<IReadOnlyList<CapturedWebhook>> WaitForAsync(Func<CapturedWebhook, bool> match, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var found = _captured.Where(match).ToList();
            if (found.Count >= count) return found;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Expected {count} matching webhook(s) within the timeout, got {found.Count}; captured {_captured.Count} in all.");
            await Task.Delay(20);
        }
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        var request = context.Request;
        var parameters = await ReadParametersAsync(request);
        var form = request.HasFormContentType ? (await request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString()) : [];
        _captured.Enqueue(new CapturedWebhook(request.Method, request.Path.Value ?? "", request.ContentType, parameters)
        {
            Url = BaseAddress.ToString().TrimEnd('/') + request.Path + request.QueryString,
            Form = form,
            TwilioSignature = request.Headers.TryGetValue("X-Twilio-Signature", out var signature) ? signature.ToString() : null,
            Authorization = request.Headers.TryGetValue("Authorization", out var authorization) ? authorization.ToString() : null,
        });
        context.Response.StatusCode = ResponseStatus;
    }

    private static async Task<IReadOnlyDictionary<string, string>> ReadParametersAsync(HttpRequest request)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, values) in request.Query) parameters[key] = values.ToString();
        if (request.HasFormContentType)
        {
            foreach (var (key, values) in await request.ReadFormAsync()) parameters[key] = values.ToString();
        }
        else if (request.HasJsonContentType())
        {
            using var json = await JsonDocument.ParseAsync(request.Body);
            foreach (var property in json.RootElement.EnumerateObject())
                parameters[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
        }
        return parameters;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
