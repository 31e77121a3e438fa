namespace Sms.Contracts.Compliance;

/// <summary>
/// Event: a contact's own time zone was set or cleared (the API, an opt-in, an import). Quiet hours use it in
/// Compliance; Campaigns uses it to send at a local time. Null <see cref="TimeZone"/>: cleared, the zones of the
/// number's prefix apply again. Consumers keep the newest by <see cref="ChangedAt"/>.
/// </summary>
public sealed record ContactTimeZoneChanged
{
    public required string Number { get; init; }

    /// <summary>An IANA zone id, e.g. <c>America/Chicago</c>; null when cleared.</summary>
    public string? TimeZone { get; init; }

    public required DateTimeOffset ChangedAt { get; init; }
}
