namespace Sms.Contracts.Routing;

/// <summary>
/// Event: a prompt got no reply before its session expired (for "no reply within 24 h" follow-ups). Published once per
/// session; a session answered in time never expires.
/// </summary>
public sealed record SessionExpired
{
    /// <summary>The session, which is the prompt's message id (<c>ReplyClassified.PromptMessageId</c>): the business key.</summary>
    public required Guid SessionId { get; init; }

    /// <summary>The customer's number, E.164.</summary>
    public required string CustomerNumber { get; init; }

    /// <summary>Our number the prompt went out from.</summary>
    public required string BusinessNumber { get; init; }

    public required string SessionType { get; init; }

    public string? CampaignId { get; init; }

    /// <summary>The prompt's business context, e.g. the appointment id.</summary>
    public required IReadOnlyDictionary<string, string> Context { get; init; }

    /// <summary>When the session stopped accepting replies.</summary>
    public required DateTimeOffset ExpiredAt { get; init; }
}
