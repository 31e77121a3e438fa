using Sms.Contracts.Inbound;
using Sms.Contracts.Routing;
using Sms.Router.Sessions;

namespace Sms.Router.Replies;

/// <summary>
/// Decides what a customer's reply leads to, given the customer's sessions. Pure. Every reply gets an answer: either
/// the session it matches is classified, or the customer is acknowledged and the conversation escalated.
/// </summary>
internal sealed class ReplyDecider(ReplyNormalizer normalizer, SessionResolver resolver, string acknowledgement)
{
    public ReplyDecision Decide(InboundSmsReceived message, IEnumerable<ConversationSession> sessions, DateTimeOffset now)
    {
        var reply = normalizer.Normalize(message.Text);
        var match = resolver.Resolve(reply, message.To, sessions, ReferenceTime(message, now));
        return match is null
            ? new EscalateReply(EscalationReason.NoMatchingSession, EscalationPriority.Normal, acknowledgement, now)
            : Classified(match, now);
    }

    /// <summary>The decision for a match made earlier (a redelivered reply repeats what was decided the first time).</summary>
    public static ClassifyReply Classified(SessionMatch match, DateTimeOffset classifiedAt) =>
        new(match, match.Session.AutoResponseFor(match.Action), classifiedAt);

    /// <summary>
    /// The moment a reply's sessions are judged open or expired at: when it arrived, so a slow queue or a retry cannot turn an answer given in time
    /// into a late one; never later than now.
    /// </summary>
    internal static DateTimeOffset ReferenceTime(InboundSmsReceived message, DateTimeOffset now) =>
        message.ReceivedAt < now ? message.ReceivedAt : now;
}
