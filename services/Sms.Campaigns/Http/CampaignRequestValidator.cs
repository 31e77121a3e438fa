using System.Globalization;
using Sms.Campaigns.Campaigns;
using Sms.Contracts.Outbound;
using Sms.ServiceDefaults.Numbers;
using Sms.ServiceDefaults.Validation;

namespace Sms.Campaigns.Http;

/// <summary>
/// Turns a <see cref="CampaignRequest"/> into a <see cref="CampaignDraft"/>, or reports every problem at once by field
/// (the draft's own rules are <see cref="CampaignDraftRules"/>, shared with the bus command; a prompt's are the
/// platform's, <see cref="PromptRules"/>, as for a single send). Pure.
/// </summary>
public static class CampaignRequestValidator
{
    public static (CampaignDraft? Draft, Dictionary<string, string[]> Problems) Validate(CampaignRequest request)
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var category = SmsCategory.Marketing;
        if (request.Category is { } text && !Enum.TryParse(text, ignoreCase: true, out category))
            problems["category"] = ["one of transactional, marketing, conversational"];
        TimeOnly? localTime = null;
        if (request.LocalTime is { } local)
        {
            if (TimeOnly.TryParseExact(local, ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                localTime = parsed;
            else
                problems["localTime"] = ["a time of day such as 10:00"];
        }
        SmsPrompt? prompt = null;
        if (request.Prompt is { } body)
        {
            var errors = new List<FieldError>();
            prompt = PromptRules.Validate(body, errors);
            foreach (var group in errors.GroupBy(e => e.Field, StringComparer.Ordinal))
                problems[group.Key] = group.Select(e => e.Message).ToArray();
            // A flow asks with its own steps: said even when the prompt itself is wrong too.
            if (!string.IsNullOrWhiteSpace(request.FlowName))
                problems[PromptRules.Field] = [CampaignDraftRules.PromptWithFlow];
        }
        var draft = new CampaignDraft
        {
            Name = request.Name?.Trim() ?? "",
            SegmentId = request.SegmentId,
            AudienceId = request.AudienceId,
            Text = request.Text,
            FlowName = request.FlowName?.Trim(),
            Prompt = prompt,
            From = request.From is { } from ? PhoneNumbers.Canonical(from) : null,
            Category = category,
            SendAt = request.SendAt,
            LocalTime = localTime,
            SpreadMinutes = request.SpreadMinutes ?? 0,
            PacePerSecond = request.PacePerSecond ?? CampaignDraft.DefaultPacePerSecond,
        };
        foreach (var (field, messages) in CampaignDraftRules.Problems(draft))
            problems.TryAdd(field, messages);
        return problems.Count == 0 ? (draft, problems) : (null, problems);
    }
}
