namespace Sms.Contracts.Routing;

/// <summary>Event for upstream systems: a customer's reply matched an option of a prompt we sent.</summary>
public sealed record ReplyClassified
{
    /// <summary>The inbound message that was classified: the business key.</summary>
    public required Guid InboundMessageId { get; init; }

    /// <summary>The customer's number, E.164.</summary>
    public required string CustomerNumber { get; init; }

    /// <summary>Our number the customer replied to.</summary>
    public required string BusinessNumber { get; init; }

    /// <summary>The message that opened the session (the prompt's message id).</summary>
    public required Guid PromptMessageId { get; init; }

    public required string SessionType { get; init; }

    /// <summary>The option the reply matched, as written in the prompt (e.g. <c>YES</c>).</summary>
    public required string MatchedOption { get; init; }

    /// <summary>What the reply means, e.g. <c>confirm_appointment</c>.</summary>
    public required string Action { get; init; }

    /// <summary>The prompt's business context, e.g. the appointment id.</summary>
    public required IReadOnlyDictionary<string, string> Context { get; init; }

    public string? CampaignId { get; init; }

    /// <summary>True when more than one open session accepted the reply and the most recent was chosen.</summary>
    public bool Ambiguous { get; init; }

    public required DateTimeOffset ClassifiedAt { get; init; }
}
