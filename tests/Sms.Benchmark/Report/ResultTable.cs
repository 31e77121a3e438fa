using System.Globalization;
using System.Text;
using Sms.Benchmark.Measure;

namespace Sms.Benchmark.Report;

/// <summary>The end-of-run tables on the terminal. Pure.</summary>
public static class ResultTable
{
    public static string Format(BenchmarkReport report)
    {
        var text = new StringBuilder();
        text.AppendLine(Steps(report.Steps));
        text.AppendLine(Costs(report.Steps));
        if (report.FloorRatios.Count > 0) text.AppendLine(Ratios(report.FloorRatios));
        if (report.Campaign is { } campaign) text.AppendLine(Campaign(campaign));
        return text.ToString();
    }

    /// <summary>The campaign step: one figure a row, the outbound-only step's sends/s beside its own.</summary>
    public static string Campaign(CampaignOutcome c)
    {
        var s = c.Sends;
        var campaigns = c.Processes.FirstOrDefault(p => p.Name == CampaignsProcess);
        var rows = new List<string[]>
        {
            new[] { $"campaign: {Number(c.Recipients)} recipients, {c.Category}, pace {Number(c.PacePerSecond)}/s", "" },
            new[] { "audience upload (POST /v1/audiences)", Seconds(c.AudienceUploadSeconds) },
            new[] { "launch answered (planning)", Seconds(c.LaunchAnsweredSeconds) },
            new[] { "launch → first send at the carrier", Seconds(s.FirstSendSeconds) },
            new[] { "launch → last send", Seconds(s.LastSendSeconds) },
            new[] { "sends/s, first to last", PerSecond(s.FirstToLastPerSecond) },
            new[] { "sends/s, steady middle (10th–90th percentile)", PerSecond(s.SteadyPerSecond) },
            new[] { "sends/s, outbound-only step (best)", PerSecond(c.OutboundOnlyPerSecond) },
            new[] { "Campaigns peak RSS / unique / VmHWM MB", campaigns is null ? "-" : string.Create(CultureInfo.InvariantCulture,
                $"{campaigns.PeakRssMegabytes:F0} / {campaigns.PeakUniqueMegabytes:F0} / {campaigns.LifetimePeakRssMegabytes:F0}") },
            new[] { "deepest queue (sampled every second)", c.QueuesSampled == 0 ? "not sampled"
                : c.DeepestQueue is { } q ? string.Create(CultureInfo.InvariantCulture, $"{q.Queue} {q.Messages} at {q.AtSeconds:F0}s") : "every queue empty" },
            new[] { "delivered / lost / duplicated", $"{Number(s.Delivered)} / {Number(s.Lost)} / {Number(s.Duplicated)}" },
            new[] { "busy cores; load average at start → end", string.Create(CultureInfo.InvariantCulture,
                $"{c.Machine.BusyCores:F2}/{c.Machine.Cores}; {c.LoadAverage.ElementAtOrDefault(0):F2} → {c.LoadAverage.ElementAtOrDefault(1):F2}") },
            new[] { "campaign status at the end", c.FinalStatus ?? "-" },
        };
        return Render(rows);
    }

    /// <summary>The campaign service's name in the watched processes (deploy/bench.sh names them by project).</summary>
    public const string CampaignsProcess = "Sms.Campaigns";

    private static string Seconds(double? seconds) => seconds is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v:F1} s") : "-";

    private static string PerSecond(double? rate) => rate is { } v ? v.ToString("F1", CultureInfo.InvariantCulture) : "-";

    /// <summary>One row per step: counts, throughput and the two latencies (p50 / p99 / p99.9, milliseconds).</summary>
    public static string Steps(IReadOnlyList<StepOutcome> steps)
    {
        var rows = new List<string[]>
        {
            new[] { "step", "rate/s", "sent", "accepted", "delivered", "lost", "dup", "achieved/s", "accept ms p50/p99/p99.9", "end-to-end ms p50/p99/p99.9", "busy cores" },
        };
        rows.AddRange(steps.Select(s => new[]
        {
            s.Name, Number(s.Rate), Number(s.Sent), Number(s.Accepted), Number(s.Delivered), Number(s.Lost), Number(s.Duplicated),
            s.AchievedPerSecond.ToString("F1", CultureInfo.InvariantCulture),
            Percentiles(s.Accept), Percentiles(s.EndToEnd),
            $"{s.Machine.BusyCores.ToString("F2", CultureInfo.InvariantCulture)}/{s.Machine.Cores}",
        }));
        return Render(rows);
    }

    /// <summary>
    /// One row per process: CPU seconds per 1,000 delivered messages, peak resident memory and peak unique memory (MB;
    /// the resident set without the pages shared with other processes), per step.
    /// </summary>
    public static string Costs(IReadOnlyList<StepOutcome> steps)
    {
        var names = steps.SelectMany(s => s.Processes.Select(p => p.Name)).Distinct().ToList();
        var header = new List<string> { "CPU s per 1,000 / peak RSS MB / unique MB" };
        header.AddRange(steps.Select(s => s.Name));
        var rows = new List<string[]> { header.ToArray() };
        foreach (var name in names)
        {
            var row = new List<string> { name };
            row.AddRange(steps.Select(s => s.Processes.FirstOrDefault(p => p.Name == name) is { } p
                ? $"{(p.CpuSecondsPer1000 is { } cpu ? cpu.ToString("F2", CultureInfo.InvariantCulture) : "-")} / {p.PeakRssMegabytes.ToString("F0", CultureInfo.InvariantCulture)} / {p.PeakUniqueMegabytes.ToString("F0", CultureInfo.InvariantCulture)}{(p.Exited ? " EXITED" : "")}"
                : "-"));
            rows.Add(row.ToArray());
        }
        foreach (var server in steps.SelectMany(s => s.Servers.Select(v => v.Name)).Distinct())
        {
            var row = new List<string> { server + " (CPU s, whole server)" };
            row.AddRange(steps.Select(s => s.Servers.FirstOrDefault(v => v.Name == server)?.CpuSeconds.ToString("F1", CultureInfo.InvariantCulture) ?? "-"));
            rows.Add(row.ToArray());
        }
        return Render(rows);
    }

    public static string Ratios(IReadOnlyList<FloorRatio> ratios)
    {
        var rows = new List<string[]> { new[] { "platform ÷ floor", "rate/s", "end-to-end p50", "end-to-end p99", "webhook p99", "CPU per 1,000" } };
        rows.AddRange(ratios.Select(r => new[]
        {
            "", Number(r.Rate), Times(r.EndToEndP50), Times(r.EndToEndP99), Times(r.AcceptP99), Times(r.CpuPer1000),
        }));
        return Render(rows);
    }

    /// <summary><c>1.2 / 3.4 / 10.0</c>, or <c>-</c> when nothing was measured.</summary>
    public static string Percentiles(LatencySummary latency) =>
        latency.Count == 0
            ? "-"
            : string.Create(CultureInfo.InvariantCulture, $"{latency.P50:F1} / {latency.P99:F1} / {latency.P999:F1}");

    private static string Times(double? ratio) => ratio is { } r ? string.Create(CultureInfo.InvariantCulture, $"{r:F1}×") : "-";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Columns padded to their widest cell; the first column left-aligned, the others right-aligned.</summary>
    public static string Render(IReadOnlyList<string[]> rows)
    {
        var columns = rows.Max(r => r.Length);
        var widths = Enumerable.Range(0, columns).Select(c => rows.Max(r => c < r.Length ? r[c].Length : 0)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            var cells = Enumerable.Range(0, columns).Select(c =>
            {
                var cell = c < row.Length ? row[c] : "";
                return c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]);
            });
            text.AppendLine(string.Join("  ", cells).TrimEnd());
        }
        return text.ToString();
    }
}
