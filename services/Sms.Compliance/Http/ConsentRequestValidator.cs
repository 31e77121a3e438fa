using Sms.Compliance.Consent;
using Sms.ServiceDefaults.Numbers;

namespace Sms.Compliance.Http;

/// <summary>
/// What every endpoint of the consent API checks of a request before its body: the number in the path, the brand in
/// <c>?scope=</c>, and the <c>Idempotency-Key</c> header; and the time-zone id an opt-in or a time-zone request names.
/// Pure.
/// </summary>
public static class ConsentRequestValidator
{
    /// <summary>Names the request an <c>Idempotency-Key</c> (a UUID): sending it again records nothing new.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>The path's number, unless it is not E.164.</summary>
    public static ValidationRefusal? Number(string number) =>
        PhoneNumbers.IsE164(number)
            ? null
            : ValidationRefusal.Of("number",
                "Must be an E.164 phone number: a plus and 7 to 15 digits, e.g. +447700900001 (URL-encoded %2B447700900001).",
                "Not a phone number");

    /// <summary>Every endpoint takes <c>?scope=</c> (a brand); without it, the deployment's default scope.</summary>
    public static ValidationRefusal? Scope(string? scope, BrandScopes brands) =>
        scope is null || brands.Scopes.Contains(scope)
            ? null
            : ValidationRefusal.Of("scope",
                $"Not a configured brand; known: {string.Join(", ", brands.Scopes.Order(StringComparer.Ordinal))}.",
                "Unknown scope");

    /// <summary>The <see cref="IdempotencyKeyHeader"/> as a UUID; neither when absent, the error when it is not one.</summary>
    public static (Guid? Key, string? Error) IdempotencyKey(string? value)
    {
        if (string.IsNullOrEmpty(value)) return (null, null);
        return Guid.TryParse(value, out var key) ? (key, null) : (null, "Must be a UUID.");
    }

    /// <summary>Why <paramref name="id"/> is not a time zone we keep (too long, or unknown), or null with the zone.</summary>
    public static string? TimeZoneProblem(string? id, out TimeZoneInfo? zone)
    {
        zone = null;
        if (id is { Length: > ConsentLimits.MaxTimeZoneLength }) return $"At most {ConsentLimits.MaxTimeZoneLength} characters: name an IANA time zone, e.g. Europe/London.";
        return ContactTimeZone.TryParse(id, out zone, out var error) ? null : error;
    }

    /// <summary>The export's <c>?format=</c>, lower case, <c>json</c> when absent (an empty one is not absent); a refusal unless csv or json.</summary>
    public static ValidationRefusal? ExportFormat(string? format, out string normalized)
    {
        normalized = (format ?? "json").ToLowerInvariant();
        return normalized is "json" or "csv" ? null : ValidationRefusal.Of("format", "csv or json.", title: null);
    }

    /// <summary>
    /// The purposes a request names (<c>informational</c>, <c>marketing</c>), or every purpose when it names none;
    /// an error naming the codes when one is unknown.
    /// </summary>
    public static string? PurposesProblem(string[]? codes, out IReadOnlyList<Contracts.Compliance.ConsentPurpose> purposes)
    {
        purposes = ConsentPurposes.All;
        if (codes is null || codes.Length == 0) return null;
        var parsed = new List<Contracts.Compliance.ConsentPurpose>();
        foreach (var code in codes)
        {
            if (!ConsentPurposes.TryParse(code, out var purpose))
                return $"'{code}' is not a purpose; use informational and/or marketing (none: both).";
            parsed.Add(purpose);
        }
        purposes = ConsentPurposes.Normalize(parsed);
        return null;
    }
}
