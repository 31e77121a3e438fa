extern alias campaigns;
extern alias compliance;
extern alias conversations;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sms.Carriers.Vonage;
using Sms.EndToEnd.Tests;
using Sms.Fuzz.Tests.Endpoints;
using Sms.Fuzz.Tests.Generation;
using Sms.Fuzz.Tests.Http;
using Sms.Fuzz.Tests.Platform;
using Sms.Testing;

namespace Sms.Fuzz.Tests;

/// <summary>
/// Faults and hostile input, against the whole platform running as processes on the real servers: seeded random and
/// hostile requests to every endpoint every service declares, interleaved with customer messages as carriers send
/// them, correctly and badly signed. Asserts that no request gets a 5xx or no answer, that nothing badly signed
/// reaches the bus, that every signed message the ingress acknowledged is in its thread exactly once, with its text
/// as the platform's text rule keeps it, that every send and opt-out an endpoint accepted is carried out, and that
/// every service is still ready afterwards. All violations are collected and reported together with the seed.
/// Short by default (<see cref="FuzzSettings"/>); <c>deploy/fuzz.sh [iterations] [seed]</c> runs a long one.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PlatformFuzzTests
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly FuzzSettings settings = FuzzSettings.FromEnvironment();
    private PlatformLauncher launcher = null!;
    private BusObserver observer = null!;
    private IReadOnlyList<FuzzEndpoint> endpoints = [];
    private HttpClient conversationsApi = null!;
    private HttpClient campaignsApi = null!;
    private HttpClient simulator = null!;

    [OneTimeSetUp]
    public async Task StartPlatformAsync()
    {
        var servers = await Servers.GetAsync();
        // Ports of its own (FuzzSettings.PortBase): never those of the end-to-end suite.
        launcher = new PlatformLauncher(servers, settings.PortBase);

        // The schemas first, as the services would apply them: the in-memory hosts that list the endpoints need them.
        await TestDatabase.GetAsync("compliance", typeof(compliance::Program).Assembly);
        await TestDatabase.GetAsync("conversations", typeof(conversations::Program).Assembly);
        await TestDatabase.GetAsync("campaigns", typeof(campaigns::Program).Assembly);
        endpoints = await EndpointDiscovery.DiscoverAsync(launcher.Environment);

        observer = new BusObserver();
        await launcher.DeployTopologyAsync();
        await observer.StartAsync(servers.RabbitMq);
        await launcher.StartAsync([PlatformLauncher.SimulatorName, .. PlatformLauncher.ServiceNames]);
        conversationsApi = launcher.Client("Sms.Conversations");
        campaignsApi = launcher.Client("Sms.Campaigns");
        simulator = launcher.Client(PlatformLauncher.SimulatorName);
    }

    [OneTimeTearDown]
    public async Task StopPlatformAsync()
    {
        await launcher.KeepOutputOnFailureAsync("fuzz-platform-output.log");
        await launcher.DisposeAsync();
        conversationsApi?.Dispose();
        campaignsApi?.Dispose();
        simulator?.Dispose();
        if (observer is not null) await observer.DisposeAsync();
    }

    [Test]
    public void Every_endpoint_of_every_service_is_listed_for_fuzzing()
    {
        var listed = endpoints.Select(e => $"{e.Service} {e.Method} {e.Route}").ToHashSet(StringComparer.Ordinal);
        string[] expected =
        [
            "Sms.Ingress POST /v1/messages", "Sms.Ingress POST /webhooks/vonage/inbound", "Sms.Ingress GET /webhooks/vonage/inbound",
            "Sms.Ingress POST /webhooks/vonage/delivery-receipt", "Sms.Ingress POST /webhooks/vonage/messages/inbound",
            "Sms.Ingress POST /webhooks/vonage/messages/status", "Sms.Ingress POST /webhooks/twilio/inbound",
            "Sms.Ingress POST /webhooks/twilio/status", "Sms.Ingress GET /v1/rejected-webhooks",
            "Sms.Ingress GET /l/{code}", "Sms.Ingress HEAD /l/{code}",
            "Sms.Router GET /v1/sessions/{customerNumber}",
            "Sms.Compliance GET /v1/consent/{number}", "Sms.Compliance POST /v1/consent/import", "Sms.Compliance GET /v1/consent/export",
            "Sms.Compliance PUT /v1/consent/{number}/time-zone",
            "Sms.Conversations POST /auth/login", "Sms.Conversations GET /v1/conversations", "Sms.Conversations GET /v1/canned-responses",
            "Sms.Conversations GET /v1/metrics", "Sms.Conversations GET /v1/events", "Sms.Conversations GET /inbox/index.html",
            "Sms.Outbound GET /health/ready", "Sms.Conversations GET /health/live",
            "Sms.Campaigns POST /v1/audiences", "Sms.Campaigns GET /v1/audiences/{id:guid}", "Sms.Campaigns POST /v1/segments",
            "Sms.Campaigns POST /v1/segments/preview", "Sms.Campaigns PUT /v1/segments/{id:guid}", "Sms.Campaigns DELETE /v1/segments/{id:guid}",
            "Sms.Campaigns POST /v1/campaigns/compose", "Sms.Campaigns POST /v1/campaigns", "Sms.Campaigns PUT /v1/campaigns/{id:guid}",
            "Sms.Campaigns POST /v1/campaigns/{id:guid}/launch", "Sms.Campaigns POST /v1/campaigns/{id:guid}/dry-run",
            "Sms.Campaigns GET /v1/campaigns/{id:guid}/results",
        ];
        Assert.That(expected.Where(e => !listed.Contains(e)), Is.Empty,
            "endpoints the services map but the discovery did not list; listed:\n" + string.Join("\n", listed.Order(StringComparer.Ordinal)));
    }

    [Test]
    public async Task Hostile_requests_get_no_5xx_nothing_accepted_is_lost_and_nothing_badly_signed_reaches_the_bus()
    {
        await TestContext.Progress.WriteLineAsync(
            $"Fuzzing {(settings.Service is null ? endpoints.Count : endpoints.Count(e => e.Service == settings.Service))} endpoints{(settings.Service is null ? "" : " of " + settings.Service)}: {settings.Iterations} iterations, seed {settings.Seed} (repeat: {settings.Repeat})");

        var chaos = new Chaos(settings.Seed);
        var fuzzed = settings.Service is { } only ? endpoints.Where(e => e.Service == only).ToList() : endpoints;
        Assert.That(fuzzed, Is.Not.Empty, $"SMS_FUZZ_SERVICE={settings.Service} names no service with endpoints");
        var ports = PlatformLauncher.ServiceNames.Append(PlatformLauncher.SimulatorName).ToDictionary(n => n, launcher.PortOf);
        var targets = new FuzzTargets { ApiKey = PlatformLauncher.ApiKey, Ports = ports, BusinessNumber = PlatformLauncher.BusinessNumber };
        var generator = new RequestGenerator(chaos, targets);
        var carrier = new SignedTraffic(chaos, Secrets(), launcher.PortOf("Sms.Ingress"));
        var violations = new Violations();

        var acknowledged = new List<CarrierMessage>();
        var commands = new List<AcceptedCommand>();
        var signedCustomers = new HashSet<string>(StringComparer.Ordinal);
        var badlySigned = new List<CarrierMessage>();
        var simulatorIds = new HashSet<string>(StringComparer.Ordinal);
        var perEndpoint = endpoints.ToDictionary(e => e, _ => 0);
        var statuses = new SortedDictionary<int, int>();
        var clock = Stopwatch.StartNew();
        var sent = 0;

        for (var i = 0; i < settings.Iterations; i++)
        {
            if (settings.SendingLimit is { } limit && clock.Elapsed > limit)
            {
                await TestContext.Progress.WriteLineAsync($"Sending stopped after {limit.TotalSeconds}s at iteration {i} (SMS_FUZZ_SECONDS).");
                break;
            }
            if (i % 40 == 0) await RefreshAsync(targets, simulatorIds);

            var roll = chaos.Below(100);
            if (roll < 22)
            {
                var signed = roll < 15;
                var message = carrier.Next(await UnusedCustomerAsync(chaos), signed);
                var answers = new List<FuzzResponse>();
                foreach (var webhook in message.Webhooks)
                {
                    var response = await RawHttp.SendAsync(webhook, ports[webhook.Service], RequestTimeout);
                    sent++;
                    Count(statuses, response);
                    answers.Add(response);
                    var where = $"Sms.Ingress {webhook.Method} {webhook.Target.Split('?')[0]}; {(signed ? "signed" : "badly signed")} {message.Kind}; text: {message.TextShape}";
                    CheckAnswer(violations, where, webhook, response);
                    if (signed && response.Status is > 0 and < 500 and not (>= 200 and < 300))
                        violations.Add("correctly signed message refused", where, webhook, response);
                    if (!signed && response.Status is >= 200 and < 300)
                        violations.Add("badly signed webhook accepted", where, webhook, response);
                }
                if (signed)
                {
                    signedCustomers.Add(message.Customer);
                    if (answers.All(a => a.Status is >= 200 and < 300)) acknowledged.Add(message);
                }
                else badlySigned.Add(message);
                continue;
            }

            var endpoint = chaos.Pick(fuzzed);
            perEndpoint[endpoint]++;
            var request = generator.Next(endpoint);
            var answer = await RawHttp.SendAsync(request, ports[request.Service], RequestTimeout);
            sent++;
            Count(statuses, answer);
            CheckAnswer(violations, endpoint.ToString(), request, answer);
            if (AcceptedCommand.From(endpoint, request, answer) is { } command) commands.Add(command);
        }
        var sendingTime = clock.Elapsed;

        await RefreshAsync(targets, simulatorIds);
        await CheckThreadsAsync(acknowledged, violations);
        await CheckCommandsAsync(commands, violations);
        await CheckNothingBadlySignedAsync(badlySigned, signedCustomers, simulatorIds, violations);
        await CheckStillReadyAsync(violations);

        var summary =
            $"{sent} requests in {sendingTime.TotalSeconds:F0}s to {fuzzed.Count} endpoints ({perEndpoint.Count(p => p.Value > 0)} reached); " +
            $"{acknowledged.Count} signed messages acknowledged, {badlySigned.Count} badly signed sent, {commands.Count} sends and opt-outs accepted; " +
            $"answers: {string.Join(", ", statuses.Select(s => $"{(s.Key == 0 ? "none" : s.Key.ToString(System.Globalization.CultureInfo.InvariantCulture))}×{s.Value}"))}";
        await TestContext.Progress.WriteLineAsync(summary);
        if (violations.Count > 0)
        {
            var file = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"fuzz-violations-seed-{settings.Seed}.txt");
            await File.WriteAllTextAsync(file, violations.Report(settings, summary) + "\nEvery violation:\n" + violations.FullList());
            TestContext.AddTestAttachment(file);
            Assert.Fail(violations.Report(settings, summary) + $"\n(every violation: {file})");
        }
        Assert.That(acknowledged, Is.Not.Empty, "no signed message was acknowledged, so nothing was checked in the threads");
    }

    /// <summary>No 5xx, an answer within the timeout, and no header of the attacker's in the answer.</summary>
    private static void CheckAnswer(Violations violations, string where, FuzzRequest request, FuzzResponse response)
    {
        if (response.TimedOut)
            violations.Add("no answer within " + RequestTimeout.TotalSeconds + "s", where, request, response);
        else if (response.Status >= 500)
            violations.Add("5xx", where, request, response);
        else if (response.Status == 0 && request.Raw is null)
            violations.Add("connection closed without an answer", where, request, response);
        if (response.Header("X-Injected") is not null)
            violations.Add("header injected into the answer", where, request, response);
    }

    /// <summary>Every acknowledged message in its customer's thread exactly once, with the text the rule keeps.</summary>
    private async Task CheckThreadsAsync(List<CarrierMessage> acknowledged, Violations violations)
    {
        var pending = acknowledged.ToList();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        var threads = new Dictionary<string, List<ThreadEntry>>(StringComparer.Ordinal);
        while (pending.Count > 0 && DateTime.UtcNow < deadline)
        {
            foreach (var message in pending.ToList())
            {
                threads[message.Customer] = await ThreadAsync(message.Customer);
                if (threads[message.Customer].Any(m => m.Direction == "inbound")) pending.Remove(message);
            }
            if (pending.Count > 0) await Task.Delay(500);
        }
        // Late duplicates get a moment to show up too.
        await Task.Delay(TimeSpan.FromSeconds(2));
        foreach (var message in acknowledged)
        {
            var inbound = (await ThreadAsync(message.Customer)).Where(m => m.Direction == "inbound").ToList();
            // Grouped by text, not by carrier: the thread is written by the same code whichever carrier brought it.
            var where = $"thread; text: {message.TextShape}";
            var input = message.Describe();
            if (inbound.Count == 0)
                violations.Add("acknowledged signed message missing from its thread", where, input, "no inbound message after 90s");
            else if (inbound.Count > 1)
                violations.Add("acknowledged signed message in its thread more than once", where, input, $"{inbound.Count} inbound messages");
            else if (inbound[0].Text != message.ExpectedText)
                violations.Add("acknowledged signed message altered in its thread", where, input,
                    $"expected {Wire.Preview(message.ExpectedText, 120)}, thread has {Wire.Preview(inbound[0].Text ?? "(null)", 120)}");
        }
    }

    /// <summary>Every send and opt-out an endpoint accepted (202) is carried out: the send decided by Compliance, the opt-out recorded.</summary>
    private async Task CheckCommandsAsync(List<AcceptedCommand> commands, Violations violations)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        bool Done(AcceptedCommand c) => c.MessageId is { } id ? observer.Decided(id) : observer.OptedOut(c.Number!);
        while (commands.Any(c => !Done(c)) && DateTime.UtcNow < deadline) await Task.Delay(500);
        foreach (var command in commands.Where(c => !Done(c)))
        {
            violations.Add(command.MessageId is null ? "accepted opt-out never recorded" : "accepted send never decided by Compliance",
                command.Where, command.Request.ToString(), command.MessageId is { } id ? $"202, message {id}; no SmsApproved or SmsSuppressed after 60s" : "202; no OptOutRecorded after 60s");
        }
    }

    /// <summary>
    /// Nothing on the bus but what was correctly signed: no inbound message from a customer whose webhooks were all
    /// badly signed (nor from any number the run did not sign for), no delivery receipt for a message the carrier never
    /// took, and no thread for a badly signed customer.
    /// </summary>
    private async Task CheckNothingBadlySignedAsync(
        List<CarrierMessage> badlySigned, HashSet<string> signedCustomers, HashSet<string> simulatorIds, Violations violations)
    {
        foreach (var leaked in observer.Inbound.Where(m => !signedCustomers.Contains(m.From)))
        {
            var bad = badlySigned.FirstOrDefault(b => b.Customer == leaked.From);
            violations.Add("unsigned or badly signed inbound message reached the bus", bad is null ? "InboundSmsReceived" : "InboundSmsReceived; " + bad.Kind,
                bad is null ? "not one of the run's signed messages (a hostile request)" : bad.Describe(),
                $"published: from {leaked.From}, provider {leaked.Provider}, id {leaked.ProviderMessageId}, text {Wire.Preview(leaked.Text, 80)}");
        }
        // The platform keeps sending (automatic replies) while the threads are checked: the carrier's ids as of now.
        foreach (var message in await simulator.GetFromJsonAsync<List<SimulatorMessage>>("/simulator/messages") ?? [])
            simulatorIds.UnionWith(message.MessageIds);
        foreach (var leaked in observer.Receipts.Where(r => !simulatorIds.Contains(r.ProviderMessageId)))
        {
            violations.Add("delivery receipt for a message the carrier never took reached the bus", "SmsDeliveryStatusChanged; " + leaked.Provider,
                "a receipt webhook the carrier did not sign", $"published: provider message id {leaked.ProviderMessageId}, status {leaked.Status}");
        }
        foreach (var bad in badlySigned)
        {
            // Inbound only: a hostile send may have gone to the same number (an outbound message of its thread).
            var inbound = (await ThreadAsync(bad.Customer)).Where(m => m.Direction == "inbound").ToList();
            if (inbound.Count > 0)
                violations.Add("badly signed message stored in a thread", $"thread; {bad.Kind}", bad.Describe(),
                    $"{inbound.Count} inbound messages: {string.Join(" | ", inbound.Select(m => Wire.Preview(m.Text ?? "", 60)))}");
        }
    }

    /// <summary>Nothing stalls: every service still answers ready after the run.</summary>
    private async Task CheckStillReadyAsync(Violations violations)
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var service in PlatformLauncher.ServiceNames)
        {
            try
            {
                using var response = await probe.GetAsync($"http://127.0.0.1:{launcher.PortOf(service)}/health/ready");
                if (!response.IsSuccessStatusCode)
                    violations.Add("service not ready after the run", service, "GET /health/ready", $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                violations.Add("service not ready after the run", service, "GET /health/ready", e.Message);
            }
        }
    }

    /// <summary>Known conversations and canned responses (for ids in paths), the inbox session, the carrier's message ids.</summary>
    private async Task RefreshAsync(FuzzTargets targets, HashSet<string> simulatorIds)
    {
        using (var page = await conversationsApi.GetAsync("/v1/conversations?limit=50"))
        {
            if (page.IsSuccessStatusCode)
            {
                using var json = JsonDocument.Parse(await page.Content.ReadAsStringAsync());
                foreach (var item in json.RootElement.GetProperty("items").EnumerateArray())
                    if (item.TryGetProperty("id", out var id) && id.TryGetGuid(out var guid) && !targets.ConversationIds.Contains(guid)) targets.ConversationIds.Add(guid);
            }
        }
        using (var canned = await conversationsApi.GetAsync("/v1/canned-responses"))
        {
            if (canned.IsSuccessStatusCode)
            {
                using var json = JsonDocument.Parse(await canned.Content.ReadAsStringAsync());
                if (json.RootElement.ValueKind == JsonValueKind.Array)
                    foreach (var item in json.RootElement.EnumerateArray())
                        if (item.TryGetProperty("id", out var id) && id.TryGetGuid(out var guid) && !targets.CannedResponseIds.Contains(guid)) targets.CannedResponseIds.Add(guid);
            }
        }
        if (targets.CannedResponseIds.Count == 0)
        {
            using var created = await conversationsApi.PostAsJsonAsync("/v1/canned-responses", new { title = "Fuzz", text = "Hello {{name}}" });
        }
        await RefreshCampaignsAsync(targets);
        targets.SessionCookie = await SignInAsync(targets.SessionCookie);
        foreach (var message in await simulator.GetFromJsonAsync<List<SimulatorMessage>>("/simulator/messages") ?? [])
            simulatorIds.UnionWith(message.MessageIds);
    }

    private sealed record SimulatorMessage(List<string> MessageIds);

    /// <summary>
    /// Campaigns' segments, audiences and campaigns that exist (for ids in paths), one of each made when there is none,
    /// so some requests reach a real draft, segment or audience rather than a 404.
    /// </summary>
    private async Task RefreshCampaignsAsync(FuzzTargets targets)
    {
        if (await IdsAsync("/v1/segments", null) is { Count: 0 })
        {
            using var created = await campaignsApi.PostAsJsonAsync("/v1/segments", new { name = "Fuzz", definition = new { labelsAny = new[] { "vip", "fuzz" } } });
        }
        if (await IdsAsync("/v1/audiences", null) is { Count: 0 })
        {
            using var csv = new StringContent("number,first_name\n+447700900001,Ada\n+447700900002,Grace\n", System.Text.Encoding.UTF8, "text/csv");
            using var created = await campaignsApi.PostAsync("/v1/audiences?name=Fuzz", csv);
        }
        var segments = await IdsAsync("/v1/segments", null);
        if (await IdsAsync("/v1/campaigns", "campaigns") is { Count: 0 } && segments.Count > 0)
        {
            using var created = await campaignsApi.PostAsJsonAsync("/v1/campaigns",
                new { name = "Fuzz", segmentId = segments[0], text = "Hi {first_name|there}! Reply YES. Reply STOP to opt out", sendAt = DateTimeOffset.UtcNow.AddYears(1) });
        }
        foreach (var (resource, ids) in new[] { ("segments", segments), ("audiences", await IdsAsync("/v1/audiences", null)), ("campaigns", await IdsAsync("/v1/campaigns", "campaigns")) })
        {
            var known = targets.KnownIds.TryGetValue(resource, out var list) ? list : targets.KnownIds[resource] = [];
            known.AddRange(ids.Where(id => !known.Contains(id)));
        }
    }

    /// <summary>The ids a Campaigns list answers (the array itself, or under <paramref name="member"/>).</summary>
    private async Task<List<Guid>> IdsAsync(string path, string? member)
    {
        using var response = await campaignsApi.GetAsync(path);
        if (!response.IsSuccessStatusCode) return [];
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var items = member is not null && json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(member, out var inner)
            ? inner : json.RootElement;
        if (items.ValueKind != JsonValueKind.Array) return [];
        return items.EnumerateArray()
            .Select(i => i.TryGetProperty("id", out var id) && id.TryGetGuid(out var guid) ? guid : Guid.Empty)
            .Where(g => g != Guid.Empty).ToList();
    }

    /// <summary>The admin's inbox session: kept while it still works (the fuzzer may sign it out), else a new one.</summary>
    private async Task<string?> SignInAsync(string? current)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{launcher.PortOf("Sms.Conversations")}");
        if (current is not null)
        {
            using var check = new HttpRequestMessage(HttpMethod.Get, new Uri(baseAddress, "/auth/me"));
            check.Headers.Add("Cookie", current);
            using var plain = new HttpClient();
            using var me = await plain.SendAsync(check);
            if (me.StatusCode == HttpStatusCode.OK) return current;
        }
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = baseAddress };
        using var login = await client.PostAsJsonAsync("/auth/login",
            new { username = PlatformLauncher.InboxAdminUsername, password = PlatformLauncher.InboxAdminPassword });
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), "the fuzz test signs in to the inbox: " + await login.Content.ReadAsStringAsync());
        return cookies.GetCookieHeader(baseAddress);
    }

    private sealed record ThreadEntry(string Direction, string? Text);

    private async Task<List<ThreadEntry>> ThreadAsync(string customer)
    {
        using var response = await conversationsApi.GetAsync($"/v1/conversations/by-number/{Uri.EscapeDataString(customer)}/messages");
        if (response.StatusCode == HttpStatusCode.NotFound) return [];
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<List<ThreadEntry>>() ?? [];
    }

    /// <summary>A customer number with no thread yet, so each carrier message has a thread of its own.</summary>
    private async Task<string> UnusedCustomerAsync(Chaos chaos)
    {
        while (true)
        {
            var customer = chaos.CustomerNumber();
            if ((await ThreadAsync(customer)).Count == 0) return customer;
        }
    }

    private static void Count(SortedDictionary<int, int> statuses, FuzzResponse response) =>
        statuses[response.Status] = statuses.GetValueOrDefault(response.Status) + 1;

    private CarrierSecrets Secrets()
    {
        var environment = launcher.Environment;
        Assert.That(VonageSignature.TryParseMethod(environment["Vonage__SignatureMethod"], out var method), Is.True);
        return new CarrierSecrets(environment["Vonage__ApiKey"], environment["Vonage__SignatureSecret"], method,
            environment["Twilio__AccountSid"], environment["Twilio__AuthToken"], PlatformLauncher.BusinessNumber, PlatformLauncher.TwilioBusinessNumber);
    }
}
