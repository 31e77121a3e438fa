using Sms.Contracts.Campaigns;
using Sms.ServiceDefaults.Numbers;
using Sms.ServiceDefaults.Text;

namespace Sms.Campaigns.Audience;

/// <summary>A recipient of an uploaded audience: its number in E.164, the line it is on, and its attributes by column.</summary>
public sealed record AudienceMember(int Line, string Number, IReadOnlyDictionary<string, string> Attributes);

/// <summary>
/// A row that is not in the audience, with its line (the header is line 1) and why; <see cref="DuplicateOf"/> is the
/// line of the same number's first row when that is why.
/// </summary>
public sealed record AudienceRowProblem(int Line, string Reason, int? DuplicateOf = null);

/// <summary>
/// An uploaded file read: the members, and every other row with its reason. <see cref="HeaderProblem"/> set: the file
/// is not an audience at all (no header naming a number column) and nothing is kept.
/// </summary>
public sealed record AudienceParse(IReadOnlyList<AudienceMember> Members, IReadOnlyList<AudienceRowProblem> Problems, string? HeaderProblem)
{
    /// <summary>The rows of the file, blank lines not counted.</summary>
    public int Rows => Members.Count + Problems.Count;
}

/// <summary>
/// An audience uploaded as CSV: a header row with a <c>number</c> column (also <c>phone</c>), every other column an
/// attribute of each recipient for the text's placeholders (its name in lower case, spaces and dashes as <c>_</c>:
/// <c>First Name</c> is <c>{first_name}</c>). Numbers are read as every number the platform takes
/// (<see cref="PhoneNumbers.Normalise"/>: international, with <c>+</c>, <c>00</c> or digits alone); a national number
/// (<c>07700 900123</c>) cannot be told apart from another country's, so it is reported, as is a row with the wrong
/// number of fields or a value that cannot be sent. The same number twice is kept once, the later rows reported as
/// duplicates of the first. Nothing is skipped silently but blank lines. Pure.
/// </summary>
public static class AudienceCsv
{
    /// <summary>An attribute value longer than this cannot be meant for a text message.</summary>
    public const int MaxAttributeLength = 500;

    private static readonly string[] NumberColumns = ["number", "phone"];

    public static AudienceParse Parse(string text)
    {
        var members = new List<AudienceMember>();
        var problems = new List<AudienceRowProblem>();
        using var records = CsvRecords.Read(text).GetEnumerator();
        if (!records.MoveNext())
            return new AudienceParse(members, problems, "The file is empty; it needs a header line naming a number column.");

        var header = records.Current.Fields.Select(ColumnName).ToList();
        var numberColumn = header.FindIndex(name => NumberColumns.Contains(name, StringComparer.Ordinal));
        if (numberColumn < 0)
            return new AudienceParse(members, problems, "The header (line 1) must name a number column (number or phone).");
        var attributeColumns = header.Select((name, index) => (Name: name, Index: index))
            .Where(c => c.Index != numberColumn && c.Name.Length > 0)
            .DistinctBy(c => c.Name)
            .ToList();

        var rows = new Rows(members, problems);
        while (records.MoveNext())
        {
            var (line, fields) = records.Current;
            if (fields.Count == 1 && string.IsNullOrWhiteSpace(fields[0])) continue;
            if (fields.Count != header.Count)
            {
                problems.Add(new(line, $"Expected {header.Count} fields as in the header, found {fields.Count}."));
                continue;
            }
            rows.Add(line, fields[numberColumn], attributeColumns.Select(c => (c.Name, fields[c.Index])));
        }
        return new AudienceParse(members, problems, null);
    }

    /// <summary>
    /// Recipients named by number in a command (<c>CreateCampaign.Numbers</c>), by the same rules as a file's rows; each
    /// one's "line" is its position, from 1. Attribute names are made placeholder names as a file's columns are.
    /// </summary>
    public static AudienceParse FromRecipients(IReadOnlyList<CampaignRecipientInput> recipients)
    {
        var members = new List<AudienceMember>(recipients.Count);
        var problems = new List<AudienceRowProblem>();
        var rows = new Rows(members, problems);
        for (var i = 0; i < recipients.Count; i++)
            rows.Add(i + 1, recipients[i].Number, recipients[i].Attributes.Select(a => (ColumnName(a.Key), a.Value)));
        return new AudienceParse(members, problems, null);
    }

    /// <summary>One row's rules, wherever the rows come from: the number, each attribute's value, the same number twice.</summary>
    private sealed class Rows(List<AudienceMember> members, List<AudienceRowProblem> problems)
    {
        private readonly Dictionary<string, int> _firstLine = new(StringComparer.Ordinal);

        public void Add(int line, string rawNumber, IEnumerable<(string Name, string Value)> attributeValues)
        {
            var number = PhoneNumbers.Normalise(rawNumber);
            if (number is null)
            {
                problems.Add(new(line, rawNumber.Trim().Length == 0
                    ? "The number is empty."
                    : "Not a phone number in international form (+ and the country code, e.g. +447700900001); a national number needs its country code."));
                return;
            }
            var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, raw) in attributeValues)
            {
                var value = raw.Trim();
                if (value.Length == 0 || name.Length == 0) continue;
                if (MessageText.Problem(value, MaxAttributeLength) is { } problem)
                {
                    problems.Add(new(line, $"The column {name}: {problem}"));
                    return;
                }
                attributes[name] = value;
            }
            if (_firstLine.TryGetValue(number, out var first))
            {
                problems.Add(new(line, $"The same number as line {first}; that row is kept.", first));
                return;
            }
            _firstLine[number] = line;
            members.Add(new AudienceMember(line, number, attributes));
        }
    }

    /// <summary>A column's name as an attribute (and placeholder) name: trimmed, lower case, spaces and dashes as underscores.</summary>
    public static string ColumnName(string header) =>
        string.Join('_', header.Trim().ToLowerInvariant().Split([' ', '-', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
