using System.ComponentModel.DataAnnotations;

namespace Sms.Conversations.Extensions;

/// <summary>
/// Pictures and files of messages (<c>Attachments:*</c>): how large and of which types they may be, how a customer's
/// media is fetched from the carrier, and the signed URLs a carrier fetches an agent's picture from (README, "Pictures
/// and files (MMS)").
/// </summary>
public sealed class AttachmentOptions
{
    public const string Section = "Attachments";

    /// <summary>The largest attachment kept, in bytes; a larger one is not fetched past this (and shows as unavailable).</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public int MaxBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>
    /// The content types kept. Images are kept only when their bytes are the picture they claim to be
    /// (<see cref="Attachments.MediaCheck"/>); SVG is never among them (it can carry script).
    /// </summary>
    public List<string> AllowedContentTypes { get; set; } = [.. Attachments.MediaCheck.DefaultAllowed];

    /// <summary>Fetches of one media before it is given up ("attachment unavailable").</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The wait before the second fetch; it doubles with each attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the fetcher looks for media to fetch.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one fetch may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The address carriers reach this service at from the internet, e.g. <c>https://inbox.example.com</c>. An agent's
    /// picture goes to Twilio as a signed URL under it (<c>/v1/attachments/{id}/public</c>); null: agents cannot send pictures.
    /// </summary>
    [Url]
    public string? PublicBaseUrl { get; set; }

    /// <summary>The key the public URLs are signed with (HMAC-SHA256). Secret: from the environment only.</summary>
    public string? UrlSigningKey { get; set; }

    /// <summary>How long a signed URL can be fetched: long enough for the carrier's fetch and its retries.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan PublicUrlLifetime { get; set; } = TimeSpan.FromHours(4);
}

/// <summary>
/// The carrier credentials a customer's media is fetched with, and which carrier each of our numbers is on: the same
/// settings Outbound reads (<c>Twilio:AccountSid</c>, <c>Twilio:AuthToken</c>, <c>Carriers:DefaultProvider</c>,
/// <c>Carriers:Numbers:{number}</c>), so one configuration serves both.
/// </summary>
public sealed class CarrierAccountOptions
{
    /// <summary>Twilio media URLs need Basic auth (account SID and auth token) unless the account turned that off.</summary>
    public string? TwilioAccountSid { get; set; }

    public string? TwilioAuthToken { get; set; }

    public string DefaultProvider { get; set; } = "vonage";

    public Dictionary<string, string> Numbers { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
