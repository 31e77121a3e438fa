namespace Sms.Conversations.Http;

/// <summary>The checks of <c>POST /v1/conversations/{id}/labels</c>: at least one label, each trimmed and of a label's length. Pure.</summary>
public static class LabelsRequestValidator
{
    /// <returns>Per field, what is wrong; empty when valid.</returns>
    public static Dictionary<string, string[]> Validate(LabelsRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (field, labels) in new[] { ("add", request?.Add), ("remove", request?.Remove) })
        {
            if (labels is not null && labels.Any(l => l is null))
                errors[field] = ["A label cannot be null."];
            else if (labels?.FirstOrDefault(l => string.IsNullOrWhiteSpace(l) || l.Length > InputLimits.LabelLength || l != l.Trim()) is { } bad)
                errors[field] = [$"Each label is 1 to {InputLimits.LabelLength} characters without surrounding spaces ('{Shown(bad)}' is not)."];
            else if (labels?.Select(l => InputLimits.TextProblem(l, InputLimits.LabelLength)).FirstOrDefault(p => p is not null) is { } problem)
                errors[field] = [problem];
        }
        var count = (request?.Add?.Count ?? 0) + (request?.Remove?.Count ?? 0);
        if (count == 0)
            errors["add"] = ["Give at least one label to add or remove."];
        else if (count > InputLimits.LabelsPerChange)
            errors["add"] = [$"At most {InputLimits.LabelsPerChange} labels added and removed in one call ({count} given)."];
        return errors;
    }

    /// <summary>At most 20 characters of a refused value, for the problem's text.</summary>
    private static string Shown(string value) => value.Length > 20 ? value[..20] + "…" : value;
}
