using Sms.Contracts.Compliance;
using Sms.Contracts.Inbound;
using Sms.Contracts.Outbound;
using Sms.Router.Sessions;

namespace Sms.Router.Tests.Support;

/// <summary>Test data: sessions, prompts and messages with sensible defaults.</summary>
internal static class Build
{
    public static readonly DateTimeOffset T0 = new(2025, 4, 15, 9, 0, 0, TimeSpan.Zero);

    public const string AppointmentNumber = "+15550001000";
    public const string PaymentNumber = "+15550002000";

    public static readonly IReadOnlyDictionary<string, string> AppointmentOptions = new Dictionary<string, string>
    {
        ["YES"] = "confirm_appointment",
        ["NO"] = "reschedule_request",
    };

    public static readonly IReadOnlyDictionary<string, string> PaymentOptions = new Dictionary<string, string>
    {
        ["1"] = "pay_now",
        ["2"] = "payment_plan",
    };

    public static ConversationSession Session(
        IReadOnlyDictionary<string, string> options,
        string businessNumber = AppointmentNumber,
        DateTimeOffset? createdAt = null,
        TimeSpan? timeToLive = null,
        string sessionType = "appointment_reminder",
        string customerNumber = "+15559990001",
        Guid? id = null)
    {
        var created = createdAt ?? T0;
        return new ConversationSession
        {
            Id = id ?? Guid.NewGuid(),
            CustomerNumber = customerNumber,
            BusinessNumber = businessNumber,
            SessionType = sessionType,
            CampaignId = "campaign-1",
            Options = options,
            AutoResponses = new Dictionary<string, string> { ["confirm_appointment"] = "See you then." },
            Context = new Dictionary<string, string> { ["appointment_id"] = "appt-42" },
            CreatedAt = created,
            ExpiresAt = created + (timeToLive ?? TimeSpan.FromHours(24)),
        };
    }

    public static SmsSent Sent(string customerNumber, SmsPrompt? prompt, string from = AppointmentNumber, DateTimeOffset? sentAt = null, Guid? messageId = null) => new()
    {
        Request = new SendSms
        {
            MessageId = messageId ?? Guid.NewGuid(),
            To = customerNumber,
            Text = "Reminder: your appointment is tomorrow at 10:00. Reply YES to confirm or NO to reschedule.",
            Category = SmsCategory.Transactional,
            CampaignId = "appt-2025-04-15",
            Prompt = prompt,
        },
        From = from,
        Provider = "vonage",
        ProviderMessageIds = ["0A0000001234"],
        SegmentCount = 1,
        Encoding = SmsEncoding.Gsm7,
        SentAt = sentAt ?? DateTimeOffset.UtcNow,
    };

    public static SmsPrompt AppointmentPrompt(TimeSpan? timeToLive = null) => new()
    {
        SessionType = "appointment_reminder",
        Options = AppointmentOptions,
        AutoResponses = new Dictionary<string, string> { ["confirm_appointment"] = "Appointment confirmed. See you tomorrow at 10:00." },
        Context = new Dictionary<string, string> { ["appointment_id"] = "appt-42" },
        TimeToLive = timeToLive,
    };

    public static InboundSmsReceived Inbound(string customerNumber, string text, string to = AppointmentNumber, DateTimeOffset? receivedAt = null, Guid? messageId = null) => new()
    {
        MessageId = messageId ?? Guid.NewGuid(),
        Provider = "vonage",
        ProviderMessageId = Guid.NewGuid().ToString("N"),
        From = customerNumber,
        To = to,
        Text = text,
        ReceivedAt = receivedAt ?? DateTimeOffset.UtcNow,
    };

    public static InboundSmsAccepted Accepted(InboundSmsReceived message) => new() { Message = message, AcceptedAt = message.ReceivedAt };
}
