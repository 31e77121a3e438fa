using Sms.Contracts.Outbound;
using Sms.ServiceDefaults.Text;

namespace Sms.ServiceDefaults.Validation;

/// <summary>
/// What a prompt must be before any service takes it (README, "Sending a message"), wherever it comes from: a single
/// send (Ingress' <c>POST /v1/messages</c>), a campaign over HTTP or the bus (Campaigns). One session type; at least one
/// accepted reply, none blank, none clashing with another that differs only in case; auto-responses only for actions an
/// option leads to; a time to live of one minute to seven days; context of strings; every size bounded and every text
/// one a carrier and the database can take (<see cref="MessageText.Problem"/>). Every problem is reported at once, named
/// <c>prompt.&lt;member&gt;</c>. Pure.
/// </summary>
public static class PromptRules
{
    /// <summary>The name of the member in a request; each problem's field is this, a dot, and the prompt's own member.</summary>
    public const string Field = "prompt";
    public const int MaxSessionTypeLength = 100;
    /// <summary>Accepted replies per prompt, and the length of one reply and of one action.</summary>
    public const int MaxOptions = 50, MaxReplyLength = 160, MaxActionLength = 100;
    /// <summary>The length of one auto-response: as long as a message's text may be.</summary>
    public const int MaxAutoResponseLength = 1600;
    /// <summary>Entries of <c>prompt.context</c>, the length of one key and of one value.</summary>
    public const int MaxContextEntries = 50, MaxContextKeyLength = 100, MaxContextValueLength = 1000;
    public const int MinTimeToLiveSeconds = 60;
    public const int MaxTimeToLiveSeconds = 604_800;

    /// <summary>The prompt a request asked for, or null with its problems added to <paramref name="errors"/>.</summary>
    public static SmsPrompt? Validate(PromptBody prompt, ICollection<FieldError> errors)
    {
        var before = errors.Count;

        if (string.IsNullOrWhiteSpace(prompt.SessionType))
            errors.Add(new("prompt.sessionType", "'prompt.sessionType' is required."));
        else if (prompt.SessionType.Length > MaxSessionTypeLength)
            errors.Add(new("prompt.sessionType", $"'prompt.sessionType' must be at most {MaxSessionTypeLength} characters."));
        else
            CheckText("prompt.sessionType", prompt.SessionType, errors);

        if (prompt.Options is null || prompt.Options.Count == 0)
        {
            errors.Add(new("prompt.options", "'prompt.options' must name at least one accepted reply and its action."));
        }
        else
        {
            if (prompt.Options.Any(o => string.IsNullOrWhiteSpace(o.Key) || string.IsNullOrWhiteSpace(o.Value)))
                errors.Add(new("prompt.options", "Every reply in 'prompt.options' and every action must be non-blank."));
            if (prompt.Options.Count > MaxOptions)
                errors.Add(new("prompt.options", $"'prompt.options' has {prompt.Options.Count} replies; at most {MaxOptions} are allowed."));
            if (prompt.Options.Any(o => o.Key.Length > MaxReplyLength || o.Value is { Length: > MaxActionLength }))
                errors.Add(new("prompt.options", $"A reply is longer than {MaxReplyLength} characters or an action longer than {MaxActionLength}."));
            CheckTexts("prompt.options", prompt.Options, errors);

            // Replies are matched case-insensitively: "yes" and "YES" leading to different actions would be ambiguous.
            var clashing = prompt.Options
                .GroupBy(o => o.Key.Trim(), StringComparer.OrdinalIgnoreCase)
                .Where(g => g.Select(o => o.Value).Distinct(StringComparer.Ordinal).Count() > 1)
                .Select(g => g.Key)
                .ToList();
            if (clashing.Count > 0)
                errors.Add(new("prompt.options", $"Replies differing only in case map to different actions: {string.Join(", ", clashing)}."));
        }

        if (prompt.AutoResponses is { Count: > 0 } autoResponses)
        {
            if (autoResponses.Any(a => string.IsNullOrWhiteSpace(a.Value)))
                errors.Add(new("prompt.autoResponses", "Every auto-response text must be non-blank."));
            else if (autoResponses.Values.Any(text => text!.Length > MaxAutoResponseLength))
                errors.Add(new("prompt.autoResponses", $"An auto-response is longer than {MaxAutoResponseLength} characters."));
            else
                CheckTexts("prompt.autoResponses", autoResponses, errors);

            var actions = prompt.Options?.Values.Where(v => v is not null).ToHashSet(StringComparer.Ordinal) ?? [];
            var orphans = autoResponses.Keys.Where(k => !actions.Contains(k)).ToList();
            if (orphans.Count > 0)
                errors.Add(new("prompt.autoResponses", $"Auto-responses for actions no option leads to: {string.Join(", ", orphans)}."));
        }

        if (prompt.TimeToLiveSeconds is { } ttl && ttl is < MinTimeToLiveSeconds or > MaxTimeToLiveSeconds)
        {
            errors.Add(new("prompt.timeToLiveSeconds",
                $"'prompt.timeToLiveSeconds' must be between {MinTimeToLiveSeconds} and {MaxTimeToLiveSeconds} (7 days)."));
        }

        if (prompt.Context is not null && prompt.Context.Any(c => c.Value is null))
            errors.Add(new("prompt.context", "Values in 'prompt.context' must be strings, not null."));
        else if (prompt.Context is { Count: > MaxContextEntries })
            errors.Add(new("prompt.context", $"'prompt.context' has {prompt.Context.Count} entries; at most {MaxContextEntries} are allowed."));
        else if (prompt.Context is not null && prompt.Context.Any(c => c.Key.Length > MaxContextKeyLength || c.Value!.Length > MaxContextValueLength))
            errors.Add(new("prompt.context", $"A key of 'prompt.context' is longer than {MaxContextKeyLength} characters or a value longer than {MaxContextValueLength}."));
        else if (prompt.Context is not null)
            CheckTexts("prompt.context", prompt.Context, errors);

        if (errors.Count > before) return null;

        return new SmsPrompt
        {
            SessionType = prompt.SessionType!,
            Options = prompt.Options!.ToDictionary(o => o.Key, o => o.Value!, StringComparer.Ordinal),
            AutoResponses = (prompt.AutoResponses ?? []).ToDictionary(a => a.Key, a => a.Value!, StringComparer.Ordinal),
            TimeToLive = prompt.TimeToLiveSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            Context = (prompt.Context ?? []).ToDictionary(c => c.Key, c => c.Value!, StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// The problems of a prompt that came over the bus (a <c>CreateCampaign</c>), by the same rules as one over HTTP:
    /// none when it may be sent as it is.
    /// </summary>
    public static IReadOnlyList<FieldError> Problems(SmsPrompt prompt)
    {
        var errors = new List<FieldError>();
        Validate(PromptBody.Of(prompt), errors);
        return errors;
    }

    /// <summary>Records why a text of the prompt cannot be taken (<see cref="MessageText.Problem"/>), if it cannot.</summary>
    private static void CheckText(string field, string value, ICollection<FieldError> errors)
    {
        if (MessageText.Problem(value) is { } problem)
            errors.Add(new(field, $"'{field}' {problem}."));
    }

    /// <summary>The same for every key and value of a map; one error for the map, naming the first bad entry's key or value.</summary>
    private static void CheckTexts(string field, IReadOnlyDictionary<string, string?> map, ICollection<FieldError> errors)
    {
        foreach (var (key, value) in map)
        {
            if (MessageText.Problem(key) is { } keyProblem)
            {
                errors.Add(new(field, $"A key of '{field}' {keyProblem}."));
                return;
            }
            if (value is not null && MessageText.Problem(value) is { } valueProblem)
            {
                errors.Add(new(field, $"The value of '{field}' for '{key}' {valueProblem}."));
                return;
            }
        }
    }
}
