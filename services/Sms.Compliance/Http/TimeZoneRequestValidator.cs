namespace Sms.Compliance.Http;

/// <summary>A contact's own time zone: an IANA id we know and keep (<see cref="ConsentRequestValidator.TimeZoneProblem"/>). Pure.</summary>
public static class TimeZoneRequestValidator
{
    /// <param name="request">The body.</param>
    /// <param name="zone">The zone, when the request names a known one.</param>
    public static ValidationRefusal? Validate(TimeZoneRequest request, out TimeZoneInfo? zone) =>
        ConsentRequestValidator.TimeZoneProblem(request.TimeZone, out zone) is { } error
            ? ValidationRefusal.Of("timeZone", error, "Not a time zone")
            : null;
}
