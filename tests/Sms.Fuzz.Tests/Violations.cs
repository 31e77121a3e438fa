using System.Text;
using Sms.Fuzz.Tests.Generation;
using Sms.Fuzz.Tests.Http;

namespace Sms.Fuzz.Tests;

/// <summary>One broken promise: what was sent, where, what came back.</summary>
public sealed record Violation(string Kind, string Where, string Input, string Outcome)
{
    public override string ToString() => $"{Kind} — {Where}\n      input: {Input}\n      outcome: {Outcome}";
}

/// <summary>
/// Every violation of a run, kept rather than stopping at the first, and reported once at the end: grouped by kind and
/// endpoint with a count and the first example, then the whole list.
/// </summary>
public sealed class Violations
{
    private readonly List<Violation> all = [];

    public int Count => all.Count;

    public IReadOnlyList<Violation> All => all;

    public void Add(string kind, string where, string input, string outcome) => all.Add(new Violation(kind, where, input, outcome));

    public void Add(string kind, string where, FuzzRequest request, FuzzResponse response) =>
        Add(kind, where, request.ToString(), Describe(response));

    public static string Describe(FuzzResponse response) =>
        response.TimedOut ? "no answer (timed out)"
        : response.Status == 0 ? "connection closed without an answer " + Wire.Preview(response.Body, 100)
        : $"{response.Status} {Wire.Preview(response.Body, 300)}";

    public string Report(FuzzSettings settings, string summary)
    {
        var report = new StringBuilder();
        report.AppendLine($"Fuzz run with seed {settings.Seed}: {all.Count} violation(s). Repeat it with: {settings.Repeat}");
        report.AppendLine(summary);
        report.AppendLine("Distinct violations (kind — where: count), first example of each:");
        foreach (var group in all.GroupBy(v => (v.Kind, v.Where)).OrderBy(g => g.Key.Kind, StringComparer.Ordinal).ThenBy(g => g.Key.Where, StringComparer.Ordinal))
        {
            var first = group.First();
            report.AppendLine($"  {group.Key.Kind} — {group.Key.Where}: {group.Count()}");
            report.AppendLine($"      input: {first.Input}");
            report.AppendLine($"      outcome: {first.Outcome}");
        }
        return report.ToString();
    }

    public string FullList() => string.Join("\n", all.Select((v, i) => $"{i + 1}. {v}"));
}
