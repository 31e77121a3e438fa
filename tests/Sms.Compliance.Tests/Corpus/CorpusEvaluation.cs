using System.Globalization;
using System.Text;
using Sms.Compliance.Keywords;

namespace Sms.Compliance.Tests.Corpus;

/// <summary>
/// Measures a <see cref="KeywordClassifier"/> against a labelled corpus (<c>language	label	text</c>, labels
/// <c>opt_out</c>, <c>opt_in</c>, <c>help</c>, <c>other</c>): what it acts on per class and language, and opt-out
/// precision and recall. Pure: the caller reads the file. Shared by the corpus test and <c>deploy/consent-corpus.sh</c>
/// (linked into Sms.Benchmark), so both print the same table.
/// </summary>
public static class CorpusEvaluation
{
    public static readonly string[] Labels = ["opt_out", "opt_in", "help", "other"];

    public sealed record Row(string Language, string Label, string Text);

    public sealed record Miss(Row Row, string Predicted, string? Rule, double Score);

    public sealed record Result(
        IReadOnlyDictionary<(string Language, string Label, string Predicted), int> Counts,
        IReadOnlyList<Miss> Misses,
        int Uncertain)
    {
        public int OptOutTruePositives => Sum((_, l, p) => l == "opt_out" && p == "opt_out");
        public int OptOutPredicted => Sum((_, _, p) => p == "opt_out");
        public int OptOutLabelled => Sum((_, l, _) => l == "opt_out");
        public double OptOutPrecision => OptOutPredicted == 0 ? 1 : (double)OptOutTruePositives / OptOutPredicted;
        public double OptOutRecall => OptOutLabelled == 0 ? 1 : (double)OptOutTruePositives / OptOutLabelled;

        internal int Sum(Func<string, string, string, bool> where) =>
            Counts.Where(c => where(c.Key.Language, c.Key.Label, c.Key.Predicted)).Sum(c => c.Value);
    }

    /// <summary>The rows of the TSV text; a first line that names the columns and blank or <c>#</c> lines are skipped.</summary>
    public static IReadOnlyList<Row> Parse(string tsv) =>
        tsv.Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t', 3))
            .Where(cells => cells.Length == 3 && cells[1] != "label")
            .Select(cells => new Row(cells[0].Trim(), cells[1].Trim(), cells[2]))
            .ToList();

    /// <summary>Reads every row: opted-out senders for opt_in rows (YES counts only then), opted-in for the others.</summary>
    public static Result Evaluate(KeywordClassifier classifier, IEnumerable<Row> rows)
    {
        var counts = new Dictionary<(string, string, string), int>();
        var misses = new List<Miss>();
        var uncertain = 0;
        foreach (var row in rows)
        {
            var reading = classifier.Read(row.Text, optedOut: row.Label == "opt_in");
            if (reading.Outcome == ConsentOutcome.Uncertain) uncertain++;
            var predicted = reading.Outcome == ConsentOutcome.Act ? Label(reading.Intent) : "other";
            var key = (row.Language, row.Label, predicted);
            counts[key] = counts.GetValueOrDefault(key) + 1;
            if (predicted != row.Label) misses.Add(new Miss(row, predicted, reading.Rule, reading.Score));
        }
        return new Result(counts, misses, uncertain);
    }

    /// <summary>Per language and label: rows, and how many were read as each class; then opt-out precision and recall.</summary>
    public static string Table(Result result, int missesToList = 200)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"lang",-5} {"label",-8} {"rows",5} {"opt_out",8} {"opt_in",7} {"help",5} {"other",6}");
        var languages = result.Counts.Keys.Select(k => k.Language).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var language in languages.Append("all"))
        {
            foreach (var label in Labels)
            {
                bool In(string l, string lab) => (language == "all" || l == language) && lab == label;
                var rows = result.Sum((l, lab, _) => In(l, lab));
                if (rows == 0) continue;
                text.Append(CultureInfo.InvariantCulture, $"{language,-5} {label,-8} {rows,5}");
                foreach (var (predicted, width) in Labels.Zip([8, 7, 5, 6]))
                    text.Append(' ').Append(result.Sum((l, lab, p) => In(l, lab) && p == predicted).ToString(CultureInfo.InvariantCulture).PadLeft(width));
                text.AppendLine();
            }
        }
        text.AppendLine(CultureInfo.InvariantCulture,
            $"opt-out precision {result.OptOutPrecision:P2} ({result.OptOutTruePositives}/{result.OptOutPredicted}), recall {result.OptOutRecall:P2} ({result.OptOutTruePositives}/{result.OptOutLabelled}); uncertain (for review) {result.Uncertain}");
        foreach (var miss in result.Misses.Take(missesToList))
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  miss {miss.Row.Language} {miss.Row.Label} -> {miss.Predicted} ({miss.Score:0.00} {miss.Rule}): {miss.Row.Text}");
        return text.ToString();
    }

    private static string Label(KeywordIntent intent) => intent switch
    {
        KeywordIntent.OptOut => "opt_out",
        KeywordIntent.OptIn => "opt_in",
        KeywordIntent.Help => "help",
        _ => "other",
    };
}
