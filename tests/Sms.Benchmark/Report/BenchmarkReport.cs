using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sms.Benchmark.Report;

/// <summary>The platform's figure divided by the floor's at the same rate: how far above what the machine allows we are.</summary>
public sealed record FloorRatio(int Rate, double? EndToEndP50, double? EndToEndP99, double? AcceptP99, double? CpuPer1000);

/// <summary>How the sessions the conversations answer were opened before the steps.</summary>
public sealed record SetupFigures(int Customers, int PromptsPerCustomer, int Prompts, double Seconds);

/// <summary>The machine the run measured.</summary>
public sealed record MachineDescription(string Host, int Cores, string? CpuModel, long? MemoryBytes, string Os, string Runtime)
{
    public static MachineDescription Current()
    {
        string? model = null;
        long? memory = null;
        try
        {
            model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
            var total = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            if (total is not null) memory = Measure.ProcStat.StatusBytes(total, "MemTotal");
        }
        catch (IOException)
        {
        }
        return new MachineDescription(Environment.MachineName, Environment.ProcessorCount, model, memory,
            System.Runtime.InteropServices.RuntimeInformation.OSDescription, System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
    }
}

/// <summary>Everything one run measured: written as JSON and shown as tables.</summary>
public sealed record BenchmarkReport
{
    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset FinishedAt { get; init; }

    public string? Label { get; init; }

    public required MachineDescription Machine { get; init; }

    /// <summary>The run's settings (rates, durations, customers), as given.</summary>
    public required object Settings { get; init; }

    public SetupFigures? Setup { get; init; }

    /// <summary>CPU the watched processes used together before any load, in cores; a step starts once they are back near it.</summary>
    public required double IdleCores { get; init; }

    public required IReadOnlyList<StepOutcome> Steps { get; init; }

    /// <summary>The campaign step; null when it did not run.</summary>
    public CampaignOutcome? Campaign { get; init; }

    public required IReadOnlyList<FloorRatio> FloorRatios { get; init; }

    /// <summary>Sends the carrier received that no step expected (e.g. an acknowledgement where an automatic response was due).</summary>
    public required long UnexpectedAtCarrier { get; init; }

    /// <summary>Broker deliveries per conversation, critical path and in all, as counted from the platform's consumers.</summary>
    public required string Hops { get; init; }

    /// <summary>Lost or duplicated messages, a service that exited, a step the platform was still busy at: what to look at first.</summary>
    public required IReadOnlyList<string> Problems { get; init; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, this, Json, cancellationToken);
    }

    /// <summary>Each conversation step over the floor step at the same rate.</summary>
    public static IReadOnlyList<FloorRatio> Ratios(IReadOnlyList<StepOutcome> steps, Func<ProcessCost, bool> isPlatformService, string floorProcess)
    {
        var floors = steps.Where(s => s.Kind == StepKinds.Floor).ToDictionary(s => s.Rate);
        return steps.Where(s => s.Kind == StepKinds.Conversation && floors.ContainsKey(s.Rate)).Select(s =>
        {
            var floor = floors[s.Rate];
            var platformCpu = s.Processes.Where(isPlatformService).Sum(p => p.CpuSecondsPer1000 ?? 0);
            var floorCpu = floor.Processes.FirstOrDefault(p => p.Name == floorProcess)?.CpuSecondsPer1000;
            return new FloorRatio(s.Rate,
                Ratio(s.EndToEnd.P50, floor.EndToEnd.P50), Ratio(s.EndToEnd.P99, floor.EndToEnd.P99),
                Ratio(s.Accept.P99, floor.Accept.P99), Ratio(platformCpu, floorCpu));
        }).ToList();
    }

    private static double? Ratio(double? value, double? floor) =>
        value is { } v && floor is { } f && f > 0 ? Math.Round(v / f, 2) : null;
}

/// <summary>The kinds of step.</summary>
public static class StepKinds
{
    public const string Conversation = "conversation";
    public const string Floor = "floor";
    public const string Outbound = "outbound";
}
