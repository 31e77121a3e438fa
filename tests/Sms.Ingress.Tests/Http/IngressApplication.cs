using System.Diagnostics.Metrics;
using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Sms.Carriers.Vonage;
using Sms.Ingress.Extensions;
using Sms.ServiceDefaults.Telemetry;
using Sms.Testing;

namespace Sms.Ingress.Tests.Http;

/// <summary>
/// The ingress hosted in memory (MassTransit's Sample-WebApplicationFactory pattern): the real Program with the bus
/// swapped for the test harness, a fixed clock, and test settings. One per test, so each test has a fresh harness.
/// </summary>
public sealed class IngressApplication : WebApplicationFactory<Program>
{
    public const string SignatureSecret = "ingress-test-signature-secret";
    public const VonageSignatureMethod Method = VonageSignatureMethod.Sha256;
    public const string ApiKey = "ingress-test-api-key";
    public const string TwilioAuthToken = "ingress-test-twilio-auth-token";
    public const string TwilioPublicBaseUrl = "https://sms.example.com";

    private readonly Dictionary<string, string?> settings = new()
    {
        ["Vonage:SignatureSecret"] = SignatureSecret,
        ["Vonage:SignatureMethod"] = "sha256",
        ["Api:Keys:0"] = ApiKey,
        ["Twilio:AuthToken"] = TwilioAuthToken,
        ["Twilio:PublicBaseUrl"] = TwilioPublicBaseUrl,
        ["Logging:LogLevel:Default"] = "Warning",
        ["ConnectionStrings:Redis"] = Servers.GetAsync().GetAwaiter().GetResult().Redis,
        // Each application its own Redis keys, so fixed provider ids in different tests are not duplicates of each other.
        ["Ingress:RedisKeyPrefix"] = $"sms:ingress:test:{Guid.NewGuid():N}:",
        ["Ingress:ConcatPollInterval"] = "00:00:00.100",
    };

    private readonly Action<IBusRegistrationConfigurator>? configureBus;
    private readonly bool realBroker;

    /// <param name="settings">Settings added to the defaults above; a null value sets the setting to empty (absent).</param>
    /// <param name="configureBus">Changes to the test harness's bus, e.g. a failing publish filter.</param>
    public IngressApplication(IReadOnlyDictionary<string, string?>? settings = null, Action<IBusRegistrationConfigurator>? configureBus = null)
    {
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            this.settings[key] = value ?? "";
        }
        this.configureBus = configureBus;
    }

    /// <summary>The ingress on the real RabbitMQ (no test harness), as it runs in production.</summary>
    public IngressApplication(RabbitMqAddress broker)
        : this(new Dictionary<string, string?>
        {
            ["RabbitMq:Host"] = broker.Host,
            ["RabbitMq:Port"] = broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RabbitMq:VirtualHost"] = broker.VirtualHost,
            ["RabbitMq:Username"] = broker.Username,
            ["RabbitMq:Password"] = broker.Password,
        })
    {
        realBroker = true;
    }

    public TestClock Clock { get; } = new(new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero));

    /// <summary>The prefix of this application's Redis keys.</summary>
    public string RedisKeyPrefix => settings["Ingress:RedisKeyPrefix"]!;

    public ITestHarness Harness => Services.GetTestHarness();

    /// <summary>Parameters signed the way Vonage signs them, at the test clock's time.</summary>
    public Dictionary<string, string> Sign(IReadOnlyDictionary<string, string> parameters, DateTimeOffset? at = null) =>
        VonageSignature.Sign(parameters, SignatureSecret, Method, at ?? Clock.GetUtcNow());

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

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // The test host is this test run's own process, and Clock jumps hours ahead: never let the watchdog exit it.
        builder.UseSetting("Messaging:Watchdog:Enabled", "false");
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);

        builder.ConfigureServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            if (realBroker) return;
            services.AddMassTransitTestHarness(x =>
            {
                // Published messages are recorded before the endpoint answers, so the harness need not wait long for more.
                x.SetTestTimeouts(testInactivityTimeout: TimeSpan.FromMilliseconds(200));
                configureBus?.Invoke(x);
            });
        });
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
