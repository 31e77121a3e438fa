using Sms.Compliance.Consent;
using Sms.Contracts.Compliance;

namespace Sms.Compliance.Data;

/// <summary>How the ledger spells kinds and sources: stable lower-case codes, also used by the HTTP API.</summary>
public static class LedgerCodes
{
    public static string Of(ConsentKind kind) => kind switch
    {
        ConsentKind.OptIn => "opt_in",
        ConsentKind.OptOut => "opt_out",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string Of(ConsentSource source) => source switch
    {
        ConsentSource.Keyword => "keyword",
        ConsentSource.Phrase => "phrase",
        ConsentSource.CarrierSignal => "carrier_signal",
        ConsentSource.Agent => "agent",
        ConsentSource.Api => "api",
        ConsentSource.Import => "import",
        ConsentSource.Review => "review",
        ConsentSource.DoubleOptIn => "double_opt_in",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };

    public static string Of(ConsentStatus status) => status switch
    {
        ConsentStatus.OptedIn => "opted_in",
        ConsentStatus.OptedOut => "opted_out",
        _ => "none",
    };

    public static ConsentKind KindFrom(string code) => code switch
    {
        "opt_in" => ConsentKind.OptIn,
        "opt_out" => ConsentKind.OptOut,
        _ => throw new InvalidOperationException($"Unknown consent kind '{code}' in the ledger."),
    };

    public static ConsentSource SourceFrom(string code) =>
        SourcesByCode.TryGetValue(code, out var source)
            ? source
            : throw new InvalidOperationException($"Unknown consent source '{code}' in the ledger.");

    private static readonly Dictionary<string, ConsentSource> SourcesByCode =
        Enum.GetValues<ConsentSource>().ToDictionary(Of, StringComparer.Ordinal);
}
