using Sms.Compliance.Consent;

namespace Sms.Compliance.Http;

/// <summary>
/// An opt-in for marketing over the API: express consent, evidence of it that a store can keep, a time it can have
/// been given at, a known time zone when one is named, and a UUID for an idempotency key. Every problem at once. Pure.
/// </summary>
public static class OptInRequestValidator
{
    /// <param name="request">The body.</param>
    /// <param name="idempotencyKey">The request's <see cref="ConsentRequestValidator.IdempotencyKeyHeader"/>, if any.</param>
    /// <param name="now">The request time: consent is not given in the future.</param>
    /// <param name="zone">The contact's time zone when the request names a known one.</param>
    public static ValidationRefusal? Validate(OptInRequest request, string? idempotencyKey, DateTimeOffset now, out TimeZoneInfo? zone)
    {
        var errors = new Dictionary<string, string[]>();
        zone = null;
        if (request.TimeZone is not null && ConsentRequestValidator.TimeZoneProblem(request.TimeZone, out zone) is { } zoneError)
            errors["timeZone"] = [zoneError];
        if (!request.ExpressConsent)
            errors["expressConsent"] = ["Must be true: an opt-in needs the customer's express consent."];
        if (string.IsNullOrWhiteSpace(request.Evidence))
            errors["evidence"] = ["Say how and where the customer consented (form, wording, time); it is kept as evidence."];
        else if (ConsentLimits.TextProblem(request.Evidence, ConsentLimits.MaxEvidenceLength) is { } evidenceProblem)
            errors["evidence"] = [evidenceProblem];
        if (request.OccurredAt is { } occurredAt && ConsentLimits.OccurredAtProblem(occurredAt, now) is { } timeProblem)
            errors["occurredAt"] = [timeProblem];
        if (ConsentRequestValidator.PurposesProblem(request.Purposes, out _) is { } purposesProblem)
            errors["purposes"] = [purposesProblem];
        if (ConsentRequestValidator.IdempotencyKey(idempotencyKey) is { Error: { } keyError })
            errors[ConsentRequestValidator.IdempotencyKeyHeader] = [keyError];
        return errors.Count > 0 ? new ValidationRefusal(errors, "The opt-in cannot be recorded") : null;
    }
}
