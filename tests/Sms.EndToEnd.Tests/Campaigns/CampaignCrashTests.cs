using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Sms.EndToEnd.Tests;

// Outside Sms.EndToEnd.Tests, so the shared platform's set-up fixture (Platform) does not start for these tests.
namespace Sms.EndToEnd.Campaigns;

/// <summary>
/// A campaign under faults, over the real processes (README "Campaigns", "Pacing, pause and resume"): Campaigns or
/// Outbound killed with SIGKILL mid-run and started again by its supervisor, as compose or Kubernetes would, and a pause
/// in the middle of a run. In every case each recipient receives the message exactly once at the carrier, and the
/// campaign's results say so; the one exception is a send Outbound was calling the carrier with when it was killed,
/// which may not have gone and is then reported failed with an unknown outcome, never sent again. The campaigns are transactional, to uploaded audiences of fresh numbers, so no consent,
/// quiet hours or frequency cap holds any of them back. Runs its own instance of the platform on ports 13100–13900:
/// the simulator, Ingress (delivery receipts) and Compliance, and Outbound and Campaigns under supervisors.
/// </summary>
[TestFixture]
public sealed class CampaignCrashTests() : OwnPlatformTests(portBase: 13000, outputLog: "campaign-crash-output.log")
{
    /// <summary>SIGKILL's exit status, as the supervisor sees a process killed with <c>kill -9</c> (128 + 9).</summary>
    private const int KilledExitCode = 137;

    private SupervisedProcess outbound = null!;
    private SupervisedProcess campaigns = null!;
    private HttpClient campaignsApi = null!;
    private HttpClient simulator = null!;

    [OneTimeSetUp]
    public async Task StartPlatformAsync()
    {
        var started = Stopwatch.StartNew();
        await Launcher.DeployTopologyAsync();
        await Launcher.StartAsync(PlatformLauncher.SimulatorName, "Sms.Ingress", "Sms.Compliance");
        outbound = await Launcher.StartSupervisedAsync("Sms.Outbound", new Dictionary<string, string>
        {
            // A send whose sender was killed mid-call is settled (as of unknown outcome) after 10 s rather than 60:
            // the time a send may take is the carrier call's timeout and the wait for a send slot, under the total.
            ["Vonage__TimeoutSeconds"] = "3",
            ["Twilio__TimeoutSeconds"] = "3",
            ["Outbound__RateLimits__MaxWaitSeconds"] = "3",
            ["Outbound__Resilience__TotalTimeoutSeconds"] = "8",
            ["Outbound__SendClaims__InFlightMarginSeconds"] = "2",
            ["Outbound__SendClaims__InFlightRecheckMilliseconds"] = "1000",
        });
        campaigns = await Launcher.StartSupervisedAsync("Sms.Campaigns", new Dictionary<string, string>());
        campaignsApi = Launcher.Client("Sms.Campaigns");
        simulator = Launcher.Client(PlatformLauncher.SimulatorName);
        await TestContext.Progress.WriteLineAsync($"The campaign crash platform started in {started.Elapsed.TotalSeconds:0.0} s");
    }

    [OneTimeTearDown]
    public void DisposeClients()
    {
        campaignsApi?.Dispose();
        simulator?.Dispose();
    }

    [Test]
    public async Task Campaigns_killed_mid_run_is_started_again_and_every_recipient_receives_the_message_once()
    {
        var audience = FreshNumbers(300);
        var campaignId = await LaunchAsync(audience, pacePerSecond: 20);

        await UntilAtCarrierAsync(audience, audience.Count / 3, "A third of the campaign reaching the carrier");
        await KillAndAwaitRestartAsync(campaigns, "Sms.Campaigns");

        await AssertEachReceivedOnceAsync(campaignId, audience);
        Assert.That(campaigns.ExitCodes, Does.Contain(KilledExitCode), "Campaigns was killed with SIGKILL");
    }

    [Test]
    public async Task Outbound_killed_mid_run_is_started_again_and_every_recipient_receives_the_message_once()
    {
        var audience = FreshNumbers(300);
        var campaignId = await LaunchAsync(audience, pacePerSecond: 20);

        await UntilAtCarrierAsync(audience, audience.Count / 3, "A third of the campaign reaching the carrier");
        await KillAndAwaitRestartAsync(outbound, "Sms.Outbound");

        await AssertEachReceivedOnceAsync(campaignId, audience, killedOutbound: outbound);
        Assert.That(outbound.ExitCodes, Does.Contain(KilledExitCode), "Outbound was killed with SIGKILL");
    }

    [Test]
    public async Task A_paused_campaign_stops_reaching_the_carrier_within_a_second_and_resumes_where_it_stopped()
    {
        const int pace = 10;
        var audience = FreshNumbers(200);
        var campaignId = await LaunchAsync(audience, pace);
        await UntilAtCarrierAsync(audience, 50, "A quarter of the campaign reaching the carrier");

        var pausing = Stopwatch.StartNew();
        var requested = DateTimeOffset.UtcNow;
        using (var pause = await campaignsApi.PostAsync($"/v1/campaigns/{campaignId}/pause", null))
            Assert.That(pause.StatusCode, Is.EqualTo(HttpStatusCode.OK), await pause.Content.ReadAsStringAsync());
        var paused = DateTimeOffset.UtcNow;
        var pauseTook = pausing.Elapsed;
        var publishedAtPause = (await ResultsAsync(campaignId)).Published;

        // Nothing more for several seconds: the count at the carrier holds still for five.
        var settled = await UntilStillAsync(audience, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(40));
        var afterPause = settled.Where(m => m.ReceivedAt > paused).ToList();
        var afterRequest = settled.Count(m => m.ReceivedAt > requested);
        var last = afterPause.Count > 0 ? afterPause.Max(m => m.ReceivedAt) - paused : TimeSpan.Zero;
        await TestContext.Progress.WriteLineAsync(
            $"The pause call took {pauseTook.TotalMilliseconds:0} ms; {afterRequest} reached the carrier after it was made, {afterPause.Count} after it returned, " +
            $"the last {last.TotalMilliseconds:0} ms after it; {settled.Count} of {audience.Count} before resuming");
        var view = await CampaignAsync(campaignId);
        var results = await ResultsAsync(campaignId);
        Assert.Multiple(() =>
        {
            // What was published before the pause returned is on its way through Compliance and Outbound, and goes out:
            // at most the round that was in progress, a second's worth at the pace.
            Assert.That(afterPause, Has.Count.LessThanOrEqualTo(pace), "at most one second's worth reaches the carrier after the pause returned");
            Assert.That(results.Published, Is.EqualTo(publishedAtPause), "nothing published after the pause returned");
            Assert.That(view.Status, Is.EqualTo("paused"));
            Assert.That(settled, Has.Count.LessThan(audience.Count), "recipients left for the resume");
        });

        using (var resume = await campaignsApi.PostAsync($"/v1/campaigns/{campaignId}/resume", null))
            Assert.That(resume.StatusCode, Is.EqualTo(HttpStatusCode.OK), await resume.Content.ReadAsStringAsync());
        await AssertEachReceivedOnceAsync(campaignId, audience);
    }

    /// <summary>
    /// Numbers no earlier run used: <c>+999</c> (a country code that is not assigned) and a random block of eight
    /// digits, then the recipient's index.
    /// </summary>
    private static List<string> FreshNumbers(int count)
    {
        var block = Random.Shared.Next(10_000_000, 100_000_000).ToString(CultureInfo.InvariantCulture);
        return Enumerable.Range(0, count).Select(i => $"+999{block}{i:D3}").ToList();
    }

    /// <summary>Uploads the numbers as an audience (CSV, a reference per recipient), creates a transactional campaign to it at the pace and launches it.</summary>
    private async Task<Guid> LaunchAsync(IReadOnlyList<string> numbers, int pacePerSecond)
    {
        var csv = new StringBuilder("number,ref\n");
        for (var i = 0; i < numbers.Count; i++) csv.Append(CultureInfo.InvariantCulture, $"{numbers[i]},R{i:D3}\n");
        using var upload = await campaignsApi.PostAsync("/v1/audiences?name=crash-test",
            new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        Assert.That(upload.StatusCode, Is.EqualTo(HttpStatusCode.Created), await upload.Content.ReadAsStringAsync());
        var audience = (await upload.Content.ReadFromJsonAsync<AudienceView>())!;
        Assert.That(audience.Members, Is.EqualTo(numbers.Count), "every number taken");

        using var create = await campaignsApi.PostAsJsonAsync("/v1/campaigns", new
        {
            name = "crash-test",
            audienceId = audience.Id,
            text = "Your order {ref} has shipped.",
            category = "transactional",
            pacePerSecond,
        });
        Assert.That(create.StatusCode, Is.EqualTo(HttpStatusCode.Created), await create.Content.ReadAsStringAsync());
        var campaign = (await create.Content.ReadFromJsonAsync<CampaignView>())!;

        using var launch = await campaignsApi.PostAsync($"/v1/campaigns/{campaign.Id}/launch", null);
        Assert.That(launch.StatusCode, Is.EqualTo(HttpStatusCode.OK), await launch.Content.ReadAsStringAsync());
        return campaign.Id;
    }

    /// <summary>kill -9 of the service, then waits for its supervisor to have it ready again, and says how long that took.</summary>
    private async Task KillAndAwaitRestartAsync(SupervisedProcess service, string name)
    {
        var exits = service.ExitCodes.Count;
        var atKill = (await AtCarrierAsync()).Count;
        var killed = Stopwatch.StartNew();
        service.Kill();
        await Eventually.MatchesAsync(() => Task.FromResult(service.ExitCodes.Count), n => n > exits, $"{name} exiting after SIGKILL");
        await Launcher.WaitUntilReadyAsync(name, () => false, () => service.Output, TimeSpan.FromSeconds(120));
        await TestContext.Progress.WriteLineAsync(
            $"{name} killed with {atKill} messages at the carrier (all tests), ready again {killed.Elapsed.TotalSeconds:0.0} s later");
    }

    /// <summary>
    /// Waits until the campaign is completed and every recipient's send is settled, then checks that the carrier got
    /// exactly one message for each recipient and none for anyone else, and that the results count every one sent.
    /// </summary>
    /// <param name="killedOutbound">
    /// Outbound, when it was killed: a send it was calling the carrier with at that moment may not have reached it, and
    /// is then reported as failed with an unknown outcome rather than sent again (README "A send's claim, and a sender
    /// that stops mid-call"): such a recipient may have no message, if Outbound logged the stopped call and the results
    /// count it failed. Nobody else may miss one, and nobody gets two.
    /// </param>
    private async Task AssertEachReceivedOnceAsync(Guid campaignId, IReadOnlyList<string> audience, SupervisedProcess? killedOutbound = null)
    {
        var started = Stopwatch.StartNew();
        var results = await Eventually.MatchesAsync(
            () => ResultsAsync(campaignId),
            r => r.Status == "completed" && r.Sent + r.Failed + r.Suppressed >= audience.Count,
            "The campaign completing with every send settled", TimeSpan.FromSeconds(120));
        var atCarrier = await Eventually.MatchesAsync(
            () => AtCarrierAsync(audience),
            all => all.Count >= audience.Count - results.Failed,
            "Every recipient's message reaching the carrier", TimeSpan.FromSeconds(30));
        await TestContext.Progress.WriteLineAsync($"Completed and settled {started.Elapsed.TotalSeconds:0.0} s after the fault; results: {results}");

        var perNumber = atCarrier.GroupBy(m => m.To).ToDictionary(g => g.Key, g => g.Count());
        var missing = audience.Select(Digits).Where(n => !perNumber.ContainsKey(n)).ToList();
        var stoppedMidCall = killedOutbound is null ? 0 : CountOf(killedOutbound.Output, "stopped mid-call");
        if (missing.Count > 0)
            await TestContext.Progress.WriteLineAsync($"{missing.Count} recipient(s) without the message; Outbound reported {stoppedMidCall} send(s) stopped mid-call");
        Assert.Multiple(() =>
        {
            Assert.That(perNumber.Keys, Is.SubsetOf(audience.Select(Digits)), "the numbers that received the message are of the audience");
            Assert.That(perNumber.Where(p => p.Value != 1).Select(p => $"{p.Key}: {p.Value}"), Is.Empty, "numbers that received the message more than once");
            Assert.That(missing, Has.Count.LessThanOrEqualTo(stoppedMidCall), "recipients without the message, beyond sends Outbound was calling the carrier with when it was killed");
            Assert.That(results.Recipients, Is.EqualTo(audience.Count), "recipients");
            Assert.That(results.Published, Is.EqualTo(audience.Count), "published");
            Assert.That(results.Sent, Is.EqualTo(audience.Count - missing.Count), "sent");
            Assert.That(results.Failed, Is.EqualTo(missing.Count), "failed (outcome unknown)");
            Assert.That(results.Suppressed, Is.Zero, "suppressed");
        });
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    /// <summary>Polls until the count of the audience's messages at the carrier holds still for <paramref name="still"/>.</summary>
    private async Task<List<CarrierReceipt>> UntilStillAsync(IReadOnlyList<string> audience, TimeSpan still, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var seen = await AtCarrierAsync(audience);
        var since = Stopwatch.StartNew();
        while (since.Elapsed < still)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Messages kept reaching the carrier for {timeout.TotalSeconds} s: {seen.Count} so far");
            await Task.Delay(250);
            var now = await AtCarrierAsync(audience);
            if (now.Count != seen.Count) since.Restart();
            seen = now;
        }
        return seen;
    }

    private Task UntilAtCarrierAsync(IReadOnlyList<string> audience, int count, string what) =>
        Eventually.MatchesAsync(() => AtCarrierAsync(audience), all => all.Count >= count, what, TimeSpan.FromSeconds(90));

    private async Task<List<CarrierReceipt>> AtCarrierAsync(IReadOnlyList<string> audience)
    {
        var numbers = audience.Select(Digits).ToHashSet();
        return [.. (await AtCarrierAsync()).Where(m => numbers.Contains(m.To))];
    }

    private async Task<List<CarrierReceipt>> AtCarrierAsync() =>
        await simulator.GetFromJsonAsync<List<CarrierReceipt>>("/simulator/messages") ?? [];

    private async Task<ResultsView> ResultsAsync(Guid campaignId) =>
        (await campaignsApi.GetFromJsonAsync<ResultsView>($"/v1/campaigns/{campaignId}/results"))!;

    private async Task<CampaignView> CampaignAsync(Guid campaignId) =>
        (await campaignsApi.GetFromJsonAsync<CampaignView>($"/v1/campaigns/{campaignId}"))!;

    /// <summary>A message the simulator accepted, with the moment it received it (its own clock, this machine's).</summary>
    private sealed record CarrierReceipt(string To, DateTimeOffset ReceivedAt, List<string> MessageIds);

    private sealed record AudienceView(Guid Id, int Members);

    private sealed record CampaignView(Guid Id, string Status);

    private sealed record ResultsView(string Status, int Recipients, int Published, int Sent, int Delivered, int Failed, int Suppressed);
}
