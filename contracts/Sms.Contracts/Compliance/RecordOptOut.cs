namespace Sms.Contracts.Compliance;

/// <summary>
/// Command to Compliance: a person (an agent in the inbox) opts a number out. Compliance records it in the ledger with
/// source <see cref="ConsentSource.Agent"/> and publishes <see cref="OptOutRecorded"/>; the same request twice records once.
/// </summary>
public sealed record RecordOptOut
{
    /// <summary>The request's id: the idempotency key.</summary>
    public required Guid RequestId { get; init; }

    /// <summary>The customer's number, E.164.</summary>
    public required string Number { get; init; }

    /// <summary>Our number the conversation runs on; Compliance maps it to its brand scope. Null: the brand of the default sender.</summary>
    public string? BusinessNumber { get; init; }

    /// <summary>Who asked, e.g. the agent's user name.</summary>
    public required string RequestedBy { get; init; }

    /// <summary>Why, in the agent's words; kept as evidence.</summary>
    public string? Reason { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }

    /// <summary>What the opt-out revokes, e.g. marketing alone (reminders keep coming); null or empty: every purpose.</summary>
    public IReadOnlyList<ConsentPurpose>? Purposes { get; init; }
}
