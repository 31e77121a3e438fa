using Sms.ServiceDefaults.Validation;

namespace Sms.Ingress.Http;

/// <summary>
/// The body of <c>POST /v1/messages</c> as an upstream system sends it. Everything is optional here so that
/// <see cref="SendSmsRequestValidator"/> can report every missing or wrong field at once.
/// </summary>
public sealed record SendSmsRequest
{
    /// <summary>The caller's id for the message; send the same id again when retrying so it is sent once. Generated when absent.</summary>
    public Guid? MessageId { get; init; }

    public string? To { get; init; }

    public string? From { get; init; }

    public string? Text { get; init; }

    /// <summary>transactional (default), marketing, conversational or compliance.</summary>
    public string? Category { get; init; }

    public string? CampaignId { get; init; }

    public PromptBody? Prompt { get; init; }
}

/// <summary>The answer to an accepted send.</summary>
public sealed record SendSmsAccepted(Guid MessageId);
