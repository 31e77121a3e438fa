using System.Globalization;
using System.Text.RegularExpressions;
using Sms.Router.Sessions;

namespace Sms.Router.Flows;

/// <summary>
/// Checks the configured flows before the router starts: every problem found, each naming the configuration path of
/// what is wrong (<c>Router:Flows:{flow}:Steps:{step}:Options:{index}</c>) and why. Pure.
/// </summary>
public static partial class FlowValidator
{
    /// <summary>The longest text the platform sends (ten concatenated GSM-7 parts).</summary>
    public const int MaxTextLength = 1600;

    /// <summary>The longest time a step waits for a reply, as for any session.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(90);

    public const int MaxLabelLength = 100;

    private const string Section = "Router:Flows";

    public static IReadOnlyList<string> Validate(IReadOnlyDictionary<string, FlowDefinition>? flows, ReplyNormalizer normalizer)
    {
        var problems = new List<string>();
        foreach (var (name, flow) in flows ?? new Dictionary<string, FlowDefinition>())
            ValidateFlow(name, flow, normalizer, problems);
        return problems;
    }

    private static void ValidateFlow(string name, FlowDefinition? flow, ReplyNormalizer normalizer, List<string> problems)
    {
        var path = $"{Section}:{name}";
        if (!Name().IsMatch(name))
            problems.Add($"{path}: a flow's name may hold only letters, digits, '_' and '-'.");
        if (flow is null || flow.Steps is null || flow.Steps.Count == 0)
        {
            problems.Add($"{path}: the flow has no Steps.");
            return;
        }

        var steps = flow.Steps;
        if (string.IsNullOrWhiteSpace(flow.FirstStep))
            problems.Add($"{path}:FirstStep is missing: name the step a run starts with ({StepList(steps)}).");
        else if (!steps.ContainsKey(flow.FirstStep))
            problems.Add($"{path}:FirstStep names the step '{flow.FirstStep}', which does not exist ({StepList(steps)}).");

        foreach (var (stepName, step) in steps)
            ValidateStep($"{path}:Steps:{stepName}", stepName, step, steps, normalizer, problems);

        if (steps.ContainsKey(flow.FirstStep ?? string.Empty))
        {
            var reachable = Reachable(flow.FirstStep!, steps);
            foreach (var stepName in steps.Keys.Where(s => !reachable.Contains(s)))
                problems.Add($"{path}:Steps:{stepName} is unreachable: no option or timeout leads to it from FirstStep '{flow.FirstStep}'.");
        }

        if (TimeoutLoop(steps) is { } loop)
            problems.Add($"{path}: the timeouts of the steps {string.Join(" → ", loop)} lead round in a loop; a customer who never answers would be messaged forever.");
    }

    private static void ValidateStep(
        string path, string stepName, FlowStep? step, Dictionary<string, FlowStep> steps, ReplyNormalizer normalizer, List<string> problems)
    {
        if (!Name().IsMatch(stepName))
            problems.Add($"{path}: a step's name may hold only letters, digits, '_' and '-'.");
        if (step is null)
        {
            problems.Add($"{path}: the step is empty.");
            return;
        }

        if (string.IsNullOrWhiteSpace(step.Prompt))
            problems.Add($"{path}:Prompt is missing: the text that asks the customer.");
        else
            CheckLength($"{path}:Prompt", step.Prompt, problems);

        var options = step.Options ?? [];
        if (options.Count == 0 && step.AnyReply is null)
            problems.Add($"{path} has no Options and no AnyReply: no answer could lead anywhere.");

        var replies = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < options.Count; i++)
        {
            var optionPath = $"{path}:Options:{i.ToString(CultureInfo.InvariantCulture)}";
            var option = options[i];
            if (option is null)
            {
                problems.Add($"{optionPath}: the option is empty.");
                continue;
            }
            if (option.Replies is not { Length: > 0 })
                problems.Add($"{optionPath}:Replies is empty: name the replies that choose this option (e.g. \"1\", \"YES\").");
            foreach (var reply in option.Replies ?? [])
            {
                var normalized = normalizer.Normalize(reply);
                if (normalized.IsEmpty)
                    problems.Add($"{optionPath}:Replies: '{reply}' can never match a reply (it has no letters or digits){(reply?.Trim() == SessionResolver.AnyReplyOption ? "; use the step's AnyReply for free text" : string.Empty)}.");
                else if (replies.TryGetValue(normalized.Text, out var other) && other != i)
                    problems.Add($"{optionPath}:Replies: '{reply}' is also a reply of option {other.ToString(CultureInfo.InvariantCulture)}; a reply chooses one option.");
                else
                    replies[normalized.Text] = i;
            }
            ValidateOption(optionPath, option, steps, problems);
        }

        if (step.AnyReply is not null)
            ValidateOption($"{path}:AnyReply", step.AnyReply, steps, problems);

        if (step.Timeout is { } timeout)
            ValidateTimeout($"{path}:Timeout", timeout, steps, problems);
    }

    private static void ValidateOption(string path, FlowOption option, Dictionary<string, FlowStep> steps, List<string> problems)
    {
        var conditional = option.ConditionalResponses ?? [];
        var labels = option.Labels ?? [];
        if (IsBlank(option.Next) && IsBlank(option.Action) && labels.Length == 0 && IsBlank(option.Response)
            && conditional.Count == 0 && option.Escalate is null)
        {
            problems.Add($"{path} does nothing: give it a Next step, an Action, Labels, a Response or Escalate.");
        }
        else if (option.Escalate is not null && IsBlank(option.Response) && IsBlank(option.Next))
        {
            // A customer handed to a person always hears back at once; conditional responses alone may not apply.
            problems.Add($"{path} escalates without a Response or a Next step: the customer would hear nothing until an agent answers.");
        }

        CheckLabels($"{path}:Labels", labels, problems);
        if (!IsBlank(option.Response)) CheckLength($"{path}:Response", option.Response!, problems);
        for (var i = 0; i < conditional.Count; i++)
        {
            var conditionPath = $"{path}:ConditionalResponses:{i.ToString(CultureInfo.InvariantCulture)}";
            var response = conditional[i];
            if (response?.IfLabels is not { Length: > 0 })
                problems.Add($"{conditionPath}:IfLabels is empty: name the labels the run must have for this response.");
            else
                CheckLabels($"{conditionPath}:IfLabels", response.IfLabels, problems);
            if (IsBlank(response?.Text))
                problems.Add($"{conditionPath}:Text is missing.");
            else
                CheckLength($"{conditionPath}:Text", response!.Text, problems);
        }

        var next = CheckNext($"{path}:Next", option.Next, steps, problems);
        if (next is not null && !IsBlank(next.Prompt))
        {
            var longest = conditional.Select(c => c?.Text).Append(option.Response).Where(t => !IsBlank(t)).Select(t => t!.Length).DefaultIfEmpty(0).Max();
            if (longest > 0) CheckLength($"{path}: the response and the prompt of '{option.Next}' (sent as one message)", longest + 1 + next.Prompt.Length, problems);
        }
    }

    private static void ValidateTimeout(string path, FlowTimeout timeout, Dictionary<string, FlowStep> steps, List<string> problems)
    {
        if (timeout.After <= TimeSpan.Zero)
            problems.Add($"{path}:After must be positive (it is {timeout.After}): how long the step waits for a reply, e.g. 1.00:00:00 for 24 hours.");
        else if (timeout.After > MaxTimeout)
            problems.Add($"{path}:After is {timeout.After}; a step waits at most {MaxTimeout.TotalDays.ToString(CultureInfo.InvariantCulture)} days.");

        if (IsBlank(timeout.Message) && IsBlank(timeout.Next))
            problems.Add($"{path} has neither a Message nor a Next step: leave the Timeout out for a run that ends quietly.");
        if (!IsBlank(timeout.Message)) CheckLength($"{path}:Message", timeout.Message!, problems);
        CheckLabels($"{path}:Labels", timeout.Labels ?? [], problems);

        var next = CheckNext($"{path}:Next", timeout.Next, steps, problems);
        if (next is not null && !IsBlank(timeout.Message) && !IsBlank(next.Prompt))
            CheckLength($"{path}: the message and the prompt of '{timeout.Next}' (sent as one message)", timeout.Message!.Length + 1 + next.Prompt.Length, problems);
    }

    private static FlowStep? CheckNext(string path, string? next, Dictionary<string, FlowStep> steps, List<string> problems)
    {
        if (IsBlank(next)) return null;
        if (steps.TryGetValue(next!, out var step)) return step;
        problems.Add($"{path} names the step '{next}', which does not exist ({StepList(steps)}).");
        return null;
    }

    private static void CheckLabels(string path, string[] labels, List<string> problems)
    {
        foreach (var label in labels)
        {
            if (string.IsNullOrWhiteSpace(label))
                problems.Add($"{path}: a label is empty.");
            else if (label.Contains(',', StringComparison.Ordinal) || label.Trim() != label)
                problems.Add($"{path}: the label '{label}' may not hold a comma or surrounding spaces.");
            else if (label.Length > MaxLabelLength)
                problems.Add($"{path}: the label '{label[..20]}…' is {label.Length.ToString(CultureInfo.InvariantCulture)} characters; at most {MaxLabelLength.ToString(CultureInfo.InvariantCulture)}.");
        }
    }

    private static void CheckLength(string path, string text, List<string> problems) =>
        CheckLength(path, text.Length, problems);

    private static void CheckLength(string path, int length, List<string> problems)
    {
        if (length > MaxTextLength)
            problems.Add($"{path} is {length.ToString(CultureInfo.InvariantCulture)} characters; an SMS text is at most {MaxTextLength.ToString(CultureInfo.InvariantCulture)}.");
    }

    private static HashSet<string> Reachable(string first, Dictionary<string, FlowStep> steps)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { first };
        var queue = new Queue<string>([first]);
        while (queue.Count > 0)
        {
            foreach (var next in Successors(steps[queue.Dequeue()]))
            {
                if (steps.ContainsKey(next) && seen.Add(next)) queue.Enqueue(next);
            }
        }
        return seen;
    }

    private static IEnumerable<string> Successors(FlowStep? step)
    {
        if (step is null) yield break;
        foreach (var option in (step.Options ?? []).Append(step.AnyReply))
        {
            if (!IsBlank(option?.Next)) yield return option!.Next!;
        }
        if (!IsBlank(step.Timeout?.Next)) yield return step.Timeout!.Next!;
    }

    /// <summary>Steps whose timeouts lead round in a circle (a → b → a), or null: each step has one timeout edge at most.</summary>
    private static IReadOnlyList<string>? TimeoutLoop(Dictionary<string, FlowStep> steps)
    {
        foreach (var start in steps.Keys)
        {
            var path = new List<string> { start };
            var current = start;
            while (steps.TryGetValue(current, out var step) && !IsBlank(step?.Timeout?.Next) && path.Count <= steps.Count)
            {
                current = step!.Timeout!.Next!;
                if (current == start) return [.. path, start];
                if (path.Contains(current)) break; // a loop that does not pass through start: found from one of its own steps
                path.Add(current);
            }
        }
        return null;
    }

    private static string StepList(Dictionary<string, FlowStep> steps) =>
        "steps: " + string.Join(", ", steps.Keys.Select(k => $"'{k}'"));

    private static bool IsBlank(string? text) => string.IsNullOrWhiteSpace(text);

    [GeneratedRegex("^[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Name();
}
