namespace Sms.Conversations.Tests.Support;

/// <summary>
/// A test of the running service through its HTTP API: one <see cref="InboxService"/> (test server, harness bus, real
/// PostgreSQL, a bootstrap admin) for the fixture's tests, and an API-key client. A fixture gives its own settings in
/// <see cref="Settings"/>, and starts what the service talks to (a webhook, an SMTP server) in <see cref="StartPeersAsync"/>.
/// </summary>
public abstract class InboxServiceTest
{
    private HttpClient? _client;

    internal InboxService Service { get; private set; } = null!;

    /// <summary>A client with the API key (an admin), made on first use and disposed with the service.</summary>
    protected HttpClient Client => _client ??= Service.ApiKeyClient();

    /// <summary>Configuration on top of <see cref="InboxService"/>'s, read after <see cref="StartPeersAsync"/>.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    /// <summary>Starts what the service is configured to talk to, before the service.</summary>
    protected virtual Task StartPeersAsync() => Task.CompletedTask;

    /// <summary>Stops what <see cref="StartPeersAsync"/> started, after the service.</summary>
    protected virtual ValueTask StopPeersAsync() => ValueTask.CompletedTask;

    [OneTimeSetUp]
    public async Task StartServiceAsync()
    {
        await StartPeersAsync();
        Service = await InboxService.StartAsync(Settings);
    }

    [OneTimeTearDown]
    public async Task StopServiceAsync()
    {
        _client?.Dispose();
        if (Service is not null)
            await Service.DisposeAsync();
        await StopPeersAsync();
    }
}
