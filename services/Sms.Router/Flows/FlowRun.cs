using System.Diagnostics.CodeAnalysis;

namespace Sms.Router.Flows;

/// <summary>
/// Where a run of a flow stands, kept in its prompt's session context (and so in Redis, never in the process):
/// <c>flow_name</c>, <c>flow_step</c>, <c>flow_run_id</c> and <c>flow_labels</c> (the labels its answers added so far,
/// comma-separated). The caller's own context travels alongside.
/// </summary>
public sealed record FlowRun(string FlowName, string Step, Guid RunId, IReadOnlyList<string> Labels)
{
    public const string FlowNameKey = "flow_name";
    public const string StepKey = "flow_step";
    public const string RunIdKey = "flow_run_id";
    public const string LabelsKey = "flow_labels";

    /// <summary>Context keys the router writes; a caller's context may not use them.</summary>
    public static readonly IReadOnlySet<string> ReservedKeys = new HashSet<string>([FlowNameKey, StepKey, RunIdKey, LabelsKey], StringComparer.Ordinal);

    /// <summary>The run a session belongs to; false for a session that is not a flow step.</summary>
    public static bool TryRead(IReadOnlyDictionary<string, string>? context, [NotNullWhen(true)] out FlowRun? run)
    {
        run = null;
        if (context is null
            || !context.TryGetValue(FlowNameKey, out var flow) || string.IsNullOrWhiteSpace(flow)
            || !context.TryGetValue(StepKey, out var step) || string.IsNullOrWhiteSpace(step)
            || !context.TryGetValue(RunIdKey, out var id) || !Guid.TryParse(id, out var runId))
        {
            return false;
        }
        var labels = context.TryGetValue(LabelsKey, out var joined) && !string.IsNullOrEmpty(joined)
            ? joined.Split(',', StringSplitOptions.RemoveEmptyEntries)
            : [];
        run = new FlowRun(flow, step, runId, labels);
        return true;
    }

    /// <summary>The run at another step with more labels (each once, in the order first added).</summary>
    public FlowRun At(string step, IEnumerable<string> addedLabels) =>
        this with { Step = step, Labels = Labels.Concat(addedLabels).Distinct(StringComparer.Ordinal).ToList() };

    /// <summary>The context of this run's next prompt: the caller's context (from <paramref name="context"/>) and the run's position.</summary>
    public Dictionary<string, string> ToContext(IReadOnlyDictionary<string, string>? context)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in context ?? new Dictionary<string, string>())
        {
            if (!ReservedKeys.Contains(key)) result[key] = value;
        }
        result[FlowNameKey] = FlowName;
        result[StepKey] = Step;
        result[RunIdKey] = RunId.ToString("D");
        if (Labels.Count > 0) result[LabelsKey] = string.Join(',', Labels);
        return result;
    }
}
