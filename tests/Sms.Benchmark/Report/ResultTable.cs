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
        return text.ToString();
    }

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
