using Sms.Campaigns.Data;
using Sms.Contracts.Campaigns;
using Sms.ServiceDefaults.Numbers;
using Sms.ServiceDefaults.Text;
using Sms.ServiceDefaults.Validation;

namespace Sms.Campaigns.Campaigns;

/// <summary>
/// What a campaign draft must be, whether it comes from the API or the <c>CreateCampaign</c> command: a name, one
/// audience (a segment or an upload), one content (a text or a flow), a prompt only with a text and by the same rules
/// as a single send's (<see cref="PromptRules"/>), a pace and spread within bounds. Every problem is reported at once,
/// by field. Pure.
/// </summary>
public static class CampaignDraftRules
{
    public const int MaxNameLength = 200;
    public const int MaxTextLength = 1600;
    public const int MaxFlowNameLength = 100;
    public const int MaxFromLength = 20;
    public const int MaxSpreadMinutes = 24 * 60;
    public const int MaxPacePerSecond = 1000;
    public const int MaxNumbers = 100_000;

    /// <summary>Why a flow campaign takes no prompt: each step of the flow asks with its own.</summary>
    public const string PromptWithFlow = "a flow asks with its own steps' prompts: give a prompt with a text only";

    public static Dictionary<string, string[]> Problems(CampaignDraft draft, bool hasNumbers = false)
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(draft.Name) || draft.Name.Length > MaxNameLength)
            problems["name"] = [$"a name of 1 to {MaxNameLength} characters is required"];
        var audiences = (draft.SegmentId is null ? 0 : 1) + (draft.AudienceId is null ? 0 : 1) + (hasNumbers ? 1 : 0);
        if (audiences != 1)
            problems["segmentId"] = ["name exactly one of segmentId, audienceId" + (hasNumbers ? " and numbers" : "")];
        var contents = (string.IsNullOrWhiteSpace(draft.Text) ? 0 : 1) + (string.IsNullOrWhiteSpace(draft.FlowName) ? 0 : 1);
        if (contents != 1)
            problems["text"] = ["give exactly one of text and flowName"];
        if (draft.Text is { Length: > MaxTextLength })
            problems["text"] = [$"at most {MaxTextLength} characters"];
        if (draft.FlowName is { Length: > MaxFlowNameLength })
            problems["flowName"] = [$"at most {MaxFlowNameLength} characters"];
        if (draft.From is { } from && (string.IsNullOrWhiteSpace(from) || from.Length > MaxFromLength))
            problems["from"] = [$"a number or sender id of at most {MaxFromLength} characters"];
        // What no database or carrier takes (U+0000, control characters, unpaired surrogates), by field.
        foreach (var (field, value) in new[] { ("name", draft.Name), ("text", draft.Text), ("flowName", draft.FlowName), ("from", draft.From) })
        {
            if (value is not null && !problems.ContainsKey(field) && MessageText.Problem(value) is { } problem)
                problems[field] = [$"the text {problem}"];
        }
        if (draft.Prompt is { } prompt)
        {
            // From the API the prompt was read by these rules already; from the bus this is where it is checked.
            foreach (var error in PromptRules.Problems(prompt))
                problems.TryAdd(error.Field, [error.Message]);
            if (!string.IsNullOrWhiteSpace(draft.FlowName))
                problems[PromptRules.Field] = [PromptWithFlow];
        }
        if (draft.SpreadMinutes is < 0 or > MaxSpreadMinutes)
            problems["spreadMinutes"] = [$"0 to {MaxSpreadMinutes}"];
        if (draft.PacePerSecond is < 1 or > MaxPacePerSecond)
            problems["pacePerSecond"] = [$"1 to {MaxPacePerSecond}"];
        return problems;
    }

    /// <summary>The <c>CreateCampaign</c> command as a draft.</summary>
    public static CampaignDraft FromCommand(CreateCampaign command) => new()
    {
        Name = command.Name, SegmentId = command.SegmentId, AudienceId = command.AudienceId, Text = command.Text,
        FlowName = command.FlowName, Prompt = command.Prompt, From = command.From is { } from ? PhoneNumbers.Canonical(from) : null, Category = command.Category,
        SendAt = command.SendAt, LocalTime = command.LocalTime, SpreadMinutes = command.SpreadMinutes,
        PacePerSecond = command.PacePerSecond ?? CampaignDraft.DefaultPacePerSecond,
    };
}
