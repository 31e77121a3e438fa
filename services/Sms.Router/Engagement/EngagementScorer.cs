using Sms.Contracts.Inbound;
using Sms.Contracts.Routing;
using Sms.Router.Extensions;
using Sms.Router.Flows;
using Sms.Router.Replies;
using Sms.ServiceDefaults.Messaging;

namespace Sms.Router.Engagement;

/// <summary>
/// What a customer's message tells the inbox about the contact (<see cref="ContactProfileChanged"/>): points for a reply
/// that answers a session, for words of purchase intent (in any message), for completing a flow, and the labels a flow
/// step adds. Weights and keywords from <c>Router:Engagement</c>. Pure; the change id derives from its cause, so a
/// redelivered message changes nothing.
/// </summary>
public sealed class EngagementScorer
{
    public const string ChangePurpose = "contact-profile";

    public static readonly IReadOnlyList<string> DefaultPurchaseIntentKeywords = ["buy", "price", "order", "how much", "cost", "purchase"];

    private readonly EngagementOptions _options;
    private readonly string[][] _purchaseIntent;

    public EngagementScorer(EngagementOptions options)
    {
        _options = options;
        _purchaseIntent = EscalationRules.Phrases(options.PurchaseIntentKeywords ?? DefaultPurchaseIntentKeywords);
    }

    /// <summary>Whether the text holds a purchase-intent keyword or phrase, as a whole word (case-insensitive).</summary>
    public bool ShowsPurchaseIntent(string? text) => EscalationRules.ContainsAny(EscalationRules.Words(text), _purchaseIntent);

    /// <summary>
    /// The change a customer's message makes: <paramref name="answeredSession"/> when it answered a session, with the
    /// flow step it moved on, if any. Null when it changes nothing.
    /// </summary>
    public ContactProfileChanged? ForMessage(InboundSmsReceived message, bool answeredSession, FlowOutcome? flow, DateTimeOffset at)
    {
        var points = 0;
        var reasons = new List<string>();
        if (answeredSession && _options.ReplyPoints > 0)
        {
            points += _options.ReplyPoints;
            reasons.Add("reply");
        }
        if (_options.PurchaseIntentPoints > 0 && ShowsPurchaseIntent(message.Text))
        {
            points += _options.PurchaseIntentPoints;
            reasons.Add("purchase_intent");
        }
        var labels = flow?.AddedLabels ?? [];
        if (labels.Count > 0) reasons.Add($"flow_step:{FlowEngine.SessionType(flow!.Run.FlowName, flow.Step)}");
        if (flow is { Completed: true } && _options.CompletedFlowPoints > 0)
        {
            points += _options.CompletedFlowPoints;
            reasons.Add($"flow_completed:{flow.Run.FlowName}");
        }
        if (points == 0 && labels.Count == 0) return null;

        return new ContactProfileChanged
        {
            ChangeId = MessageIds.Derive(message.MessageId, ChangePurpose),
            CustomerNumber = message.From,
            BusinessNumber = message.To,
            AddLabels = labels,
            EngagementPoints = points,
            Reasons = reasons,
            InboundMessageId = message.MessageId,
            ChangedAt = at,
        };
    }

    /// <summary>The labels a flow step's timeout adds; null when it adds none.</summary>
    public static ContactProfileChanged? ForTimeout(SessionExpired expired, FlowOutcome flow) =>
        flow.AddedLabels.Count == 0
            ? null
            : new ContactProfileChanged
            {
                ChangeId = MessageIds.Derive(expired.SessionId, ChangePurpose),
                CustomerNumber = expired.CustomerNumber,
                BusinessNumber = expired.BusinessNumber,
                AddLabels = flow.AddedLabels,
                Reasons = [$"flow_timeout:{FlowEngine.SessionType(flow.Run.FlowName, flow.Step)}"],
                ChangedAt = expired.ExpiredAt,
            };
}
