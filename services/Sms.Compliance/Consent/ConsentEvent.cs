using Sms.Contracts.Compliance;

namespace Sms.Compliance.Consent;

public enum ConsentKind
{
    OptIn,
    OptOut,
}

/// <summary>One row of the consent ledger: a number opted in or out of a scope. Never changed once recorded.</summary>
public sealed record ConsentEvent
{
    /// <summary>The ledger's id; 0 until the event is recorded.</summary>
    public long Id { get; init; }

    /// <summary>The customer's number, E.164.</summary>
    public required string Number { get; init; }

    /// <summary>The brand or program the consent covers.</summary>
    public required string Scope { get; init; }

    public required ConsentKind Kind { get; init; }

    public required ConsentSource Source { get; init; }

    /// <summary>What fired, e.g. <c>keyword:STOP</c>.</summary>
    public required string Rule { get; init; }

    /// <summary>The inbound message that carried the request, when there was one.</summary>
    public Guid? EvidenceMessageId { get; init; }

    /// <summary>That message's text as received.</summary>
    public string? EvidenceText { get; init; }

    /// <summary>When the customer acted; the ledger is ordered by it.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>When the ledger stored the event; set by the ledger.</summary>
    public DateTimeOffset RecordedAt { get; init; }
}
