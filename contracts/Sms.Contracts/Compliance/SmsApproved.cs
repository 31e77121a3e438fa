using Sms.Contracts.Outbound;

namespace Sms.Contracts.Compliance;

/// <summary>Event: Compliance allows this send to reach the carrier. Outbound sends nothing else.</summary>
public sealed record SmsApproved
{
    public required SendSms Request { get; init; }

    public required DateTimeOffset ApprovedAt { get; init; }
}
