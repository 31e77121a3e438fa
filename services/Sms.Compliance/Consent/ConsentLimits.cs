using Sms.ServiceDefaults.Text;

namespace Sms.Compliance.Consent;

/// <summary>
/// Every limit on what callers of the consent API and imports may send, in one place (listed in the README): a request
/// outside them is refused with a 400 (413 for size) naming the field and the reason. Texts a person gives us (evidence,
/// an agent's name, a reason) follow the platform's text rule (<see cref="MessageText.Problem"/>). Pure.
/// </summary>
public static class ConsentLimits
{
    /// <summary>Evidence of a consent (and an agent's reason for an opt-out), in characters.</summary>
    public const int MaxEvidenceLength = 2_000;

    /// <summary>The name of the agent who opts a number out, in characters.</summary>
    public const int MaxAgentLength = 200;

    /// <summary>An IANA time-zone id (the longest known is about 30 characters).</summary>
    public const int MaxTimeZoneLength = 64;

    /// <summary>The JSON body of an opt-in, an opt-out or a time zone.</summary>
    public const int MaxRequestBodyBytes = 64 * 1024;

    /// <summary>One CSV import: its size in bytes and its rows (without the header). Split a larger file.</summary>
    public const int MaxImportBytes = 16 * 1024 * 1024, MaxImportRows = 100_000;

    /// <summary>
    /// The earliest time a consent may have been given (<c>occurredAt</c>, an import's <c>occurred_at</c>): an earlier
    /// one is a placeholder (0001-01-01, 1970-01-01), not evidence. The latest is now: consent is not given in the future.
    /// </summary>
    public static readonly DateTimeOffset EarliestOccurredAt = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Why a person's text cannot be kept (too long, or a character no store takes), or null.</summary>
    public static string? TextProblem(string text, int maxLength) => MessageText.Problem(text, maxLength);

    /// <summary>Why a consent cannot have been given at <paramref name="at"/>, or null.</summary>
    public static string? OccurredAtProblem(DateTimeOffset at, DateTimeOffset now) =>
        at > now ? "Must not be in the future."
        : at < EarliestOccurredAt ? $"Must be on or after {EarliestOccurredAt:yyyy-MM-dd}: an earlier time is a placeholder, not evidence of consent."
        : null;
}
