using Sms.Compliance.Consent;

namespace Sms.Compliance.Http;

/// <summary>
/// An import file as a whole, after <see cref="ConsentCsv.Parse"/>: refused when it is not a consent import at all (no
/// header naming number and kind) or has more rows than one import takes, in which case nothing is imported. A bad row
/// alone refuses only that row. Pure.
/// </summary>
public static class ConsentImportValidator
{
    public static ValidationRefusal? Validate(ImportParse parsed)
    {
        var dataRows = parsed.Rows.Count + parsed.Errors.Count;
        if (parsed.Rows.Count == 0 && parsed.Errors.Count == 1 && parsed.Errors[0].Line == 1)
            return ValidationRefusal.Of("line 1", parsed.Errors[0].Error, "Not a consent import");
        if (dataRows > ConsentLimits.MaxImportRows)
        {
            return ValidationRefusal.Of("request",
                $"The file has {dataRows} rows; at most {ConsentLimits.MaxImportRows} per import. Split it: nothing was imported.",
                "Too many rows for one import");
        }
        return null;
    }
}
