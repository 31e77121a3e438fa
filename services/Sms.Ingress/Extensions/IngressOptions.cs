using System.ComponentModel.DataAnnotations;

namespace Sms.Ingress.Extensions;

/// <summary>The ingress's own settings, bound from <c>Ingress:*</c>.</summary>
public sealed class IngressOptions : IValidatableObject
{
    public const string Section = "Ingress";

    /// <summary>How long a request waits for the broker to confirm its publish before answering 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a provider message id is remembered as published, so a retried webhook is not published again.
    /// Vonage retries for 24 hours, so at least that.
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00")]
    public TimeSpan SeenTimeToLive { get; set; } = TimeSpan.FromHours(48);

    /// <summary>
    /// How long a claim in state "publishing" holds before another request may publish the same message: a crash
    /// between claim and publish delays the message by at most this long (the provider's retry then publishes it).
    /// Must be longer than <see cref="PublishTimeout"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan PublishingClaimTimeToLive { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long after its first part a concatenated message waits for the rest before going on marked incomplete.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ConcatTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the timeout service looks for concatenated messages past their deadline.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan ConcatPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many webhooks refused as malformed are kept in Redis for inspection (the newest; older ones drop off).</summary>
    [Range(1, 100_000)]
    public int RejectedWebhooksKept { get; set; } = 1000;

    /// <summary>The prefix of every Redis key the ingress writes (<c>{prefix}seen:…</c>, <c>{prefix}concat:…</c>, <c>{prefix}rejected</c>).</summary>
    [Required]
    public string RedisKeyPrefix { get; set; } = "sms:ingress:";

    /// <summary>
    /// The region (ISO 3166, e.g. <c>GB</c>) whose national format a carrier's number may be in (<c>07700 900123</c>);
    /// empty: numbers are read as international only (what Vonage and Twilio send).
    /// </summary>
    public string? DefaultRegion { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(DefaultRegion) && !Numbers.InboundNumbers.IsKnownRegion(DefaultRegion))
        {
            yield return new ValidationResult(
                $"Ingress:DefaultRegion '{DefaultRegion}' is not a region code libphonenumber knows: use an ISO 3166 code such as GB or US, or leave it empty.",
                [nameof(DefaultRegion)]);
        }

        if (PublishingClaimTimeToLive <= PublishTimeout)
        {
            yield return new ValidationResult(
                $"Ingress:PublishingClaimTimeToLive ({PublishingClaimTimeToLive}) must be longer than Ingress:PublishTimeout ({PublishTimeout}), " +
                "or a slow publish could be published twice.",
                [nameof(PublishingClaimTimeToLive)]);
        }
    }
}
