namespace Sms.Contracts.Compliance;

/// <summary>Event: a number opted out of some or all purposes of a brand (<see cref="Purposes"/>).</summary>
public sealed record OptOutRecorded
{
    /// <summary>The customer's number, E.164.</summary>
    public required string Number { get; init; }

    /// <summary>The brand or program the opt-out covers.</summary>
    public required string Scope { get; init; }

    public required ConsentSource Source { get; init; }

    /// <summary>Which rule fired, e.g. <c>keyword:STOP</c>.</summary>
    public required string Rule { get; init; }

    /// <summary>The inbound message that carried the request, when there was one.</summary>
    public Guid? InboundMessageId { get; init; }

    public required DateTimeOffset RecordedAt { get; init; }

    /// <summary>
    /// What the opt-out revokes. A STOP revokes every purpose; an agent or the API may revoke marketing alone.
    /// Null from a Compliance that predates purposes: every purpose.
    /// </summary>
    public IReadOnlyList<ConsentPurpose>? Purposes { get; init; }
}

/// <summary>Event: a number opted (back) in to some purposes of a brand (<see cref="Purposes"/>).</summary>
public sealed record OptInRecorded
{
    public required string Number { get; init; }

    public required string Scope { get; init; }

    public required ConsentSource Source { get; init; }

    public required string Rule { get; init; }

    public Guid? InboundMessageId { get; init; }

    public required DateTimeOffset RecordedAt { get; init; }

    /// <summary>
    /// What the opt-in grants. A keyword opt-in restores what the opt-out before it revoked; marketing is granted to a
    /// number that never had it only by a confirmed double opt-in, the API or an import. Null from a Compliance that
    /// predates purposes: every purpose.
    /// </summary>
    public IReadOnlyList<ConsentPurpose>? Purposes { get; init; }
}

/// <summary>Event: the customer asked for help (HELP, INFO); the help text is sent.</summary>
public sealed record HelpRequested
{
    public required string Number { get; init; }

    /// <summary>Our number the customer wrote to.</summary>
    public required string To { get; init; }

    public required string Rule { get; init; }

    public required Guid InboundMessageId { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }
}

public enum ConsentSource
{
    Keyword,
    Phrase,
    CarrierSignal,
    Agent,
    Api,
    Import,

    /// <summary>A person decided a message Compliance was unsure of (<see cref="DecideConsentReview"/>).</summary>
    Review,

    /// <summary>The customer confirmed a marketing opt-in by replying to the double opt-in question.</summary>
    DoubleOptIn,
}

/// <summary>What a consent covers. A brand's consent is kept per purpose.</summary>
public enum ConsentPurpose
{
    /// <summary>Transactional and conversational messages: reminders, alerts, answers. Allowed unless opted out.</summary>
    Informational,

    /// <summary>Offers and campaigns: allowed only with an opt-in.</summary>
    Marketing,
}
