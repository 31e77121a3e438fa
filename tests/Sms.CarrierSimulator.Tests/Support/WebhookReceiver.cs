using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sms.CarrierSimulator.Tests.Support;

/// <summary>A webhook as it arrived: method, path, content type and its parameters (query, form or JSON, whichever carried them).</summary>
public sealed record CapturedWebhook(string Method, string Path, string? ContentType, IReadOnlyDictionary<string, string> Parameters);

/// <summary>
/// A real Kestrel server on a free loopback port standing in for the platform's Ingress: records every webhook the
/// simulator sends and answers <see cref="ResponseStatus"/>.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<CapturedWebhook> _captured = new();

    private WebhookReceiver(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ResponseStatus { get; set; } = StatusCodes.Status200OK;

    public IReadOnlyList<CapturedWebhook> Captured => [.. _captured];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.Run(async context =>
        {
            var parameters = await ReadParametersAsync(context.Request);
            receiver!._captured.Enqueue(new CapturedWebhook(
                context.Request.Method, context.Request.Path.Value ?? "", context.Request.ContentType, parameters));
            context.Response.StatusCode = receiver.ResponseStatus;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver = new WebhookReceiver(app, new Uri(address));
        return receiver;
    }

    public string Url(string path) => new Uri(BaseAddress, path).ToString();

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

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
