using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sms.Benchmark.Cli;
using Sms.Benchmark.Load;
using Sms.Benchmark.Measure;
using Sms.Benchmark.Report;

namespace Sms.Benchmark.Platform;

/// <summary>
/// The campaign step: uploads an audience of <see cref="BenchmarkOptions.CampaignRecipients"/> numbers
/// (<see cref="Customers.Campaign"/>) through <c>POST /v1/audiences</c>, creates a campaign to it at the given pace,
/// launches it over HTTP once the platform is quiet, and watches the carrier until every recipient has its message or
/// none arrived for the drain time. The campaign is <c>transactional</c>: an informational send needs no marketing
/// consent and no frequency cap (README, "Consent per purpose"), so Compliance approves every one of these numbers,
/// as it does the outbound-only step's sends, with no setting that exists only for the benchmark.
/// </summary>
public sealed class CampaignStep(
    HttpClient http, BenchmarkOptions options, PlatformSettings settings, CampaignArrivals arrivals, BenchClock clock,
    ProcessSampler sampler, ProgressLine progress, double idleCores)
{
    public const string Category = "transactional";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<CampaignOutcome> RunAsync(double? outboundOnlyPerSecond, Action<string> say, CancellationToken cancellationToken)
    {
        var recipients = arrivals.Recipients;
        var tag = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var uploadStarted = BenchClock.Now;
        var audience = await PostAsync($"/v1/audiences?name=bench-{tag}", new StringContent(AudienceCsv(recipients), Encoding.UTF8, "text/csv"), cancellationToken);
        var uploadSeconds = Seconds(BenchClock.Now - uploadStarted);
        var members = audience.GetProperty("members").GetInt32();
        if (members != recipients)
            throw new InvalidOperationException($"The audience holds {members} of the {recipients} numbers uploaded: {audience}");
        say(string.Create(CultureInfo.InvariantCulture, $"campaign: audience of {members} uploaded in {uploadSeconds:F1}s"));

        var campaign = await PostAsync("/v1/campaigns", JsonContent.Create(new
        {
            name = $"bench {tag}",
            audienceId = audience.GetProperty("id").GetGuid(),
            text = "Your appointment is confirmed for tomorrow at 10:00. Reply C to cancel.",
            from = settings.BusinessNumber,
            category = Category,
            pacePerSecond = options.CampaignPace,
        }, options: Json), cancellationToken);
        var id = campaign.GetProperty("id").GetGuid();

        bool quiet;
        using (progress.Show(() => "[campaign] waiting for the platform to finish earlier work"))
            quiet = await sampler.WaitUntilQuietAsync(idleCores + 0.1, TimeSpan.FromSeconds(60), cancellationToken);

        var loadAtStart = LoadAverage();
        var window = sampler.BeginWindow();
        await using var depths = options.Queues.Count > 0
            ? await QueueDepthSampler.StartAsync(options.RabbitMq, options.Queues, TimeSpan.FromSeconds(1), cancellationToken)
            : null;
        var launchTicks = BenchClock.Now;
        var launchedAt = clock.ToUnixMicroseconds(launchTicks);
        await PostAsync($"/v1/campaigns/{id}/launch", null, cancellationToken);
        var launchSeconds = Seconds(BenchClock.Now - launchTicks);
        say(string.Create(CultureInfo.InvariantCulture, $"campaign: {recipients} recipients at {options.CampaignPace}/s, launch answered after {launchSeconds:F1}s (planning)"));

        using (progress.Show(() => string.Create(CultureInfo.InvariantCulture,
                   $"[campaign] {arrivals.Delivered}/{recipients} at the carrier, {Seconds(BenchClock.Now - launchTicks):F0}s since launch")))
        {
            var drainTicks = (long)(options.Drain.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
            var since = BenchClock.Now;
            while (arrivals.Delivered < recipients && BenchClock.Now - Math.Max(since, arrivals.LastArrivalTicks) < drainTicks)
                await Task.Delay(200, cancellationToken);
        }
        var resources = window.End();
        var sends = arrivals.Figures(launchedAt);
        var status = await StatusAsync(id, cancellationToken);
        return new CampaignOutcome
        {
            CampaignId = id,
            Recipients = recipients,
            PacePerSecond = options.CampaignPace,
            Category = Category,
            AudienceUploadSeconds = Math.Round(uploadSeconds, 2),
            LaunchAnsweredSeconds = Math.Round(launchSeconds, 2),
            LaunchedAtUnixMicroseconds = launchedAt,
            Sends = sends,
            FinalStatus = status,
            OutboundOnlyPerSecond = outboundOnlyPerSecond,
            DeepestQueue = depths?.Deepest,
            QueueDepths = depths?.ByDepth ?? [],
            QueuesSampled = depths is null ? 0 : options.Queues.Count,
            Machine = resources.Machine,
            LoadAverage = [loadAtStart, LoadAverage()],
            Processes = resources.Processes.Select(p => ProcessCost.From(p, sends.Delivered)).ToList(),
            StartedQuiet = quiet,
        };
    }

    /// <summary>The audience file: a <c>number</c> header and one recipient a line. Pure.</summary>
    public static string AudienceCsv(int recipients)
    {
        var csv = new StringBuilder("number\n", 7 + recipients * 16);
        for (var i = 0; i < recipients; i++) csv.Append(Customers.Campaign(i)).Append('\n');
        return csv.ToString();
    }

    private async Task<JsonElement> PostAsync(string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.Campaigns, path)) { Content = content };
        request.Headers.Add("X-Api-Key", settings.ApiKey);
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Campaigns answered POST {path} with {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<string?> StatusAsync(Guid id, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(options.Campaigns, $"/v1/campaigns/{id}"));
        request.Headers.Add("X-Api-Key", settings.ApiKey);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode) return null;
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.GetProperty("status").GetString();
    }

    private static double Seconds(long ticks) => BenchClock.TicksToMicroseconds(ticks) / 1e6;

    /// <summary>The machine's one-minute load average; 0 where <c>/proc/loadavg</c> cannot be read.</summary>
    private static double LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
