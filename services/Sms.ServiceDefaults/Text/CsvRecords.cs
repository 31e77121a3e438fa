using System.Text;

namespace Sms.ServiceDefaults.Text;

/// <summary>
/// The one CSV reader of the platform: every file a caller uploads (a consent import, a campaign's audience) is read
/// by it, so quoting and line numbers in the errors mean the same everywhere. Pure.
/// </summary>
public static class CsvRecords
{
    /// <summary>
    /// RFC 4180 records with the line each starts on (1-based; a quoted field's line breaks count), a leading byte
    /// order mark skipped, <c>\r\n</c> and <c>\n</c> both ending a record.
    /// </summary>
    public static IEnumerable<(int Line, List<string> Fields)> Read(string text)
    {
        var line = 1;
        var position = 0;
        if (text.Length > 0 && text[0] == '\uFEFF') position = 1;
        while (position < text.Length)
        {
            var startLine = line;
            var fields = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            var endOfRecord = false;
            while (position < text.Length && !endOfRecord)
            {
                var c = text[position++];
                if (quoted)
                {
                    if (c == '"' && position < text.Length && text[position] == '"') { field.Append('"'); position++; }
                    else if (c == '"') quoted = false;
                    else
                    {
                        if (c == '\n') line++;
                        field.Append(c);
                    }
                    continue;
                }
                switch (c)
                {
                    case '"' when field.Length == 0:
                        quoted = true;
                        break;
                    case ',':
                        fields.Add(field.ToString());
                        field.Clear();
                        break;
                    case '\r':
                        break;
                    case '\n':
                        line++;
                        endOfRecord = true;
                        break;
                    default:
                        field.Append(c);
                        break;
                }
            }
            fields.Add(field.ToString());
            yield return (startLine, fields);
        }
    }
}
