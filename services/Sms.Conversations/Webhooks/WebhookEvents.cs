using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sms.Contracts.Compliance;
using Sms.Contracts.Conversations;
using Sms.Contracts.Inbound;
using Sms.Contracts.Outbound;
using Sms.Contracts.Routing;
using Sms.Conversations.Consent;
using Sms.Conversations.Threads;

namespace Sms.Conversations.Webhooks;

/// <summary>
/// An event as webhooks report it, before its conversation is looked up (<c>Data/WebhookStore.EnqueueAsync</c> finds
/// it by <see cref="MessageId"/>, else by the two numbers).
/// </summary>
/// <param name="Id">Derived from the bus event's business key: the same bus event redelivered is the same webhook event.</param>
/// <param name="CustomerNumber">Also what orders the events of no conversation, and the lock that orders their queueing.</param>
/// <param name="Data">The <c>data</c> object, as JSON.</param>
public sealed record WebhookEvent(
    Guid Id, string Type, DateTimeOffset OccurredAt, Guid? MessageId, string CustomerNumber, string? BusinessNumber, string Data);

/// <summary>
/// What each bus event the service consumes means to a webhook subscriber (<see cref="WebhookEventTypes"/>), with an
/// event id that is stable across redeliveries. Pure. Phone numbers and text go in full: the payload goes to the
/// customer's own system.
/// </summary>
public static class WebhookEvents
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static WebhookEvent Of(InboundSmsReceived message) => new(
        IdOf(WebhookEventTypes.MessageReceived, message.MessageId.ToString()), WebhookEventTypes.MessageReceived, message.ReceivedAt,
        message.MessageId, message.From, message.To,
        Serialize(new
        {
            messageId = message.MessageId, from = message.From, to = message.To, text = message.Text,
            provider = message.Provider, receivedAt = message.ReceivedAt,
        }));

    public static WebhookEvent Of(ReplyClassified classified) => new(
        IdOf(WebhookEventTypes.ReplyClassified, classified.InboundMessageId.ToString()), WebhookEventTypes.ReplyClassified, classified.ClassifiedAt,
        classified.InboundMessageId, classified.CustomerNumber, classified.BusinessNumber,
        Serialize(new
        {
            inboundMessageId = classified.InboundMessageId, customerNumber = classified.CustomerNumber,
            businessNumber = classified.BusinessNumber, promptMessageId = classified.PromptMessageId,
            sessionType = classified.SessionType, matchedOption = classified.MatchedOption, action = classified.Action,
            context = classified.Context, campaignId = classified.CampaignId, ambiguous = classified.Ambiguous,
        }));

    public static WebhookEvent Of(SmsSent sent) => Status(
        "sent:" + sent.Request.MessageId, sent.SentAt, sent.Request.MessageId, sent.Request.To, sent.From, MessageStatus.Sent,
        sent.Provider, sent.ProviderMessageIds, errorCode: null, sent.Request.CampaignId);

    public static WebhookEvent Of(SmsSendFailed failed) => Status(
        (failed.OutcomeUnknown ? "unknown:" : "failed:") + failed.Request.MessageId, failed.FailedAt, failed.Request.MessageId,
        failed.Request.To, failed.Request.From, failed.OutcomeUnknown ? MessageStatus.Unknown : MessageStatus.Failed,
        failed.Provider, [], failed.ErrorCode, failed.Request.CampaignId);

    public static WebhookEvent Of(SmsDeliveryStatusChanged receipt) => Status(
        $"receipt:{receipt.Provider}:{receipt.ProviderMessageId}:{receipt.Status}:{receipt.OccurredAt.UtcTicks}", receipt.OccurredAt,
        receipt.MessageId, receipt.To, receipt.From, StatusOf(receipt.Status), receipt.Provider, [receipt.ProviderMessageId],
        receipt.ErrorCode, campaignId: null, StoredNames.Of(receipt.Status));

    public static WebhookEvent Of(OptOutRecorded optOut) => Consent(WebhookEventTypes.OptedOut, ConsentChange.Of(optOut), optOut.InboundMessageId);

    public static WebhookEvent Of(OptInRecorded optIn) => Consent(WebhookEventTypes.OptedIn, ConsentChange.Of(optIn), optIn.InboundMessageId);

    public static WebhookEvent Of(ConversationEscalated escalated) => new(
        IdOf(WebhookEventTypes.ConversationEscalated, escalated.InboundMessageId.ToString()), WebhookEventTypes.ConversationEscalated,
        escalated.EscalatedAt, escalated.InboundMessageId, escalated.CustomerNumber, escalated.BusinessNumber,
        Serialize(new
        {
            inboundMessageId = escalated.InboundMessageId, customerNumber = escalated.CustomerNumber,
            businessNumber = escalated.BusinessNumber, reason = StoredNames.Of(escalated.Reason),
            priority = StoredNames.Of(escalated.Priority), topic = escalated.Topic, promptMessageId = escalated.PromptMessageId,
        }));

    /// <summary>An owner change of the inbox's own (from its outbox): one event per version of the conversation's owner.</summary>
    public static WebhookEvent Of(ConversationOwnerChanged changed) => new(
        IdOf(WebhookEventTypes.OwnerChanged, $"{changed.ConversationId}:{changed.Version}"), WebhookEventTypes.OwnerChanged, changed.ChangedAt,
        null, changed.CustomerNumber, changed.BusinessNumber,
        Serialize(new
        {
            customerNumber = changed.CustomerNumber, businessNumber = changed.BusinessNumber, owner = StoredNames.Of(changed.Owner),
            reason = StoredNames.Of(changed.Reason), team = changed.Team, agent = changed.Agent, version = changed.Version,
        }));

    /// <summary>The <c>status</c> of a message.status event.</summary>
    public static class MessageStatus
    {
        public const string Sent = "sent";
        public const string Delivered = "delivered";
        public const string Failed = "failed";
        public const string Unknown = "unknown";
    }

    /// <summary>
    /// A carrier receipt's status as a message.status: delivered, failed (expired, failed, rejected), unknown, and sent
    /// for what only says the carrier has it (accepted, buffered). The carrier's own word is in <c>carrierStatus</c>.
    /// </summary>
    public static string StatusOf(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Delivered => MessageStatus.Delivered,
        DeliveryStatus.Expired or DeliveryStatus.Failed or DeliveryStatus.Rejected => MessageStatus.Failed,
        DeliveryStatus.Unknown => MessageStatus.Unknown,
        _ => MessageStatus.Sent,
    };

    /// <summary>
    /// A name-based id (version 8 layout, SHA-256 of the type and the bus event's key): the same bus event delivered
    /// again, to this or another instance, yields the same id, so it is queued once.
    /// </summary>
    public static Guid IdOf(string type, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(type + "\n" + key));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    private static WebhookEvent Status(
        string key, DateTimeOffset at, Guid? messageId, string customer, string? business, string status, string provider,
        IReadOnlyList<string> providerMessageIds, string? errorCode, string? campaignId, string? carrierStatus = null) => new(
        IdOf(WebhookEventTypes.MessageStatus, key), WebhookEventTypes.MessageStatus, at, messageId, customer, business,
        Serialize(new
        {
            messageId, customerNumber = customer, businessNumber = business, status, carrierStatus, errorCode, provider,
            providerMessageIds, campaignId,
        }));

    private static WebhookEvent Consent(string type, ConsentChange change, Guid? inboundMessageId) => new(
        IdOf(type, $"{change.Number}:{change.Scope}:{string.Join(',', change.Purposes)}:{change.ChangedAt.UtcTicks}"), type,
        change.ChangedAt, inboundMessageId, change.Number, null,
        Serialize(new
        {
            number = change.Number, scope = change.Scope, purposes = change.Purposes, source = change.Source,
            rule = change.Rule, inboundMessageId,
        }));

    private static string Serialize(object data) => JsonSerializer.Serialize(data, Json);
}
