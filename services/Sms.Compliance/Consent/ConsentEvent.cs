using Sms.Contracts.Compliance;

namespace Sms.Compliance.Consent;

public enum ConsentKind
{
    OptIn,
    OptOut,
}

/// <summary>
/// One row of the consent ledger: a number opted in to or out of some purposes (<see cref="Purposes"/>) of a scope.
/// Never changed once recorded.
/// </summary>
public sealed record ConsentEvent
{
    /// <summary>The ledger's id; 0 until the event is recorded.</summary>
    public long Id { get; init; }

    /// <summary>The customer's number, E.164.</summary>
    public required string Number { get; init; }

    /// <summary>The brand or program the consent covers.</summary>
    public required string Scope { get; init; }

    public required ConsentKind Kind { get; init; }

    /// <summary>What the event covers; every purpose unless said otherwise (STOP revokes everything).</summary>
    public IReadOnlyList<ConsentPurpose> Purposes
    {
        get => _purposes;
        init => _purposes = ConsentPurposes.Normalize(value);
    }

    private readonly IReadOnlyList<ConsentPurpose> _purposes = ConsentPurposes.All;

    public required ConsentSource Source { get; init; }

    /// <summary>What fired, e.g. <c>keyword:STOP</c>.</summary>
    public required string Rule { get; init; }

    /// <summary>The inbound message that carried the request, when there was one.</summary>
    public Guid? EvidenceMessageId { get; init; }

    /// <summary>That message's text as received.</summary>
    public string? EvidenceText { get; init; }

    /// <summary>A double opt-in's first message (the customer's JOIN), which the evidence message (their Y) confirms.</summary>
    public Guid? ConfirmedMessageId { get; init; }

    /// <summary>That first message's text as received.</summary>
    public string? ConfirmedText { get; init; }

    /// <summary>Whether the event covers <paramref name="purpose"/>.</summary>
    public bool Covers(ConsentPurpose purpose) => Purposes.Contains(purpose);

    /// <summary>When the customer acted; the ledger is ordered by it.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>When the ledger stored the event; set by the ledger.</summary>
    public DateTimeOffset RecordedAt { get; init; }
}
