using System.Globalization;
using Sms.Compliance.Data;
using Sms.Contracts.Compliance;
using Sms.ServiceDefaults.Messaging;

namespace Sms.Compliance.Consent;

/// <summary>A good row of an import as the ledger records it: the event, and the id it is recorded under.</summary>
public sealed record ImportedConsent(ImportRow Row, ConsentEvent Event, Guid Cause);

/// <summary>What an import (<see cref="Plan"/>) records, and every row it refuses with its line.</summary>
public sealed record ImportPlan(IReadOnlyList<ImportedConsent> Consents, IReadOnlyList<ImportError> Errors);

/// <summary>
/// What a bulk consent import records from the rows <see cref="ConsentCsv"/> read: one ledger event per good row
/// (source <see cref="ConsentSource.Import"/>, rule <c>import:opt_out</c> or <c>import:opt_in</c>), and the rows whose
/// time consent cannot have been given at (<see cref="ConsentLimits.OccurredAtProblem"/>) refused by line. Pure.
/// </summary>
public static class ConsentImport
{
    /// <summary>The namespace the ids of imported rows are derived in, so importing the same file twice adds nothing.</summary>
    private static readonly Guid ImportNamespace = new("3f0b7c55-4a59-4e0e-9d43-6c1f3b1f7a10");

    /// <param name="parsed">The file as <see cref="ConsentCsv.Parse"/> read it; its errors are kept.</param>
    /// <param name="scope">The brand the import is for.</param>
    /// <param name="now">The import's time: an undated row happened now, and no row happens after it.</param>
    public static ImportPlan Plan(ImportParse parsed, string scope, DateTimeOffset now)
    {
        var consents = new List<ImportedConsent>(parsed.Rows.Count);
        var errors = parsed.Errors.ToList();
        foreach (var row in parsed.Rows)
        {
            if (row.OccurredAt is { } occurredAt && ConsentLimits.OccurredAtProblem(occurredAt, now) is { } timeProblem)
            {
                errors.Add(new ImportError(row.Line, $"occurred_at: {timeProblem}"));
                continue;
            }
            var kind = LedgerCodes.Of(row.Kind);
            // The row's id derives from its content, so the same file imported again adds nothing (an undated opt-out
            // is recorded at its first import and never again, even after a later opt-in).
            var when = row.OccurredAt is { } at ? at.UtcTicks.ToString(CultureInfo.InvariantCulture) : "undated";
            var cause = MessageIds.Derive(ImportNamespace, $"{scope}|{row.Number}|{kind}|{when}|{row.Evidence}");
            consents.Add(new ImportedConsent(row, new ConsentEvent
            {
                Number = row.Number,
                Scope = scope,
                Kind = row.Kind,
                Source = ConsentSource.Import,
                Rule = "import:" + kind,
                EvidenceText = row.Evidence,
                OccurredAt = row.OccurredAt ?? now,
            }, cause));
        }
        return new ImportPlan(consents, errors.OrderBy(e => e.Line).ToList());
    }
}
