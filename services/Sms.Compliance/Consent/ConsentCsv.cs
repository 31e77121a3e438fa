using System.Globalization;
using Sms.ServiceDefaults.Numbers;
using Sms.ServiceDefaults.Text;

namespace Sms.Compliance.Consent;

/// <summary>
/// One good row of an import: a number's opt-in or opt-out, on line <see cref="Line"/> of the file, and the contact's
/// own time zone (an IANA id) when the row gives one.
/// </summary>
public sealed record ImportRow(int Line, string Number, ConsentKind Kind, DateTimeOffset? OccurredAt, string? Evidence, string? TimeZone = null);

/// <summary>A row that cannot be imported, with its line number (the header is line 1) and why.</summary>
public sealed record ImportError(int Line, string Error);

public sealed record ImportParse(IReadOnlyList<ImportRow> Rows, IReadOnlyList<ImportError> Errors);

/// <summary>
/// The CSV of a bulk consent import, and of the ledger's export. Pure.
/// Import: a header naming the columns <c>number</c> and <c>kind</c> (<c>opt_out</c>/<c>opt_in</c>, also written
/// <c>opt-out</c>, <c>optout</c>, <c>stop</c>, <c>start</c>), <c>occurred_at</c> (ISO 8601; required for an opt-in,
/// whose consent is evidence of when it was given),
/// <c>evidence</c> and <c>time_zone</c> (the contact's IANA time zone, used for quiet hours); fields may be quoted
/// (RFC 4180). Every row is either returned or reported with its line number:
/// nothing is skipped silently (blank lines only).
/// </summary>
public static class ConsentCsv
{
    public const int MaxEvidenceLength = ConsentLimits.MaxEvidenceLength;

    public static ImportParse Parse(string text)
    {
        var rows = new List<ImportRow>();
        var errors = new List<ImportError>();
        var records = CsvRecords.Read(text).ToList();
        if (records.Count == 0)
            return new ImportParse(rows, [new ImportError(1, "The file is empty; it needs a header line with number and kind.")]);

        var (headerLine, header) = records[0];
        var columns = header.Select((name, index) => (Name: name.Trim().ToLowerInvariant(), Index: index))
            .GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.First().Index, StringComparer.Ordinal);
        if (!columns.TryGetValue("number", out var numberColumn) || !columns.TryGetValue("kind", out var kindColumn))
            return new ImportParse(rows, [new ImportError(headerLine, "The header must name the columns number and kind.")]);
        var occurredColumn = columns.GetValueOrDefault("occurred_at", -1);
        var evidenceColumn = columns.GetValueOrDefault("evidence", -1);
        var timeZoneColumn = columns.GetValueOrDefault("time_zone", -1);

        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Count == 1 && string.IsNullOrWhiteSpace(fields[0])) continue;
            if (fields.Count != header.Count)
            {
                errors.Add(new ImportError(line, $"Expected {header.Count} fields as in the header, found {fields.Count}."));
                continue;
            }

            var problems = new List<string>();
            var number = PhoneNumbers.Canonical(fields[numberColumn]);
            if (!PhoneNumbers.IsE164(number)) problems.Add($"'{Shorten(fields[numberColumn])}' is not an E.164 phone number.");
            var kind = KindFrom(fields[kindColumn]);
            if (kind is null) problems.Add($"'{Shorten(fields[kindColumn])}' is not a kind (opt_out or opt_in).");
            DateTimeOffset? occurredAt = null;
            if (occurredColumn >= 0 && fields[occurredColumn].Trim().Length > 0)
            {
                if (!DateTimeOffset.TryParse(fields[occurredColumn].Trim(), CultureInfo.InvariantCulture,
                        DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                    problems.Add($"'{Shorten(fields[occurredColumn])}' is not a date and time (ISO 8601).");
                else if (parsed < ConsentLimits.EarliestOccurredAt)
                    problems.Add($"occurred_at: {ConsentLimits.OccurredAtProblem(parsed, DateTimeOffset.MaxValue)}");
                else
                    occurredAt = parsed;
            }
            else if (kind == ConsentKind.OptIn)
                problems.Add("An opt_in row needs occurred_at: consent is evidence of when it was given.");
            var evidence = evidenceColumn >= 0 && fields[evidenceColumn].Length > 0 ? fields[evidenceColumn] : null;
            if (evidence is { Length: > MaxEvidenceLength }) problems.Add($"The evidence is longer than {MaxEvidenceLength} characters.");
            else if (evidence is not null && ConsentLimits.TextProblem(evidence, MaxEvidenceLength) is { } evidenceProblem)
                problems.Add($"The evidence: {evidenceProblem}");

            string? timeZone = null;
            if (timeZoneColumn >= 0 && fields[timeZoneColumn].Trim().Length > 0)
            {
                if (ContactTimeZone.TryParse(fields[timeZoneColumn], out var zone, out var zoneError)) timeZone = zone.Id;
                else problems.Add(zoneError);
            }

            if (problems.Count > 0) errors.Add(new ImportError(line, string.Join(" ", problems)));
            else rows.Add(new ImportRow(line, number, kind!.Value, occurredAt, evidence, timeZone));
        }
        return new ImportParse(rows, errors);
    }

    /// <summary>A field as quoted back in an error: at most 40 characters, and nothing a JSON answer or a log should not hold.</summary>
    private static string Shorten(string value)
    {
        var shown = value.Length <= 40 ? value : value[..40] + "…";
        return ServiceDefaults.Text.MessageText.Problem(shown) is null ? shown : "(a value with a character that is not allowed)";
    }

    public static ConsentKind? KindFrom(string value) =>
        value.Trim().ToLowerInvariant().Replace('-', '_') switch
        {
            "opt_out" or "optout" or "stop" or "out" => ConsentKind.OptOut,
            "opt_in" or "optin" or "start" or "in" => ConsentKind.OptIn,
            _ => null,
        };

    /// <summary>A field for a CSV line: quoted when it holds a comma, quote or line break; a formula prefix defused.</summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        // A spreadsheet would run =, +, -, @ as a formula: evidence texts come from customers.
        if (value[0] is '=' or '+' or '-' or '@' && !PhoneNumbers.IsE164(value)) value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
