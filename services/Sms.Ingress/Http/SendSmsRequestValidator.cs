using System.Text.Json;
using System.Text.RegularExpressions;
using Sms.Contracts.Outbound;
using Sms.Ingress.Numbers;
using Sms.Ingress.Validation;
using Sms.ServiceDefaults.Numbers;
using Sms.ServiceDefaults.Text;
using Sms.ServiceDefaults.Validation;

namespace Sms.Ingress.Http;

/// <summary>
/// Turns an upstream send request into a <see cref="SendSms"/>, or reports every problem with it at once. Numbers are
/// normalised to E.164 by the same rules as a carrier's (<see cref="InboundNumbers"/>), and the text as inbound text is
/// (<see cref="MessageText"/>: trimmed, NFC), so consent, brands and threads see one spelling. Every text of the request
/// that a character no carrier or database takes would spoil (U+0000, another control character, an unpaired
/// surrogate: <see cref="MessageText.Problem"/>) is refused with the field's name, and every size has its limit here.
/// The prompt's rules are the platform's (<see cref="PromptRules"/>, shared with campaigns). Pure.
/// </summary>
public static partial class SendSmsRequestValidator
{
    /// <summary>The largest request body read; a larger one is refused with 413 unread.</summary>
    public const int MaxBodyBytes = 64 * 1024;
    public const int MaxTextLength = 1600;
    public const int MaxCampaignIdLength = 100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly Dictionary<string, SmsCategory> Categories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["transactional"] = SmsCategory.Transactional,
        ["marketing"] = SmsCategory.Marketing,
        ["conversational"] = SmsCategory.Conversational,
        ["compliance"] = SmsCategory.Compliance,
    };

    /// <summary>
    /// The body as a request, or the one error that says where its JSON went wrong (the field, or <c>request</c>),
    /// without echoing the caller's data: read here rather than bound, so that a body that is not JSON, or not the
    /// request's shape, is a 400 that says where instead of a bare binding failure.
    /// </summary>
    /// <param name="body">The request body as received.</param>
    /// <param name="request">The request; null when the body is the JSON literal <c>null</c> (<see cref="Validate"/> refuses it).</param>
    /// <param name="error">Where the JSON went wrong, when it did.</param>
    /// <returns>False when the body is not JSON of the request's shape.</returns>
    public static bool TryRead(byte[] body, out SendSmsRequest? request, out FieldError error)
    {
        try
        {
            request = JsonSerializer.Deserialize<SendSmsRequest>(body, Json);
            error = default;
            return true;
        }
        catch (JsonException e)
        {
            request = null;
            error = new FieldError(string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "request" : e.Path.TrimStart('$', '.'), JsonProblem(e));
            return false;
        }
    }

    /// <summary>Where the JSON went wrong, without echoing the caller's data.</summary>
    private static string JsonProblem(JsonException e) =>
        // The reader refuses an escaped half of a surrogate pair ("\ud800") when it makes the string.
        e.InnerException is InvalidOperationException { Message: var message } && message.Contains("surrogate", StringComparison.OrdinalIgnoreCase)
            ? "Contains an unpaired surrogate (an escaped \\uD800–\\uDFFF without its other half): not valid Unicode, so it can be neither stored nor sent."
            : e.LineNumber is { } line
            ? $"Not valid JSON for this field, or not JSON at all (line {line + 1}, position {e.BytePositionInLine + 1})."
            : "The body is not valid JSON.";

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

        string? text = null;
        if (string.IsNullOrWhiteSpace(request.Text))
            errors.Add(new("text", "'text' is required and must not be blank."));
        else if (MessageText.Problem(request.Text) is { } textProblem)
            errors.Add(new("text", $"'text' {textProblem}."));
        else if ((text = MessageText.Normalise(request.Text)!).Length > MaxTextLength)
            errors.Add(new("text", $"'text' is {text.Length} characters long; at most {MaxTextLength} are allowed."));

        var category = SmsCategory.Transactional;
        if (request.Category is not null && !Categories.TryGetValue(request.Category, out category))
            errors.Add(new("category", "'category' must be one of transactional, marketing, conversational, compliance."));

        if (request.CampaignId is { Length: > MaxCampaignIdLength })
            errors.Add(new("campaignId", $"'campaignId' must be at most {MaxCampaignIdLength} characters."));
        else
            CheckText("campaignId", request.CampaignId, errors);

        var prompt = request.Prompt is null ? null : PromptRules.Validate(request.Prompt, errors);

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

    /// <summary>Records why a text of the request cannot be taken (<see cref="MessageText.Problem"/>), if it cannot.</summary>
    private static void CheckText(string field, string? value, List<FieldError> errors)
    {
        if (value is not null && MessageText.Problem(value) is { } problem)
            errors.Add(new(field, $"'{field}' {problem}."));
    }

    /// <summary>What carriers accept as an alphanumeric sender: up to 11 letters, digits and spaces, at least one letter.</summary>
    [GeneratedRegex(@"^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$", RegexOptions.CultureInvariant)]
    private static partial Regex AlphanumericSender();
}
