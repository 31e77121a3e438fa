using Sms.Contracts.Compliance;
using Sms.Contracts.Inbound;
using Sms.Contracts.Outbound;
using Sms.Contracts.Routing;
using Sms.Testing;

namespace Sms.Conversations.Tests.Support;

/// <summary>Realistic events for one customer and one of our numbers.</summary>
internal sealed class Events(string customer, string business)
{
    public string Customer { get; } = customer;
    public string Business { get; } = business;

    public static Events ForNewCustomer() => new(TestNumbers.Unique(), TestNumbers.Unique());

    public SendSms Request(string text, SmsOrigin origin = SmsOrigin.Upstream, SmsCategory category = SmsCategory.Transactional,
        Guid? inReplyTo = null, string? from = null) => new()
        {
            MessageId = Guid.NewGuid(),
            To = Customer,
            From = from,
            Text = text,
            Category = category,
            Origin = origin,
            InReplyTo = inReplyTo,
        };

    public SmsSent Sent(SendSms request, DateTimeOffset at, params string[] providerMessageIds) => new()
    {
        Request = request,
        From = request.From ?? Business,
        Provider = "vonage",
        ProviderMessageIds = providerMessageIds.Length > 0 ? providerMessageIds : [NewProviderId()],
        SegmentCount = Math.Max(1, providerMessageIds.Length),
        Encoding = SmsEncoding.Gsm7,
        SentAt = at,
    };

    public InboundSmsReceived Inbound(string text, DateTimeOffset at) => new()
    {
        MessageId = Guid.NewGuid(),
        Provider = "vonage",
        ProviderMessageId = NewProviderId(),
        From = Customer,
        To = Business,
        Text = text,
        ReceivedAt = at,
    };

    public ReplyClassified Classified(InboundSmsReceived inbound, Guid promptMessageId, string action) => new()
    {
        InboundMessageId = inbound.MessageId,
        CustomerNumber = Customer,
        BusinessNumber = Business,
        PromptMessageId = promptMessageId,
        SessionType = "appointment_reminder",
        MatchedOption = "YES",
        Action = action,
        Context = new Dictionary<string, string> { ["appointmentId"] = "A-1" },
        ClassifiedAt = inbound.ReceivedAt.AddMilliseconds(50),
    };

    public ConversationEscalated Escalated(InboundSmsReceived inbound) => new()
    {
        InboundMessageId = inbound.MessageId,
        CustomerNumber = Customer,
        BusinessNumber = Business,
        Reason = EscalationReason.NoMatchingSession,
        Priority = EscalationPriority.Normal,
        EscalatedAt = inbound.ReceivedAt.AddMilliseconds(80),
    };

    /// <summary>A new customer's conversation, escalated because they asked for a person.</summary>
    public static ConversationEscalated NewEscalation(EscalationPriority priority)
    {
        var events = ForNewCustomer();
        return new ConversationEscalated
        {
            InboundMessageId = Guid.NewGuid(), CustomerNumber = events.Customer, BusinessNumber = events.Business,
            Reason = EscalationReason.HumanRequested, Priority = priority, EscalatedAt = DateTimeOffset.UtcNow,
        };
    }

    public SmsSuppressed Suppressed(SendSms request, DateTimeOffset at) => new()
    {
        Request = request,
        Reason = SuppressionReason.OptedOut,
        Detail = "The customer opted out of messages from this brand.",
        SuppressedAt = at,
    };

    public SmsSendFailed SendFailed(SendSms request, DateTimeOffset at) => new()
    {
        Request = request,
        Provider = "vonage",
        ErrorCode = "4",
        Reason = "Invalid credentials",
        Retryable = false,
        FailedAt = at,
    };

    public OptOutRecorded OptOut(InboundSmsReceived inbound) => new()
    {
        Number = Customer,
        Scope = "default",
        Source = ConsentSource.Keyword,
        Rule = "keyword:STOP",
        InboundMessageId = inbound.MessageId,
        RecordedAt = inbound.ReceivedAt.AddMilliseconds(20),
    };

    public OptInRecorded OptIn(InboundSmsReceived inbound) => new()
    {
        Number = Customer,
        Scope = "default",
        Source = ConsentSource.Keyword,
        Rule = "keyword:START",
        InboundMessageId = inbound.MessageId,
        RecordedAt = inbound.ReceivedAt.AddMilliseconds(20),
    };

    /// <summary>A keyword opt-out of the brand at the time given, naming the purposes (null: none, as older senders).</summary>
    public OptOutRecorded OptOut(string scope, DateTimeOffset at, IReadOnlyList<ConsentPurpose>? purposes = null) => new()
    {
        Number = Customer,
        Scope = scope,
        Source = ConsentSource.Keyword,
        Rule = "keyword:STOP",
        RecordedAt = at,
        Purposes = purposes,
    };

    /// <summary>A keyword opt-in to the brand at the time given, naming the purposes (null: none, as older senders).</summary>
    public OptInRecorded OptIn(string scope, DateTimeOffset at, IReadOnlyList<ConsentPurpose>? purposes = null) => new()
    {
        Number = Customer,
        Scope = scope,
        Source = ConsentSource.Keyword,
        Rule = "keyword:START",
        RecordedAt = at,
        Purposes = purposes,
    };

    public HelpRequested Help(InboundSmsReceived inbound) => new()
    {
        Number = Customer,
        To = Business,
        Rule = "keyword:HELP",
        InboundMessageId = inbound.MessageId,
        RequestedAt = inbound.ReceivedAt.AddMilliseconds(20),
    };

    /// <summary>Compliance unsure whether the message asks to stop: a review of it.</summary>
    public ConsentReviewRequested ReviewRequested(InboundSmsReceived inbound, double score = 0.6) => new()
    {
        ReviewId = Guid.NewGuid(),
        Number = Customer,
        Scope = "acme",
        BusinessNumber = Business,
        InboundMessageId = inbound.MessageId,
        Score = score,
        Language = "en",
        Rule = "recogniser:en:verb=stop+object=texts",
        RequestedAt = inbound.ReceivedAt.AddMilliseconds(20),
    };

    /// <summary>Compliance's answer to a decision about <paramref name="review"/>.</summary>
    public ConsentReviewDecided ReviewDecided(
        ConsentReviewRequested review, ConsentReviewDecision decision, ConsentReviewStatus status, DateTimeOffset at,
        string decidedBy = "ada", bool applied = true) => new()
        {
            ReviewId = review.ReviewId,
            RequestId = Guid.NewGuid(),
            Number = Customer,
            Scope = review.Scope,
            Decision = decision,
            Status = status,
            Applied = applied,
            DecidedBy = decidedBy,
            DecidedAt = at,
        };

    public SmsDeliveryStatusChanged Receipt(string providerMessageId, DeliveryStatus status, Guid? messageId = null, string? errorCode = null) => new()
    {
        MessageId = messageId,
        Provider = "vonage",
        ProviderMessageId = providerMessageId,
        To = Customer,
        Status = status,
        ErrorCode = errorCode,
        OccurredAt = DateTimeOffset.UtcNow,
    };

    public static string NewProviderId() => Guid.NewGuid().ToString("N")[..16].ToUpperInvariant();
}
