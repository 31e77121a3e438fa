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

    public SendSmsPromptRequest? Prompt { get; init; }
}

/// <summary>The <c>prompt</c> member: what the message asks, so the reply can be understood.</summary>
public sealed record SendSmsPromptRequest
{
    public string? SessionType { get; init; }

    /// <summary>Accepted reply → action, e.g. <c>{"YES":"confirm_appointment"}</c>.</summary>
    public Dictionary<string, string?>? Options { get; init; }

    /// <summary>Action → text sent back automatically when the reply means that action.</summary>
    public Dictionary<string, string?>? AutoResponses { get; init; }

    public int? TimeToLiveSeconds { get; init; }

    public Dictionary<string, string?>? Context { get; init; }
}

/// <summary>The answer to an accepted send.</summary>
public sealed record SendSmsAccepted(Guid MessageId);
