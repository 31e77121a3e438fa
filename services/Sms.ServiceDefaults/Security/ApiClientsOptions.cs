using System.ComponentModel.DataAnnotations;

namespace Sms.ServiceDefaults.Security;

/// <summary>How a service keeps its directory of API clients (<c>Api:Clients:*</c>).</summary>
public sealed class ApiClientsOptions
{
    public const string Section = "Api:Clients";

    /// <summary>A client's use is reported to Conversations at most this often per instance (its last-used time is this precise).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan UsageReportInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Until a list arrives, the instance asks for one again after this long (doubling, at most a minute).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan RequestRetryInterval { get; set; } = TimeSpan.FromSeconds(2);
}
