using Microsoft.Extensions.Options;
using Sms.Compliance.Consent;
using Sms.Compliance.Data;
using Sms.Compliance.Extensions;
using Sms.ServiceDefaults.Numbers;
using Sms.ServiceDefaults.Security;

namespace Sms.Compliance.Http;

/// <summary>A number's consent now and the ledger events it follows from.</summary>
public sealed record ConsentView(string Number, string Scope, string State, IReadOnlyList<ConsentHistoryEntry> History);

public sealed record ConsentHistoryEntry(
    string Kind, string Source, string Rule, Guid? EvidenceMessageId, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt);

public static class ConsentEndpoints
{
    /// <summary><c>GET /v1/consent/{number}</c> (number E.164, URL-encoded: <c>%2B447700900001</c>); API key required.</summary>
    public static WebApplication MapConsentApi(this WebApplication app)
    {
        var consent = app.MapGroup("/v1/consent").RequireApiKey();
        consent.MapGet("/{number}", GetConsentAsync).WithName("GetConsent");
        return app;
    }

    internal static async Task<IResult> GetConsentAsync(
        string number, ConsentLedger ledger, IOptions<ComplianceOptions> options, CancellationToken cancellationToken)
    {
        if (!PhoneNumbers.IsE164(number))
        {
            return Results.ValidationProblem(
                new Dictionary<string, string[]>
                {
                    ["number"] = ["Must be an E.164 phone number: a plus and 7 to 15 digits, e.g. +447700900001 (URL-encoded %2B447700900001)."],
                },
                title: "Not a phone number");
        }

        var scope = options.Value.Scope;
        var history = await ledger.GetHistoryAsync(number, scope, cancellationToken);
        var state = ConsentState.FromHistory(number, scope, history);
        return Results.Ok(new ConsentView(
            number,
            scope,
            LedgerCodes.Of(state.Status),
            history.Select(e => new ConsentHistoryEntry(
                LedgerCodes.Of(e.Kind), LedgerCodes.Of(e.Source), e.Rule, e.EvidenceMessageId, e.OccurredAt, e.RecordedAt)).ToList()));
    }
}
