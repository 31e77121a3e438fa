using System.ComponentModel.DataAnnotations;

namespace Sms.Router.Extensions;

/// <summary>The router's settings, bound from <c>Router:*</c> (environment: <c>Router__DefaultSessionTtl</c>, …).</summary>
public sealed class RouterOptions
{
    public const string Section = "Router";

    public const string DefaultAcknowledgement = "Thanks for your message. A team member will follow up shortly.";

    /// <summary>How long a session waits for a reply when its prompt names no time to live.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "90.00:00:00")]
    public TimeSpan DefaultSessionTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Sent to a customer whose message answers no open session, before a person follows up.</summary>
    [Required(AllowEmptyStrings = false)]
    [MaxLength(1600)]
    public string Acknowledgement { get; set; } = DefaultAcknowledgement;

    /// <summary>
    /// How long a session's Redis key outlives the session's expiry. It never matches a reply in that time; it lets a
    /// reader that comes after the expiry (the expiry poller) still read it. Default none: the key expires with the session.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan ExpiredSessionRetention { get; set; } = TimeSpan.Zero;
}
