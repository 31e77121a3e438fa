using Sms.Contracts.Routing;

namespace Sms.Campaigns.Campaigns;

/// <summary>
/// Which flow a contact's profile change says was completed: the Router scores a completed flow with the reason
/// <c>flow_completed:{flow name}</c> (its <c>EngagementScorer</c>), the one event it publishes when a flow ends. Pure.
/// </summary>
public static class FlowCompletion
{
    public const string ReasonPrefix = "flow_completed:";

    /// <summary>The completed flow's name, or null when the change is not a completed flow.</summary>
    public static string? FlowName(ContactProfileChanged change) =>
        change.Reasons.FirstOrDefault(r => r.StartsWith(ReasonPrefix, StringComparison.Ordinal) && r.Length > ReasonPrefix.Length)?[ReasonPrefix.Length..];
}
