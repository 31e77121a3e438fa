using MassTransit;
using Sms.ServiceDefaults.Messaging;

namespace Sms.Benchmark.Floor;

/// <summary>The carrier the floor sends to: the same simulator and Vonage send the platform's Outbound uses, without receipts.</summary>
public sealed class FloorCarrierClient(HttpClient http, IConfiguration configuration)
{
    private readonly Uri _send = new(new Uri(configuration["Vonage:RestBaseUrl"] ?? "http://127.0.0.1:8900"), "/sms/json");
    private readonly string _apiKey = configuration["Vonage:ApiKey"] ?? "";
    private readonly string _apiSecret = configuration["Vonage:ApiSecret"] ?? "";

    public async Task SendAsync(FloorSmsApproved message, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["api_key"] = _apiKey,
            ["api_secret"] = _apiSecret,
            ["from"] = message.BusinessNumber.TrimStart('+'),
            ["to"] = message.Customer.TrimStart('+'),
            ["text"] = "Thanks, see you tomorrow!",
            ["client-ref"] = message.ProviderMessageId,
            ["status-report-req"] = "0",
        });
        using var response = await http.PostAsync(_send, content, cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}

/// <summary>
/// <c>Sms.Benchmark floor-host</c>: what the machine allows for the platform's conversation path. A webhook endpoint
/// that publishes once the broker confirmed (as Ingress does), the same broker deliveries with consumers that only
/// forward, on the platform's bus settings (<c>AddSmsMessaging</c>: retries, in-memory outbox, prefetch), and the
/// carrier send over HTTP. Configured like a service: <c>Urls</c>, <c>RabbitMq__*</c>, <c>Vonage__RestBaseUrl</c>,
/// <c>Vonage__ApiKey</c>, <c>Vonage__ApiSecret</c>.
/// </summary>
public static class FloorHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        // Warnings only, whatever the environment asks of the services: the floor does no work, logging included.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
        builder.Services.AddHttpClient<FloorCarrierClient>().RemoveAllLoggers();
        builder.AddSmsMessaging(bus =>
        {
            bus.AddConsumer<FloorComplianceInboundConsumer>();
            bus.AddConsumer<FloorConversationsInboundConsumer>();
            bus.AddConsumer<FloorRouterConsumer>();
            bus.AddConsumer<FloorConversationsClassifiedConsumer>();
            bus.AddConsumer<FloorComplianceSendConsumer>();
            bus.AddConsumer<FloorOutboundConsumer>();
            bus.AddConsumer<FloorRouterSentConsumer>();
            bus.AddConsumer<FloorConversationsSentConsumer>();
        });

        var app = builder.Build();
        app.MapGet("/health/ready", () => Results.Ok());
        app.MapPost("/webhooks/vonage/inbound", async (HttpRequest request, IPublishEndpoint publisher, CancellationToken cancellationToken) =>
        {
            var form = await request.ReadFormAsync(cancellationToken);
            await publisher.Publish(new FloorInboundReceived
            {
                ProviderMessageId = form["messageId"].ToString(),
                Customer = form["msisdn"].ToString(),
                BusinessNumber = form["to"].ToString(),
                Text = form["text"].ToString(),
            }, cancellationToken);
            return Results.NoContent();
        });
        await app.RunAsync();
        return 0;
    }
}
