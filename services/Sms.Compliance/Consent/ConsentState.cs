namespace Sms.Compliance.Consent;

public enum ConsentStatus
{
    /// <summary>No event recorded: the number never opted in nor out.</summary>
    None,
    OptedIn,
    OptedOut,
}

/// <summary>A number's consent for a scope now: its latest ledger event decides.</summary>
public sealed record ConsentState(string Number, string Scope, ConsentEvent? Latest)
{
    public ConsentStatus Status => Latest?.Kind switch
    {
        ConsentKind.OptIn => ConsentStatus.OptedIn,
        ConsentKind.OptOut => ConsentStatus.OptedOut,
        _ => ConsentStatus.None,
    };

    public bool IsOptedOut => Status == ConsentStatus.OptedOut;

    /// <summary>The state after a history ordered oldest first.</summary>
    public static ConsentState FromHistory(string number, string scope, IReadOnlyList<ConsentEvent> history) =>
        new(number, scope, history.Count == 0 ? null : history[^1]);
}
