namespace Sms.Contracts.Compliance;

/// <summary>Event: a number opted out. Every later non-compliance send to it is suppressed.</summary>
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
}

/// <summary>Event: a number opted (back) in.</summary>
public sealed record OptInRecorded
{
    public required string Number { get; init; }

    public required string Scope { get; init; }

    public required ConsentSource Source { get; init; }

    public required string Rule { get; init; }

    public Guid? InboundMessageId { get; init; }

    public required DateTimeOffset RecordedAt { get; init; }
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
}
