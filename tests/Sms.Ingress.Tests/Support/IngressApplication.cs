using System.Diagnostics.Metrics;
using System.Net.Http.Headers;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Sms.Carriers.Vonage;
using Sms.Ingress.Extensions;
using Sms.Ingress.Tests.Vonage;
using Sms.ServiceDefaults.Telemetry;
using Sms.Testing;
using StackExchange.Redis;

namespace Sms.Ingress.Tests.Support;

/// <summary>
/// The ingress's own <c>Program</c> hosted in memory (<see cref="HarnessedService{TProgram}"/>: the bus swapped for the
/// test harness, the real Redis) with a fixed clock, the signing secrets below, and its own Redis key prefix, so fixed
/// provider ids in different tests are not duplicates of each other. One per test, so each test has a fresh harness:
/// <see cref="IngressTest"/> makes them and disposes of them.
/// </summary>
public sealed class IngressApplication : HarnessedService<Program>
{
    public const string SignatureSecret = "ingress-test-signature-secret";
    public const VonageSignatureMethod Method = VonageSignatureMethod.Sha256;
    public const string TwilioAuthToken = "ingress-test-twilio-auth-token";
    public const string TwilioPublicBaseUrl = "https://sms.example.com";

    private static readonly DateTimeOffset Start = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);

    /// <param name="settings">Settings added to the defaults (<see cref="Defaults"/>); a null value sets the setting to empty (absent).</param>
    /// <param name="configureBus">Changes to the test harness's bus, e.g. a failing publish filter.</param>
    public IngressApplication(IReadOnlyDictionary<string, string?>? settings = null, Action<IBusRegistrationConfigurator>? configureBus = null)
        : this(new TestClock(Start), Defaults(settings), configureBus, realBus: false)
    {
    }

    /// <summary>The ingress on the real RabbitMQ (no test harness), as it runs in production.</summary>
    public IngressApplication(RabbitMqAddress broker)
        : this(new TestClock(Start), Defaults(new Dictionary<string, string?>
        {
            ["RabbitMq:Host"] = broker.Host,
            ["RabbitMq:Port"] = broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RabbitMq:VirtualHost"] = broker.VirtualHost,
            ["RabbitMq:Username"] = broker.Username,
            ["RabbitMq:Password"] = broker.Password,
        }), configureBus: null, realBus: true)
    {
    }

    private IngressApplication(TestClock clock, Dictionary<string, string> settings, Action<IBusRegistrationConfigurator>? configureBus, bool realBus)
        : base(settings, new HarnessedServiceOptions
        {
            Environment = "Testing",
            ConfigureServices = services => services.AddSingleton<TimeProvider>(clock),
            RealBus = realBus,
            ConfigureBus = bus =>
            {
                // Published messages are recorded before the endpoint answers, so the harness need not wait long for more.
                bus.SetTestTimeouts(testInactivityTimeout: TimeSpan.FromMilliseconds(200));
                configureBus?.Invoke(bus);
            },
        })
    {
        Clock = clock;
        RedisKeyPrefix = settings["Ingress:RedisKeyPrefix"];
    }

    public TestClock Clock { get; }

    /// <summary>The prefix of this application's Redis keys.</summary>
    public string RedisKeyPrefix { get; }

    public ITestHarness Harness => Services.GetTestHarness();

    /// <summary>The Redis this application uses, through its own connection.</summary>
    public IDatabase Redis => Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

    /// <summary>What was published so far: the endpoints answer only after their publish completed.</summary>
    public List<T> Published<T>() where T : class => Harness.Published.Select<T>().Select(m => m.Context.Message).ToList();

    /// <summary>Parameters signed the way Vonage signs them, at the test clock's time.</summary>
    public Dictionary<string, string> Sign(IReadOnlyDictionary<string, string> parameters, DateTimeOffset? at = null) =>
        VonageSignature.Sign(parameters, SignatureSecret, Method, at ?? Clock.GetUtcNow());

    /// <summary>
    /// A Messages API webhook: <paramref name="body"/> POSTed with an <c>Authorization: Bearer</c> JWT over it, issued
    /// at the test clock's time with <see cref="SignatureSecret"/>; <paramref name="token"/> instead when given ("" for none).
    /// </summary>
    public HttpRequestMessage MessagesRequest(string path, byte[] body, string? token = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        token ??= MessagesJwt.Sign(MessagesJwt.ClaimsFor(body, Clock.GetUtcNow()), SignatureSecret);
        if (token.Length > 0) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    /// <summary>
    /// A form POST to <paramref name="pathAndQuery"/> signed the way Twilio signs it: over the public URL
    /// (<see cref="TwilioPublicBaseUrl"/> + path and query) and the form parameters, with the auth token.
    /// </summary>
    public static HttpRequestMessage TwilioRequest(string pathAndQuery, IReadOnlyDictionary<string, string> form, string? signedUrl = null, string authToken = TwilioAuthToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, pathAndQuery) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(Sms.Carriers.Twilio.TwilioSignature.HeaderName,
            Sms.Carriers.Twilio.TwilioSignature.Compute(signedUrl ?? TwilioPublicBaseUrl + pathAndQuery, form, authToken));
        return request;
    }

    /// <summary>The settings every test ingress runs with, then <paramref name="overrides"/> (a null value: empty).</summary>
    private static Dictionary<string, string> Defaults(IReadOnlyDictionary<string, string?>? overrides)
    {
        var settings = new Dictionary<string, string>
        {
            ["Vonage:SignatureSecret"] = SignatureSecret,
            ["Vonage:SignatureMethod"] = "sha256",
            ["Twilio:AuthToken"] = TwilioAuthToken,
            ["Twilio:PublicBaseUrl"] = TwilioPublicBaseUrl,
            ["Logging:LogLevel:Default"] = "Warning",
            ["ConnectionStrings:Redis"] = Servers.GetAsync().GetAwaiter().GetResult().Redis,
            ["Ingress:RedisKeyPrefix"] = $"sms:ingress:test:{Guid.NewGuid():N}:",
            ["Ingress:ConcatPollInterval"] = "00:00:00.100",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
            settings[key] = value ?? "";
        return settings;
    }
}

/// <summary>A clock that stands still until a test moves it.</summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    private long ticks = now.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
}

/// <summary>Records the <c>sms.ingress.webhooks.rejected</c> counter while it lives.</summary>
public sealed class RejectedWebhooks() : WebhookCounter(IngressMetrics.WebhooksRejectedName);

/// <summary>Records the <c>sms.ingress.webhooks.late_retries_accepted</c> counter while it lives.</summary>
public sealed class LateRetriesAccepted() : WebhookCounter(IngressMetrics.LateRetriesAcceptedName);

/// <summary>Records one of the ingress's webhook counters (its <c>webhook</c> and <c>reason</c> tags) while it lives.</summary>
public abstract class WebhookCounter : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly List<(string Webhook, string Reason)> recorded = [];

    protected WebhookCounter(string instrumentName)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SmsTelemetry.SourceName && instrument.Name == instrumentName)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? webhook = null, reason = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "webhook") webhook = tag.Value as string;
                if (tag.Key == "reason") reason = tag.Value as string;
            }
            lock (recorded)
                for (var i = 0; i < value; i++) recorded.Add((webhook ?? "", reason ?? ""));
        });
        listener.Start();
    }

    public IReadOnlyList<(string Webhook, string Reason)> Recorded
    {
        get { lock (recorded) return [.. recorded]; }
    }

    public void Dispose()
    {
        listener.Dispose();
        GC.SuppressFinalize(this);
    }
}
