using System.Globalization;
using MassTransit;
using Sms.Benchmark.Cli;
using Sms.Benchmark.Load;
using Sms.Benchmark.Measure;
using Sms.Benchmark.Platform;
using Sms.Benchmark.Report;

namespace Sms.Benchmark;

/// <summary>
/// One run, in order: the floor's steps (when a floor host is given), the sessions set up, the conversation steps
/// (after an unreported warm-up), the outbound-only steps, the campaign step; then the tables and the JSON report.
/// </summary>
public sealed class BenchmarkRun(BenchmarkOptions options, PlatformSettings settings, TextWriter output)
{
    public const string LoadGeneratorProcess = "LoadGenerator";
    public const string FloorProcess = "Floor";
    public const string CarrierProcess = "Sms.CarrierSimulator";

    public const string Hops =
        "Per conversation, 4 broker hops on the critical path (InboundSmsReceived → Compliance, InboundSmsAccepted → Router, " +
        "SendSms → Compliance, SmsApproved → Outbound) and 8 deliveries in all (also InboundSmsReceived, ReplyClassified and " +
        "SmsSent ×2 to Conversations and Router), plus the webhook and the carrier send over HTTP; the delivery receipt that " +
        "follows adds a webhook and 2 deliveries. The floor makes the same 8 deliveries and both HTTP calls, with no receipt.";

    private readonly List<(StepRecorder Recorder, StepOutcome Outcome)> _steps = [];
    private double _idleCores;
    private CampaignOutcome? _campaign;

    /// <summary>0 when nothing was lost or duplicated and no service exited; 1 otherwise.</summary>
    public async Task<int> ExecuteAsync(CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        var clock = new BenchClock();
        var tracker = new DeliveryTracker(clock);
        var progress = new ProgressLine(output, interactive: !Console.IsOutputRedirected);

        var campaignArrivals = new CampaignArrivals(options.CampaignRecipients);
        await using var feed = new CarrierFeedReader(http, options.Carrier, tracker, campaignArrivals);
        await feed.StartAsync(cancellationToken);
        await using var sampler = new ProcessSampler(
            [.. options.Processes, new WatchedProcess(LoadGeneratorProcess, Environment.ProcessId)], TimeSpan.FromMilliseconds(250));
        _idleCores = Math.Round(await sampler.MeasureIdleAsync(TimeSpan.FromSeconds(3), cancellationToken), 3);
        Say($"the platform idles at {_idleCores:F2} cores");
        var runner = new StepRunner(tracker, sampler, progress, _idleCores);

        var customers = options.Customers ?? options.Conversations;
        var promptsPerCustomer = Customers.PromptsPerCustomer(options.Conversations, customers);
        var bus = BenchmarkBus.Create(options.RabbitMq);
        await bus.StartAsync(cancellationToken);
        SetupFigures? setup;
        try
        {
            var workloads = new Workloads(new VonageWebhookPoster(http, settings.Signing, TimeProvider.System), bus, settings, customers);

            if (options.Floor is { } floor)
            {
                Say($"floor: {string.Join(", ", options.Rates)}/s for {options.StepDuration.TotalSeconds:F0}s each against {floor}");
                await RunStepsAsync(runner, StepKinds.Floor, options.Rates, options.StepDuration, () => workloads.Floor(floor), feed, cancellationToken);
            }

            Say($"setup: {customers} customers × {promptsPerCustomer} prompt(s), waiting for every session");
            setup = await new SessionSetup(bus, http, options.Router, settings, tracker, progress)
                .RunAsync(customers, promptsPerCustomer, TimeSpan.FromSeconds(Math.Max(120, customers * promptsPerCustomer / 50.0)), cancellationToken);
            Say($"setup done in {setup.Seconds:F1}s");

            Say($"conversations: {string.Join(", ", options.Rates)}/s for {options.StepDuration.TotalSeconds:F0}s each against {options.Ingress}");
            await RunStepsAsync(runner, StepKinds.Conversation, options.Rates, options.StepDuration, () => workloads.Conversation(options.Ingress), feed, cancellationToken);

            if (!options.SkipOutbound)
            {
                Say($"outbound only: {string.Join(", ", options.OutboundRates)}/s for {options.OutboundDuration.TotalSeconds:F0}s each, SendSms on the bus");
                foreach (var rate in options.OutboundRates)
                    await RunOneAsync(runner, StepKinds.Outbound, rate, options.OutboundDuration, workloads.Outbound(), record: true, feed, cancellationToken);
            }

            if (options.CampaignRecipients > 0)
            {
                Say($"campaign: {options.CampaignRecipients} recipients at {options.CampaignPace}/s against {options.Campaigns}");
                var outboundOnly = _steps.Where(s => s.Outcome.Kind == StepKinds.Outbound).Select(s => (double?)s.Outcome.AchievedPerSecond).Max();
                _campaign = await new CampaignStep(http, options, settings, campaignArrivals, clock, sampler, progress, _idleCores)
                    .RunAsync(outboundOnly, Say, cancellationToken);
                feed.ThrowIfFailed();
            }
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }

        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken); // a duplicate may trail its original
        var report = BuildReport(startedAt, setup, tracker, campaignArrivals);
        var path = options.Output ?? Path.Combine(".artifacts", "bench", startedAt.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + ".json");
        await report.WriteAsync(path, cancellationToken);

        output.WriteLine();
        output.WriteLine(ResultTable.Format(report));
        foreach (var problem in report.Problems) output.WriteLine("PROBLEM: " + problem);
        output.WriteLine($"JSON report: {Path.GetFullPath(path)}");
        return report.Problems.Count == 0 ? 0 : 1;
    }

    private async Task RunStepsAsync(
        StepRunner runner, string kind, IReadOnlyList<int> rates, TimeSpan duration, Func<Func<int, PreparedSend>> workload, CarrierFeedReader feed, CancellationToken cancellationToken)
    {
        var sends = workload();
        if (options.WarmUp > TimeSpan.Zero)
            await RunOneAsync(runner, kind, rates[0], options.WarmUp, sends, record: false, feed, cancellationToken);
        foreach (var rate in rates)
            await RunOneAsync(runner, kind, rate, duration, sends, record: true, feed, cancellationToken);
    }

    private async Task RunOneAsync(
        StepRunner runner, string kind, int rate, TimeSpan duration, Func<int, PreparedSend> sends, bool record, CarrierFeedReader feed, CancellationToken cancellationToken)
    {
        var schedule = new ArrivalSchedule(rate, duration);
        var name = record ? $"{kind} {rate}/s" : $"{kind} warm-up";
        var recorder = new StepRecorder(name, kind, rate, duration, schedule.Count);
        var outcome = await runner.RunAsync(recorder, schedule, sends, options.Drain, cancellationToken);
        feed.ThrowIfFailed();
        if (record) _steps.Add((recorder, outcome));
    }

    private BenchmarkReport BuildReport(DateTimeOffset startedAt, SetupFigures? setup, DeliveryTracker tracker, CampaignArrivals campaignArrivals)
    {
        var steps = _steps.Select(s => s.Outcome.WithLateArrivals(s.Recorder)).ToList();
        var campaign = _campaign is { } c ? c with { Sends = campaignArrivals.Figures(c.LaunchedAtUnixMicroseconds) } : null;
        return new BenchmarkReport
        {
            StartedAt = startedAt,
            FinishedAt = DateTimeOffset.UtcNow,
            Label = options.Label,
            Machine = MachineDescription.Current(),
            Settings = options,
            Setup = setup,
            IdleCores = _idleCores,
            Steps = steps,
            Campaign = campaign,
            FloorRatios = BenchmarkReport.Ratios(steps, p => p.Name is not (LoadGeneratorProcess or FloorProcess or CarrierProcess), FloorProcess),
            UnexpectedAtCarrier = tracker.Unexpected,
            Hops = Hops,
            Problems = Problems(steps, campaign, tracker),
        };
    }

    private static List<string> Problems(IReadOnlyList<StepOutcome> steps, CampaignOutcome? campaign, DeliveryTracker tracker)
    {
        var problems = new List<string>();
        foreach (var step in steps)
        {
            if (step.Lost > 0) problems.Add($"{step.Name}: {step.Lost} accepted messages did not reach the carrier within the drain time ({step.LateDeliveries} arrived later).");
            if (step.Duplicated > 0) problems.Add($"{step.Name}: {step.Duplicated} messages reached the carrier more than once.");
            if (step.Accepted < step.Sent) problems.Add($"{step.Name}: {step.Sent - step.Accepted} sends were refused ({string.Join(", ", step.Refused.Select(r => $"{r.Value}× HTTP {r.Key}"))}).");
            if (!step.StartedQuiet) problems.Add($"{step.Name}: the platform was still busy with earlier work when the step started.");
            foreach (var process in step.Processes.Where(p => p.Exited)) problems.Add($"{step.Name}: {process.Name} exited.");
        }
        if (campaign is not null)
        {
            if (campaign.Sends.Lost > 0) problems.Add($"campaign: {campaign.Sends.Lost} of {campaign.Recipients} recipients got no message.");
            if (campaign.Sends.Duplicated > 0) problems.Add($"campaign: {campaign.Sends.Duplicated} recipients got their message more than once.");
            if (!campaign.StartedQuiet) problems.Add("campaign: the platform was still busy with earlier work when it was launched.");
            foreach (var process in campaign.Processes.Where(p => p.Exited)) problems.Add($"campaign: {process.Name} exited.");
        }
        if (tracker.Unexpected > 0) problems.Add($"{tracker.Unexpected} messages reached the carrier that no step expected (an acknowledgement or clarification instead of the automatic response?).");
        return problems;
    }

    private void Say(string line) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\u001b[1m[{DateTime.Now:HH:mm:ss}]\u001b[0m {line}"));
}
