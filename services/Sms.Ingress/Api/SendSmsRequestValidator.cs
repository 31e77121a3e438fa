using System.Text.RegularExpressions;
using Sms.Contracts.Outbound;
using Sms.Ingress.Numbers;
using Sms.Ingress.Validation;
using Sms.ServiceDefaults.Numbers;

namespace Sms.Ingress.Api;

/// <summary>
/// Turns an upstream send request into a <see cref="SendSms"/>, or reports every problem with it at once. Numbers are
/// normalised to E.164 by the same rules as a carrier's (<see cref="InboundNumbers"/>), and the text as inbound text is
/// (<see cref="MessageText"/>: trimmed, NFC), so consent, brands and threads see one spelling. Pure.
/// </summary>
public static partial class SendSmsRequestValidator
{
    public const int MaxTextLength = 1600;
    public const int MaxCampaignIdLength = 100;
    public const int MinTimeToLiveSeconds = 60;
    public const int MaxTimeToLiveSeconds = 604_800;

    private static readonly Dictionary<string, SmsCategory> Categories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["transactional"] = SmsCategory.Transactional,
        ["marketing"] = SmsCategory.Marketing,
        ["conversational"] = SmsCategory.Conversational,
        ["compliance"] = SmsCategory.Compliance,
    };

    /// <param name="request">The request body; null when the body was the JSON literal <c>null</c>.</param>
    /// <param name="newId">The message id to use when the caller gave none.</param>
    /// <param name="now">The request time.</param>
    /// <param name="numbers">How numbers are read (<c>Ingress:DefaultRegion</c> for national ones).</param>
    public static Parsed<SendSms> Validate(SendSmsRequest? request, Func<Guid> newId, DateTimeOffset now, InboundNumbers numbers)
    {
        if (request is null) return Parsed<SendSms>.Fail("request", "The body must be a JSON object.");

        var errors = new List<FieldError>();

        if (request.MessageId == Guid.Empty)
            errors.Add(new("messageId", "'messageId' must not be the empty GUID; leave it out to have one generated."));

        string? to = null;
        if (string.IsNullOrEmpty(request.To))
            errors.Add(new("to", "'to' is required."));
        else if (numbers.Normalise(request.To) is { IsPhoneNumber: true } recipient && PhoneNumbers.IsE164(recipient.Value))
            to = recipient.Value;
        else
            errors.Add(new("to", "'to' must be a phone number in international form, e.g. +447700900001."));

        var from = request.From;
        if (from is not null)
        {
            if (numbers.Normalise(from) is { IsPhoneNumber: true } sender && PhoneNumbers.IsE164(sender.Value))
                from = sender.Value;
            else if (!AlphanumericSender().IsMatch(from))
                errors.Add(new("from", "'from' must be a phone number in international form or an alphanumeric sender id of 1 to 11 letters, digits or spaces."));
        }

        var text = request.Text is null ? null : MessageText.Normalise(request.Text);
        if (string.IsNullOrWhiteSpace(request.Text))
            errors.Add(new("text", "'text' is required and must not be blank."));
        else if (text is null)
            errors.Add(new("text", "'text' is not valid Unicode (it has an unpaired surrogate)."));
        else if (text.Length > MaxTextLength)
            errors.Add(new("text", $"'text' is {text.Length} characters long; at most {MaxTextLength} are allowed."));

        var category = SmsCategory.Transactional;
        if (request.Category is not null && !Categories.TryGetValue(request.Category, out category))
            errors.Add(new("category", "'category' must be one of transactional, marketing, conversational, compliance."));

        if (request.CampaignId is { Length: > MaxCampaignIdLength })
            errors.Add(new("campaignId", $"'campaignId' must be at most {MaxCampaignIdLength} characters."));

        var prompt = request.Prompt is null ? null : ValidatePrompt(request.Prompt, errors);

        if (errors.Count > 0) return Parsed<SendSms>.Fail(errors);

        return Parsed<SendSms>.Ok(new SendSms
        {
            MessageId = request.MessageId ?? newId(),
            To = to!,
            From = from,
            Text = text!,
            Category = category,
            CampaignId = string.IsNullOrEmpty(request.CampaignId) ? null : request.CampaignId,
            Prompt = prompt,
            Origin = SmsOrigin.Upstream,
            RequestedAt = now,
        });
    }

    private static SmsPrompt? ValidatePrompt(SendSmsPromptRequest prompt, List<FieldError> errors)
    {
        var before = errors.Count;

        if (string.IsNullOrWhiteSpace(prompt.SessionType))
            errors.Add(new("prompt.sessionType", "'prompt.sessionType' is required."));

        if (prompt.Options is null || prompt.Options.Count == 0)
        {
            errors.Add(new("prompt.options", "'prompt.options' must name at least one accepted reply and its action."));
        }
        else
        {
            if (prompt.Options.Any(o => string.IsNullOrWhiteSpace(o.Key) || string.IsNullOrWhiteSpace(o.Value)))
                errors.Add(new("prompt.options", "Every reply in 'prompt.options' and every action must be non-blank."));

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
            else if (autoResponses.Values.Any(text => text!.Length > MaxTextLength))
                errors.Add(new("prompt.autoResponses", $"An auto-response is longer than {MaxTextLength} characters."));

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

    /// <summary>What carriers accept as an alphanumeric sender: up to 11 letters, digits and spaces, at least one letter.</summary>
    [GeneratedRegex(@"^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$", RegexOptions.CultureInvariant)]
    private static partial Regex AlphanumericSender();
}
