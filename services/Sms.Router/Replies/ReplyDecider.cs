using Sms.Contracts.Inbound;
using Sms.Contracts.Routing;
using Sms.Router.Sessions;
using Sms.ServiceDefaults.Numbers;

namespace Sms.Router.Replies;

/// <summary>
/// Decides what a customer's reply leads to, given the customer's sessions. Pure. Every reply gets an answer:
/// <list type="number">
/// <item>it answers an open session: classified (free text taken by a session's <c>*</c> option only after the next check);</item>
/// <item>it names a sensitive topic, shows strong negative emotion or asks for a person: escalated (handed to people)
/// with that reason (<see cref="EscalationRules"/>);</item>
/// <item>it is not understood while a session on the number it was sent to waits (one that asks again: not a survey the
/// customer may ignore): a clarification built from that session's options, at most <c>maxClarifications</c> times per session, then escalated as <c>AutomationFailed</c>;</item>
/// <item>otherwise escalated as <c>NoMatchingSession</c>; so is a message with a picture or file (an MMS) that answers
/// no session: a clarification would ask about the words and ignore the picture, and a picture with no text has no words
/// to clarify. It goes to people, who see the picture in the thread.</item>
/// </list>
/// While people own the conversation (README, "Who owns a conversation") only the first applies, and only to a reply
/// that answers a prompt exactly (an option, not a session's <c>*</c>): it is classified for upstream systems and nothing
/// is sent; every other reply is left to people (<see cref="LeaveToPeople"/>).
/// </summary>
public sealed class ReplyDecider(
    ReplyNormalizer normalizer,
    SessionResolver resolver,
    EscalationRules? rules = null,
    string clarification = ReplyDecider.DefaultClarification,
    int maxClarifications = ReplyDecider.DefaultMaxClarifications)
{
    public const string DefaultClarification = "Sorry, we didn't recognize that. Reply {options}.";
    public const string OptionsPlaceholder = "{options}";
    public const int DefaultMaxClarifications = 2;

    private readonly EscalationRules _rules = rules ?? new EscalationRules();

    public ReplyDecision Decide(InboundSmsReceived message, IEnumerable<ConversationSession> sessions, DateTimeOffset now, bool peopleOwn = false)
    {
        var reply = normalizer.Normalize(message.Text);
        var at = ReferenceTime(message, now);
        var list = sessions as IReadOnlyCollection<ConversationSession> ?? sessions.ToList();

        var match = resolver.Resolve(reply, message.To, list, at);
        if (match is { Strength: > MatchStrength.AnyReply }) return Classified(match, now, peopleOwn);
        if (peopleOwn) return new LeaveToPeople(now);

        // Free text taken by a session that accepts any reply still goes to a person when it needs one.
        if (_rules.Find(message.Text) is { } trigger)
            return new EscalateReply(trigger.Reason, trigger.Priority, now, Topic: trigger.Topic);
        if (match is not null) return Classified(match, now);
        if (message.Media is { Count: > 0 })
            return new EscalateReply(EscalationReason.NoMatchingSession, EscalationPriority.Normal, now);

        var waiting = list
            .Where(s => s.IsOpenAt(at) && s.ClarifyUnrecognised && PhoneNumbers.Same(s.BusinessNumber, message.To) && OptionList(s).Length > 0)
            .OrderByDescending(s => s.CreatedAt)
            .ThenByDescending(s => s.Id)
            .FirstOrDefault();
        return waiting is null
            ? new EscalateReply(EscalationReason.NoMatchingSession, EscalationPriority.Normal, now)
            : new ClarifyReply(waiting, ClarificationFor(waiting), now);
    }

    /// <summary>
    /// The clarification as the <paramref name="attempt"/>-th unrecognised reply in its session (counted once per reply,
    /// from 1): asked again up to the limit, then handed to a person.
    /// </summary>
    public ReplyDecision AfterClarifications(ClarifyReply clarify, int attempt) =>
        attempt <= maxClarifications
            ? clarify
            : new EscalateReply(EscalationReason.AutomationFailed, EscalationPriority.Normal, clarify.ClarifiedAt, clarify.Session.Id);

    /// <summary>The clarification for a session: the template with its options as the prompt wrote them ("YES or NO").</summary>
    public string ClarificationFor(ConversationSession session) =>
        clarification.Replace(OptionsPlaceholder, OptionList(session), StringComparison.Ordinal);

    /// <summary><c>YES</c>; <c>YES or NO</c>; <c>1, 2 or 3</c>: the options with an action, as written, once each.</summary>
    public static string OptionList(ConversationSession session)
    {
        var options = session.Options
            .Where(o => !string.IsNullOrWhiteSpace(o.Key) && !string.IsNullOrWhiteSpace(o.Value) && o.Key.Trim() != SessionResolver.AnyReplyOption)
            .Select(o => o.Key.Trim())
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        return options.Count switch
        {
            0 => string.Empty,
            1 => options[0],
            _ => string.Join(", ", options.Take(options.Count - 1)) + " or " + options[^1],
        };
    }

    /// <summary>
    /// The decision for a match (also one made earlier: a redelivered reply repeats what was decided the first time):
    /// with the option's auto-response, unless people own the conversation.
    /// </summary>
    public static ClassifyReply Classified(SessionMatch match, DateTimeOffset classifiedAt, bool peopleOwn = false) =>
        new(match, peopleOwn ? null : match.Session.AutoResponseFor(match.Action), classifiedAt, peopleOwn);

    /// <summary>
    /// The moment a reply's sessions are judged open or expired at: when it arrived, so a slow queue or a retry cannot turn an answer given in time
    /// into a late one; never later than now.
    /// </summary>
    public static DateTimeOffset ReferenceTime(InboundSmsReceived message, DateTimeOffset now) =>
        message.ReceivedAt < now ? message.ReceivedAt : now;
}
