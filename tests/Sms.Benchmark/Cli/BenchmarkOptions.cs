using System.Globalization;

namespace Sms.Benchmark.Cli;

/// <summary>A service process whose CPU and memory the benchmark reports.</summary>
public sealed record WatchedProcess(string Name, int Pid);

/// <summary>What one benchmark run does; from the command line (<see cref="Parse"/>).</summary>
public sealed record BenchmarkOptions
{
    /// <summary>Inbound-reply conversations per second, one measured step each, in order.</summary>
    public IReadOnlyList<int> Rates { get; init; } = [100, 250, 500, 1000];

    public TimeSpan StepDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A step at the first rate before the measured ones (JIT, connection pools, caches); not reported.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a step waits after its last send for the last answers; what has not arrived then is lost.</summary>
    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Distinct customers; null: one per conversation. Fewer customers each get several prompts.</summary>
    public int? Customers { get; init; }

    /// <summary>Outbound-only sends per second (SendSms without a prompt, published on the bus), one step each.</summary>
    public IReadOnlyList<int> OutboundRates { get; init; } = [500, 1000, 2000];

    public TimeSpan OutboundDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Recipients of the campaign step (an uploaded audience, launched over HTTP); 0: no campaign step.</summary>
    public int CampaignRecipients { get; init; } = 100_000;

    /// <summary>The campaign's pace (messages/s); Campaigns' own maximum by default.</summary>
    public int CampaignPace { get; init; } = 1000;

    /// <summary>The queues whose depth the campaign step samples every second (deploy/bench.sh lists them); empty: not sampled.</summary>
    public IReadOnlyList<string> Queues { get; init; } = [];

    public Uri Campaigns { get; init; } = new("http://127.0.0.1:8600");

    public Uri Ingress { get; init; } = new("http://127.0.0.1:8100");

    public Uri Router { get; init; } = new("http://127.0.0.1:8200");

    public Uri Carrier { get; init; } = new("http://127.0.0.1:8900");

    /// <summary>The floor host (<c>Sms.Benchmark floor-host</c>); null: no floor steps.</summary>
    public Uri? Floor { get; init; }

    public Uri RabbitMq { get; init; } = new("amqp://guest:guest@127.0.0.1:5672/sms-bench");

    public IReadOnlyList<WatchedProcess> Processes { get; init; } = [];

    /// <summary>Where the JSON report goes; null: <c>.artifacts/bench/&lt;timestamp&gt;.json</c> under the current directory.</summary>
    public string? Output { get; init; }

    public bool Quick { get; init; }

    public bool SkipOutbound { get; init; }

    /// <summary>No floor steps, whatever <c>--floor</c> says (deploy/bench.sh always passes one).</summary>
    public bool NoFloor { get; init; }

    /// <summary>Free text stored in the report (e.g. the commit measured).</summary>
    public string? Label { get; init; }

    /// <summary>The smoke-test run <c>--quick</c> starts from: 50 conversations/s for 10 s, outbound 100/s for 5 s, a campaign to 2,000.</summary>
    public static BenchmarkOptions QuickDefaults { get; } = new()
    {
        Quick = true,
        Rates = [50],
        StepDuration = TimeSpan.FromSeconds(10),
        WarmUp = TimeSpan.FromSeconds(2),
        Drain = TimeSpan.FromSeconds(20),
        OutboundRates = [100],
        OutboundDuration = TimeSpan.FromSeconds(5),
        CampaignRecipients = 2_000,
    };

    /// <summary>Conversations the run needs an open session for: the warm-up plus every measured step.</summary>
    public int Conversations =>
        (int)Math.Round(Rates[0] * WarmUp.TotalSeconds) + Rates.Sum(r => (int)Math.Round(r * StepDuration.TotalSeconds));

    public const string Usage = """
        Sms.Benchmark [run] [flags]   open-loop load against a running platform (deploy/bench.sh starts one)
        Sms.Benchmark floor-host      the floor: the same broker hops with consumers that only forward
        Sms.Benchmark inbox-queries --postgres CONN [--messages N]
                                      the inbox's queries over generated data in a scratch database (--help: more)

          --rates 100,250,500,1000     conversations per second, one step each
          --step-seconds 60            length of each step
          --warmup-seconds 10          unreported warm-up at the first rate (0: none)
          --drain-seconds 30           wait after a step's last send; what has not arrived then is lost
          --customers N                distinct customers (default: one per conversation)
          --outbound-rates 500,1000,2000  outbound-only sends per second, one step each
          --outbound-seconds 30        length of each outbound step
          --no-outbound                skip the outbound-only steps
          --campaign-recipients 100000 the campaign step: an uploaded audience of N, launched over HTTP (0: no campaign step)
          --campaign-pace 1000         the campaign's pace, messages/s (Campaigns' maximum)
          --campaigns URL              the campaign service
          --queues a,b,c               queues whose depth the campaign step samples every second (deploy/bench.sh lists them)
          --floor URL                  the floor host; without it no floor steps run
          --no-floor                   no floor steps even with --floor
          --ingress URL  --router URL  --carrier URL  --rabbitmq amqp://user:pass@host:port/vhost
          --process Name=pid           a process to report CPU and memory for (repeat)
          --output PATH                the JSON report (default .artifacts/bench/<timestamp>.json)
          --label TEXT                 stored in the report, e.g. the commit
          --quick                      smoke test: 50/s for 10 s, outbound 100/s for 5 s, a campaign to 2,000 (other flags still apply)

        Secrets come from the environment, as the services read them: Vonage__SignatureSecret, Vonage__SignatureMethod,
        Api__Keys__0, Vonage__DefaultFrom.
        """;

    /// <summary>The options the flags ask for; <see cref="UsageException"/> says what is wrong with them.</summary>
    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        var options = args.Contains("--quick") ? QuickDefaults : new BenchmarkOptions();
        var processes = new List<WatchedProcess>();
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new UsageException($"{flag} needs a value.");
            options = flag switch
            {
                "--quick" => options,
                "--no-outbound" => options with { SkipOutbound = true },
                "--no-floor" => options with { Floor = null, NoFloor = true },
                "--rates" => options with { Rates = RateList(flag, Value()) },
                "--step-seconds" => options with { StepDuration = Seconds(flag, Value(), minimum: 1) },
                "--warmup-seconds" => options with { WarmUp = Seconds(flag, Value(), minimum: 0) },
                "--drain-seconds" => options with { Drain = Seconds(flag, Value(), minimum: 1) },
                "--customers" => options with { Customers = Integer(flag, Value(), minimum: 1) },
                "--outbound-rates" => options with { OutboundRates = RateList(flag, Value()) },
                "--outbound-seconds" => options with { OutboundDuration = Seconds(flag, Value(), minimum: 1) },
                "--campaign-recipients" => options with { CampaignRecipients = Integer(flag, Value(), minimum: 0) },
                "--campaign-pace" => options with { CampaignPace = Integer(flag, Value(), minimum: 1) },
                "--campaigns" => options with { Campaigns = Address(flag, Value(), "http") },
                "--queues" => options with { Queues = Value().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) },
                "--ingress" => options with { Ingress = Address(flag, Value(), "http") },
                "--router" => options with { Router = Address(flag, Value(), "http") },
                "--carrier" => options with { Carrier = Address(flag, Value(), "http") },
                "--floor" => options with { Floor = options.NoFloor ? null : Address(flag, Value(), "http") },
                "--rabbitmq" => options with { RabbitMq = Address(flag, Value(), "amqp") },
                "--output" => options with { Output = Value() },
                "--label" => options with { Label = Value() },
                "--process" => AddProcess(options, Value()),
                _ => throw new UsageException($"Unknown flag '{flag}'."),
            };
        }
        return options with { Processes = processes };

        BenchmarkOptions AddProcess(BenchmarkOptions current, string value)
        {
            var equals = value.IndexOf('=');
            if (equals <= 0 || !int.TryParse(value.AsSpan(equals + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid <= 0)
                throw new UsageException($"--process takes Name=pid, e.g. Sms.Router=12345; got '{value}'.");
            processes.Add(new WatchedProcess(value[..equals], pid));
            return current;
        }
    }

    private static int[] RateList(string flag, string value)
    {
        var rates = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(r => Integer(flag, r, minimum: 1))
            .ToArray();
        return rates.Length > 0 ? rates : throw new UsageException($"{flag} needs at least one rate, e.g. 100,250.");
    }

    private static TimeSpan Seconds(string flag, string value, int minimum) => TimeSpan.FromSeconds(Integer(flag, value, minimum));

    private static int Integer(string flag, string value, int minimum) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= minimum
            ? number
            : throw new UsageException($"{flag} takes a whole number of at least {minimum}; got '{value}'.");

    private static Uri Address(string flag, string value, string scheme) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == scheme
            ? uri
            : throw new UsageException($"{flag} takes an absolute {scheme}:// address; got '{value}'.");
}

/// <summary>The command line cannot be understood; the message says why.</summary>
public sealed class UsageException(string message) : Exception(message);
