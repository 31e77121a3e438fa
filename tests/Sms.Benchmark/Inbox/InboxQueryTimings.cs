using System.Globalization;
using Sms.Benchmark.Report;

namespace Sms.Benchmark.Inbox;

/// <summary>One inbox query's timed runs: how many rows it returned and how long each run took.</summary>
public sealed record InboxQueryTiming(string Query, int Rows, IReadOnlyList<double> Milliseconds, double BudgetMilliseconds)
{
    public double Median => Percentile(0.50);

    public double P95 => Percentile(0.95);

    public double Max => Milliseconds.Max();

    public bool OverBudget => Median > BudgetMilliseconds;

    /// <summary>Nearest rank: the smallest time that at least <paramref name="fraction"/> of the runs did not exceed.</summary>
    public double Percentile(double fraction)
    {
        var sorted = Milliseconds.Order().ToList();
        var rank = (int)Math.Ceiling(fraction * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}

/// <summary>The inbox-queries table on the terminal. Pure.</summary>
public static class InboxQueryTable
{
    public static string Format(IReadOnlyList<InboxQueryTiming> timings)
    {
        var rows = new List<string[]> { new[] { "query", "rows", "median ms", "p95 ms", "max ms", "budget ms" } };
        rows.AddRange(timings.Select(t => new[]
        {
            t.Query,
            t.Rows.ToString(CultureInfo.InvariantCulture),
            Ms(t.Median), Ms(t.P95), Ms(t.Max),
            t.BudgetMilliseconds.ToString("F0", CultureInfo.InvariantCulture) + (t.OverBudget ? " OVER" : ""),
        }));
        return ResultTable.Render(rows);
    }

    private static string Ms(double value) => value.ToString(value < 10 ? "F2" : "F1", CultureInfo.InvariantCulture);
}
