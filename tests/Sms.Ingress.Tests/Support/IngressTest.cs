using MassTransit;
using Sms.Contracts.Conversations;
using Sms.Testing;

namespace Sms.Ingress.Tests.Support;

/// <summary>
/// The base of every test that hosts the ingress: <see cref="Application"/> (with <see cref="Client"/> and
/// <see cref="ApiClient"/>) is started for the test that first uses it, <see cref="Ingress"/> starts one with settings
/// of its own, and whatever a test started or <see cref="Track{T}"/>ed is disposed of when it ends. A test class keeps
/// only what is its own.
/// </summary>
public abstract class IngressTest
{
    private readonly List<object> owned = [];
    private readonly List<IngressApplication> notStarting = [];
    private IngressApplication? application;
    private HttpClient? client;
    private HttpClient? apiClient;

    /// <summary>This test's ingress with the default settings (<see cref="IngressApplication"/>).</summary>
    protected IngressApplication Application => application ??= Ingress();

    /// <summary>A client of <see cref="Application"/>, as a carrier calls it: no API key.</summary>
    protected HttpClient Client => client ??= Application.CreateClient();

    /// <summary>A client of <see cref="Application"/> that sends the API key, as an upstream system or an operator calls it.</summary>
    protected HttpClient ApiClient => apiClient ??= Application.CreateClientWithApiKey();

    /// <summary>Another ingress for this test, with settings of its own (a null value: the setting empty) or a bus that fails.</summary>
    protected IngressApplication Ingress(IReadOnlyDictionary<string, string?>? settings = null, Action<IBusRegistrationConfigurator>? configureBus = null) =>
        Track(new IngressApplication(settings, configureBus));

    /// <summary>
    /// An ingress whose broker runs <paramref name="onPublish"/> on every publish (real MassTransit behaviour, not a mock
    /// of the publish endpoint): throwing is a broker that refuses it (<see cref="Refuse"/>), never completing one that
    /// does not answer; the ingress waits <paramref name="publishTimeout"/> for it.
    /// </summary>
    /// <param name="settings">Settings of the test's own, besides the publish timeout.</param>
    /// <param name="configureBus">What else the test's bus has (a stand-in for another service's consumer).</param>
    protected IngressApplication IngressWithBroker(
        Func<PublishContext, Task> onPublish, string publishTimeout = "00:00:00.300",
        IReadOnlyDictionary<string, string?>? settings = null, Action<IBusRegistrationConfigurator>? configureBus = null) => Ingress(
        new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Ingress:PublishTimeout"] = publishTimeout },
        bus =>
        {
            configureBus?.Invoke(bus);
            bus.UsingInMemory((context, cfg) =>
            {
                // Only the ingress's own messages meet the test's broker: the request for the API clients' list, published
                // as it starts, is not what a test of a webhook's publish counts.
                cfg.ConfigurePublish(p => p.UseExecuteAsync(context =>
                    context is PublishContext<ApiClientsRequested> or PublishContext<ApiClientUsed> ? Task.CompletedTask : onPublish(context)));
                cfg.ConfigureEndpoints(context);
            });
        });

    /// <summary>What a broker that refuses a publish does, for <see cref="IngressWithBroker"/>.</summary>
    protected static Task Refuse() => throw new InvalidOperationException("The broker refused the publish (test).");

    /// <summary>An ingress for this test on the real RabbitMQ instead of the test harness.</summary>
    protected IngressApplication Ingress(RabbitMqAddress broker) => Track(new IngressApplication(broker));

    /// <summary>Why an ingress with these settings refuses to start (the test fails if it starts).</summary>
    protected Exception StartFailure(IReadOnlyDictionary<string, string?> settings)
    {
        var refused = new IngressApplication(settings);
        notStarting.Add(refused);
        return Assert.Catch(() => refused.CreateClient())!;
    }

    /// <summary>Disposes of <paramref name="resource"/> (<see cref="IDisposable"/> or <see cref="IAsyncDisposable"/>) when the test ends.</summary>
    protected T Track<T>(T resource) where T : notnull
    {
        owned.Add(resource);
        return resource;
    }

    [TearDown]
    public async Task DisposeOfWhatTheTestStarted()
    {
        application = null;
        client = null;
        apiClient = null;
        // Newest first: a host made from another (WithWebHostBuilder) goes before the one it was made from.
        for (var i = owned.Count - 1; i >= 0; i--)
        {
            switch (owned[i])
            {
                case IAsyncDisposable resource:
                    await resource.DisposeAsync();
                    break;
                case IDisposable resource:
                    resource.Dispose();
                    break;
            }
        }
        owned.Clear();
        foreach (var refused in notStarting)
        {
            try
            {
                await refused.DisposeAsync();
            }
            catch (Exception e) when (e is InvalidOperationException or AggregateException or OperationCanceledException)
            {
                // The host never started; there is nothing left to stop.
            }
        }
        notStarting.Clear();
    }
}
