using Sms.Contracts.Outbound;

namespace Sms.Contracts.Compliance;

/// <summary>
/// Request to Compliance (request/response): how would these sends be decided now? A dry run, decided by the same code
/// as a real <see cref="SendSms"/> but recording nothing (no frequency cap or budget used, no deferral stored, no
/// ledger change). Answered with <see cref="SendsEvaluated"/>, one outcome per send, in order. At most
/// <see cref="MaxSends"/> per request.
/// </summary>
public sealed record EvaluateSends
{
    public const int MaxSends = 1000;

    public required IReadOnlyList<SendSms> Sends { get; init; }

    /// <summary>The moment to decide for (quiet hours, caps, budgets): when the sends would go out.</summary>
    public required DateTimeOffset At { get; init; }
}

/// <summary>The answer to <see cref="EvaluateSends"/>.</summary>
public sealed record SendsEvaluated
{
    public required IReadOnlyList<SendEvaluation> Outcomes { get; init; }
}

/// <summary>How one send would be decided.</summary>
public sealed record SendEvaluation
{
    public required Guid MessageId { get; init; }

    public required SendOutcome Outcome { get; init; }

    /// <summary>Why it would be suppressed, when <see cref="Outcome"/> is <see cref="SendOutcome.Suppressed"/>.</summary>
    public SuppressionReason? Reason { get; init; }

    /// <summary>What held it back, for people: the rule and its numbers.</summary>
    public string? Detail { get; init; }

    /// <summary>Until when it would wait, when deferred.</summary>
    public DateTimeOffset? DeferredUntil { get; init; }
}

public enum SendOutcome
{
    Approved,
    Suppressed,

    /// <summary>Held until a window opens: quiet hours (the recipient's zone and region) or the brand's daily budget.</summary>
    Deferred,

    /// <summary>Held until a pending consent review is decided.</summary>
    Held,
}
