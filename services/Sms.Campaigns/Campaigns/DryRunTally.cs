using Sms.Contracts.Compliance;

namespace Sms.Campaigns.Campaigns;

/// <summary>What a dry run found: how Compliance would decide each planned recipient's send, and what planning left out.</summary>
public sealed record DryRunResult
{
    public required int Recipients { get; init; }

    public required int Approved { get; init; }

    /// <summary>Suppressed sends by reason, named as the results name them (<c>opted_out</c>, <c>frequency_capped</c>, …): a dry run and the real run compare key by key.</summary>
    public required IReadOnlyDictionary<string, int> Suppressed { get; init; }

    /// <summary>Held until a window opens: quiet hours in the recipient's zone or region, or the brand's daily budget.</summary>
    public required int Deferred { get; init; }

    /// <summary>Held until a pending consent review is decided.</summary>
    public required int Held { get; init; }

    /// <summary>Numbers of the segment or audience that are not E.164, left out by planning.</summary>
    public required int InvalidNumbers { get; init; }

    /// <summary>Numbers the upload named more than once, planned once.</summary>
    public required int Duplicates { get; init; }

    public required DateTimeOffset EvaluatedAt { get; init; }
}

/// <summary>Counts Compliance's evaluations of a campaign's sends into a <see cref="DryRunResult"/>. Pure.</summary>
public sealed class DryRunTally
{
    private readonly SortedDictionary<string, int> _suppressed = new(StringComparer.Ordinal);
    private int _recipients, _approved, _deferred, _held;

    public void Add(SendEvaluation evaluation)
    {
        _recipients++;
        switch (evaluation.Outcome)
        {
            case SendOutcome.Approved: _approved++; break;
            case SendOutcome.Deferred: _deferred++; break;
            case SendOutcome.Held: _held++; break;
            case SendOutcome.Suppressed:
                var reason = evaluation.Reason is { } known ? RecipientProgress.ReasonOf(known) : "unknown";
                _suppressed[reason] = _suppressed.GetValueOrDefault(reason) + 1;
                break;
            default: throw new ArgumentOutOfRangeException(nameof(evaluation), evaluation.Outcome, "unknown send outcome");
        }
    }

    public DryRunResult Result(int invalidNumbers, int duplicates, DateTimeOffset evaluatedAt) => new()
    {
        Recipients = _recipients, Approved = _approved, Suppressed = new Dictionary<string, int>(_suppressed),
        Deferred = _deferred, Held = _held, InvalidNumbers = invalidNumbers, Duplicates = duplicates, EvaluatedAt = evaluatedAt,
    };
}
