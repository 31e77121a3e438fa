using Sms.ServiceDefaults.Numbers;

namespace Sms.Router.Sessions;

/// <summary>How a reply met an option; a stronger match outranks a more recent weaker one.</summary>
public enum MatchStrength
{
    /// <summary>
    /// The session takes any reply (its option <c>*</c>, e.g. a flow step asking for comments) and the reply names none
    /// of its other options. Only on the number the session's prompt went out from.
    /// </summary>
    AnyReply = -1,

    /// <summary>The reply is one typo away from the option or from one of its synonyms (<c>confrim</c> for <c>CONFIRM</c>).</summary>
    Typo = 0,

    /// <summary>The reply means the option through a synonym (<c>yep</c> for <c>YES</c>).</summary>
    Synonym = 1,

    /// <summary>The reply is the option as written (after normalisation).</summary>
    Exact = 2,
}

/// <summary>The session a reply answers, the option it chose (as written in the prompt) and what that option means.</summary>
public sealed record SessionMatch(ConversationSession Session, string MatchedOption, string Action, MatchStrength Strength, bool Ambiguous);

/// <summary>
/// Decides which open session a customer's reply answers. Pure: the caller loads the sessions and says what time it is.
/// <list type="number">
/// <item>Expired sessions never match.</item>
/// <item>Sessions on our number the customer replied to come first; sessions on our other numbers are considered only
/// when none on that number accepts the reply.</item>
/// <item>A reply naming an option as written outranks one that matches only through a synonym, which outranks a typo.</item>
/// <item>Among the sessions left, the most recent wins; when there are several the match is <c>Ambiguous</c>.</item>
/// <item>A session with the option <c>*</c> takes any other reply sent to its number, weaker than any named option.</item>
/// </list>
/// </summary>
public sealed class SessionResolver(ReplyNormalizer normalizer)
{
    /// <summary>The option that accepts any reply (free text), as a prompt writes it.</summary>
    public const string AnyReplyOption = "*";

    public SessionMatch? Resolve(string? reply, string repliedTo, IEnumerable<ConversationSession> sessions, DateTimeOffset now) =>
        Resolve(normalizer.Normalize(reply), repliedTo, sessions, now);

    public SessionMatch? Resolve(NormalizedReply reply, string repliedTo, IEnumerable<ConversationSession> sessions, DateTimeOffset now)
    {
        if (reply.IsEmpty) return null;

        var typoCanonical = normalizer.TypoCanonical(reply);
        var accepting = sessions
            .Where(s => s.IsOpenAt(now))
            .Select(s => FindOption(s, reply, typoCanonical) ?? AnyReply(s, repliedTo))
            .OfType<SessionMatch>()
            .ToList();
        var onRepliedNumber = accepting.Where(m => PhoneNumbers.Same(m.Session.BusinessNumber, repliedTo)).ToList();
        var candidates = onRepliedNumber.Count > 0 ? onRepliedNumber : accepting;
        if (candidates.Count == 0) return null;

        var strongest = candidates.Max(m => m.Strength);
        var best = candidates.Where(m => m.Strength == strongest).ToList();
        var chosen = best
            .OrderByDescending(m => m.Session.CreatedAt)
            .ThenByDescending(m => m.Session.Id)
            .First();
        return chosen with { Ambiguous = best.Count > 1 };
    }

    /// <summary>The option of one session the reply chooses, the literal one before a synonym before a typo; null when none.</summary>
    private SessionMatch? FindOption(ConversationSession session, NormalizedReply reply, string? typoCanonical)
    {
        SessionMatch? synonym = null;
        SessionMatch? typo = null;
        foreach (var (option, action) in session.Options)
        {
            if (string.IsNullOrWhiteSpace(action)) continue;
            var normalized = normalizer.Normalize(option);
            if (normalized.IsEmpty) continue;
            if (normalized.Text == reply.Text)
                return new SessionMatch(session, option, action, MatchStrength.Exact, Ambiguous: false);
            if (synonym is null && normalized.Canonical == reply.Canonical)
                synonym = new SessionMatch(session, option, action, MatchStrength.Synonym, Ambiguous: false);
            if (typo is null && (EditDistance.IsTypoOf(reply.Text, normalized.Text) || (typoCanonical is not null && normalized.Canonical == typoCanonical)))
                typo = new SessionMatch(session, option, action, MatchStrength.Typo, Ambiguous: false);
        }
        return synonym ?? typo;
    }

    /// <summary>The session's any-reply option, when it has one and the reply went to the session's number.</summary>
    private static SessionMatch? AnyReply(ConversationSession session, string repliedTo) =>
        session.Options.TryGetValue(AnyReplyOption, out var action) && !string.IsNullOrWhiteSpace(action) && PhoneNumbers.Same(session.BusinessNumber, repliedTo)
            ? new SessionMatch(session, AnyReplyOption, action, MatchStrength.AnyReply, Ambiguous: false)
            : null;
}
