using System.ComponentModel.DataAnnotations;

namespace Sms.Ingress.Publishing;

/// <summary>The ingress's own settings, bound from <c>Ingress:*</c>.</summary>
public sealed class IngressOptions
{
    public const string Section = "Ingress";

    /// <summary>How long a request waits for the broker to confirm its publish before answering 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
