using System.Net;
using System.Net.Http.Json;
using MassTransit.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Sms.Contracts.Routing;
using Sms.Conversations.Data;
using Sms.Conversations.Http;
using Sms.Testing;

namespace Sms.Conversations.Tests.Support;

/// <summary>The real service on a test server (bus swapped for the test harness, real PostgreSQL) with a bootstrap admin.</summary>
internal sealed class InboxService : IAsyncDisposable
{
    public const string AdminPassword = "admin-password-1";

    private InboxService(HarnessedService<Program> factory, string admin)
    {
        Factory = factory;
        Admin = admin;
    }

    public HarnessedService<Program> Factory { get; }

    /// <summary>The bootstrap admin's user name (unique per fixture).</summary>
    public string Admin { get; }

    public ThreadProjection Projection => Factory.Services.GetRequiredService<ThreadProjection>();

    public InboxQueries Queries => Factory.Services.GetRequiredService<InboxQueries>();

    public ConversationHandoff Handoff => Factory.Services.GetRequiredService<ConversationHandoff>();

    public ITestHarness Bus => Factory.Services.GetRequiredService<ITestHarness>();

    /// <param name="realBus">On the real RabbitMQ (the test servers' virtual host) instead of the test harness.</param>
    public static async Task<InboxService> StartAsync(IReadOnlyDictionary<string, string>? extra = null, bool realBus = false)
    {
        var servers = await Servers.GetAsync();
        await ConversationsDatabase.GetAsync(); // migrated: the test host does not run RunSmsServiceAsync
        var admin = "admin-" + Guid.NewGuid().ToString("N")[..8];
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Postgres"] = servers.Postgres,
            ["Inbox:BootstrapAdmin:Username"] = admin,
            ["Inbox:BootstrapAdmin:Password"] = AdminPassword,
            ["Inbox:Events:PollMilliseconds"] = "100",
            // The failed-messages collector drains the test broker's _error queues only where a test asks for it.
            ["Failures:CollectorEnabled"] = "false",
            ["RabbitMq:Host"] = servers.RabbitMq.Host,
            ["RabbitMq:Port"] = servers.RabbitMq.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RabbitMq:VirtualHost"] = servers.RabbitMq.VirtualHost,
            ["RabbitMq:Username"] = servers.RabbitMq.Username,
            ["RabbitMq:Password"] = servers.RabbitMq.Password,
        };
        if (realBus)
        {
            settings["RabbitMq:Host"] = servers.RabbitMq.Host;
            settings["RabbitMq:Port"] = servers.RabbitMq.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["RabbitMq:VirtualHost"] = servers.RabbitMq.VirtualHost;
            settings["RabbitMq:Username"] = servers.RabbitMq.Username;
            settings["RabbitMq:Password"] = servers.RabbitMq.Password;
        }
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
            settings[key] = value;
        var factory = new HarnessedService<Program>(settings, realBus ? new HarnessedServiceOptions { RealBus = true } : null);
        _ = factory.Server; // starts the host: the bootstrap admin exists from here on
        if (!realBus) await factory.Services.GetRequiredService<ITestHarness>().Start();
        return new InboxService(factory, admin);
    }

    public HttpClient ApiKeyClient() => Factory.CreateClientWithApiKey();

    public HttpClient AnonymousClient() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>A client signed in with the cookie session (and the CSRF header on every call).</summary>
    public async Task<HttpClient> SignedInClientAsync(string username, string password, bool csrfHeader = true)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        using var login = await client.PostAsJsonAsync("/auth/login", new { username, password });
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await login.Content.ReadAsStringAsync());
        if (csrfHeader)
            client.DefaultRequestHeaders.Add("X-Requested-With", "inbox");
        return client;
    }

    /// <summary>Signs in and returns the value of the session cookie the answer set.</summary>
    public async Task<string> SignInAsync(string username, string password, string? userAgent = null)
    {
        using var client = AnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/login") { Content = JsonContent.Create(new { username, password }) };
        if (userAgent is not null)
            request.Headers.UserAgent.ParseAdd(userAgent);
        using var login = await client.SendAsync(request);
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await login.Content.ReadAsStringAsync());
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("sms_inbox=", StringComparison.Ordinal));
        return cookie["sms_inbox=".Length..cookie.IndexOf(';', StringComparison.Ordinal)];
    }

    /// <summary>A client that sends the given session cookie value on every call, whatever the answers say (and the CSRF header).</summary>
    public HttpClient ClientWithCookie(string cookie)
    {
        var client = AnonymousClient();
        client.DefaultRequestHeaders.Add("Cookie", $"sms_inbox={cookie}");
        client.DefaultRequestHeaders.Add("X-Requested-With", "inbox");
        return client;
    }

    /// <summary>Creates an agent through the API (as the API key) and returns its user name.</summary>
    public async Task<string> CreateAgentAsync(string role = "agent", string password = "agent-password-1")
    {
        var username = $"{role}-{Guid.NewGuid():N}"[..20];
        using var client = ApiKeyClient();
        using var response = await client.PostAsJsonAsync("/v1/agents", new { username, displayName = "Test " + role, password, role });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return username;
    }

    /// <summary>Publishes an escalation on the harness bus and waits until the consumer stored it.</summary>
    public async Task PublishEscalationAsync(ConversationEscalated escalated)
    {
        await Bus.Bus.Publish(escalated);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while ((await Queries.ListConversationsAsync(new ConversationListQuery(null, 1, null) { Search = escalated.CustomerNumber }, CancellationToken.None)).Count == 0)
        {
            Assert.That(DateTimeOffset.UtcNow, Is.LessThan(deadline), "the escalation was not consumed");
            await Task.Delay(20);
        }
    }

    /// <summary>A URL of the pattern: route values that pass its constraints.</summary>
    public static string UrlOf(RoutePattern pattern) => string.Concat(pattern.PathSegments.Select(segment => "/" + string.Concat(segment.Parts.Select(part => part switch
    {
        RoutePatternLiteralPart literal => literal.Content,
        RoutePatternSeparatorPart separator => separator.Content,
        RoutePatternParameterPart { Name: "id" } => Guid.NewGuid().ToString(),
        RoutePatternParameterPart { Name: "number" or "customerNumber" } => Uri.EscapeDataString("+447700900123"),
        RoutePatternParameterPart { Name: "documentName" } => "v1",
        RoutePatternParameterPart { Name: "username" } => "someone",
        RoutePatternParameterPart { Name: "deliveryId" } => "1",
        RoutePatternParameterPart parameter => throw new InvalidOperationException($"No value for {{{parameter.Name}}} in {pattern.RawText}: add one here."),
        _ => throw new InvalidOperationException(pattern.RawText),
    }))));

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}
