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

        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        while (records.MoveNext())
        {
            var (line, fields) = records.Current;
            if (fields.Count == 1 && string.IsNullOrWhiteSpace(fields[0])) continue;
            if (fields.Count != header.Count)
            {
                problems.Add(new(line, $"Expected {header.Count} fields as in the header, found {fields.Count}."));
                continue;
            }
            var number = PhoneNumbers.Normalise(fields[numberColumn]);
            if (number is null)
            {
                problems.Add(new(line, fields[numberColumn].Trim().Length == 0
                    ? "The number is empty."
                    : "Not a phone number in international form (+ and the country code, e.g. +447700900001); a national number needs its country code."));
                continue;
            }
            var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
            string? valueProblem = null;
            foreach (var (name, index) in attributeColumns)
            {
                var value = fields[index].Trim();
                if (value.Length == 0) continue;
                if (MessageText.Problem(value, MaxAttributeLength) is { } problem)
                {
                    valueProblem = $"The column {name}: {problem}";
                    break;
                }
                attributes[name] = value;
            }
            if (valueProblem is not null)
            {
                problems.Add(new(line, valueProblem));
                continue;
            }
            if (firstLine.TryGetValue(number, out var first))
            {
                problems.Add(new(line, $"The same number as line {first}; that row is kept.", first));
                continue;
            }
            firstLine[number] = line;
            members.Add(new AudienceMember(line, number, attributes));
        }
        return new AudienceParse(members, problems, null);
    }

    /// <summary>A column's name as an attribute (and placeholder) name: trimmed, lower case, spaces and dashes as underscores.</summary>
    public static string ColumnName(string header) =>
        string.Join('_', header.Trim().ToLowerInvariant().Split([' ', '-', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
