using Sms.Compliance.Extensions;

namespace Sms.Compliance.Keywords;

/// <summary>What the recogniser does with its reading: act on it, have a person look at it, or let it pass.</summary>
public enum ConsentOutcome
{
    /// <summary>Not a consent request: the message goes on to routing.</summary>
    None,

    /// <summary>Scored between the review and the opt-out thresholds: maybe a request to stop, not acted on alone.</summary>
    Uncertain,

    /// <summary>A keyword, a configured phrase, or a sentence scored at or above the opt-out threshold.</summary>
    Act,
}

/// <summary>
/// The recogniser's reading of one message: the intent, how sure it is (0..1), the language it matched in, and the
/// rule that fired as evidence (<c>keyword:BAJA</c>, <c>phrase:STOP TEXTING ME</c>,
/// <c>recogniser:en:verb=stop+object=texts</c>).
/// </summary>
public readonly record struct ConsentReading(KeywordIntent Intent, double Score, string? Language, string? Rule, ConsentOutcome Outcome)
{
    public static readonly ConsentReading None = new(KeywordIntent.None, 0, null, null, ConsentOutcome.None);
}

/// <summary>
/// Reads whether a message asks to stop (or start, or for help). Pure: no I/O, no clock. Three layers, first that
/// answers wins:
/// <list type="number">
/// <item>a configured keyword that is the whole message once normalised (<see cref="ConsentText"/>): "STOP", "¡Baja!";</item>
/// <item>a configured phrase that is the whole message once polite filler around it is dropped: "please stop texting me";</item>
/// <item>a sentence that has the shape of a request to stop messages, read with each language's
/// <see cref="ConsentLexicon"/>: a stop verb with a messaging object ("please stop sending me these messages"), an
/// unsubscribe verb ("quiero desuscribirme"), a negated messaging verb ("don't text me anymore"), a negated wish with a
/// messaging object ("I don't want these texts anymore"), or "no more" with one ("keine SMS mehr"). A negated stop verb
/// ("don't stop the reminders", "I can't stop smiling") never matches, a stop verb without a messaging object
/// ("cancel my appointment", "stop by tomorrow") never does, and every word the lexicon does not know lowers the score,
/// so a sentence that says more than a request ("stop texting me the wrong time") is at most uncertain.</item>
/// </list>
/// A keyword that is also a common word ("baja el precio?", "cancel my appointment") opts out only as the whole message.
/// </summary>
public sealed class ConsentRecogniser
{
    /// <summary>Longer messages are never keywords; they are not normalised at all.</summary>
    private const int MaxKeywordMessageLength = 64;

    /// <summary>Longer messages are never read as a request: a request to stop is short.</summary>
    private const int MaxRequestMessageLength = 160;

    /// <summary>How much each word the lexicon does not know lowers a sentence's score.</summary>
    private const double UnknownWordPenalty = 0.12;

    /// <summary>How much each unknown word in another clause of the message lowers it.</summary>
    private const double OtherClauseUnknownWordPenalty = 0.04;

    /// <summary>How much a question word lowers it: "why did you stop sending me texts" asks rather than requests.</summary>
    private const double QuestionPenalty = 0.15;

    /// <summary>Where a clause ends: a request is read within one clause, so a negation or question in another does not reach it.</summary>
    private static readonly System.Text.RegularExpressions.Regex SentenceBreaks = new(@"[.;!?¡¿\n]+", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
    private static readonly System.Text.RegularExpressions.Regex ClauseBreaks = new(@"[.,;:!?¡¿\n]+", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>First-person pronouns: "stop sending me …" is about messages to the sender.</summary>
    private static readonly HashSet<string> FirstPerson = new(StringComparer.Ordinal) { "ME", "US", "MIR", "MICH", "UNS", "M", "MOI", "NOS", "MI", "CI", "MIM" };

    /// <summary>How far (in words) an object may follow its verb, and a negation precede it.</summary>
    private const int ObjectWindow = 6;
    private const int NegationWindow = 3;

    /// <summary>Words that may come before a configured phrase without changing it.</summary>
    private static readonly HashSet<string> LeadingFiller = new(StringComparer.Ordinal)
    {
        "PLEASE", "PLS", "PLZ", "KINDLY", "OK", "OKAY", "HI", "HELLO", "HEY", "JUST", "CAN", "COULD", "WOULD", "YOU",
    };

    /// <summary>Words that may come after a configured phrase without changing it.</summary>
    private static readonly HashSet<string> TrailingFiller = new(StringComparer.Ordinal)
    {
        "PLEASE", "PLS", "PLZ", "THANKS", "THANK", "YOU", "THX", "TY", "OK",
    };

    private readonly Dictionary<string, Keyword> _keywords = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _phrases = new(StringComparer.Ordinal);
    private readonly HashSet<string> _bareRequests = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<ConsentLexicon> _lexicons;
    private readonly double _optOutThreshold;
    private readonly double _reviewThreshold;

    public ConsentRecogniser(KeywordOptions options)
    {
        // On overlap the safer meaning wins: opt-out before opt-in before help.
        Add(options.OptOut ?? KeywordOptions.DefaultOptOut, KeywordIntent.OptOut, onlyWhenOptedOut: false);
        Add(options.OptIn ?? KeywordOptions.DefaultOptIn, KeywordIntent.OptIn, onlyWhenOptedOut: false);
        Add(options.OptInWhenOptedOut ?? KeywordOptions.DefaultOptInWhenOptedOut, KeywordIntent.OptIn, onlyWhenOptedOut: true);
        Add(options.Help ?? KeywordOptions.DefaultHelp, KeywordIntent.Help, onlyWhenOptedOut: false);
        // A one-word phrase is an opt-out keyword with filler around it ("please stop"): it counts only while that
        // word is an opt-out keyword, so a brand that replaces the keywords does not keep the default ones this way.
        var optOutKeywords = (options.OptOut ?? KeywordOptions.DefaultOptOut).Select(ConsentText.Words).ToHashSet(StringComparer.Ordinal);
        foreach (var phrase in options.OptOutPhrases ?? KeywordOptions.DefaultOptOutPhrases)
        {
            var words = ConsentText.Words(phrase);
            var oneWord = !words.Contains(' ', StringComparison.Ordinal);
            if (words.Length > 0 && (!oneWord || optOutKeywords.Contains(words)))
                _phrases.TryAdd(words, KeywordMatch.PhrasePrefix + words);
        }
        // An opt-out keyword with only polite words around it ("Baja por favor", "Stop grazie") is still the keyword,
        // unless in some language it usually means something else ("yes, cancel").
        var ambiguous = ConsentLexicons.All.SelectMany(l => l.AmbiguousKeywords).ToHashSet(StringComparer.Ordinal);
        foreach (var word in optOutKeywords.Where(w => w.Length > 0 && !w.Contains(' ', StringComparison.Ordinal) && !ambiguous.Contains(w)))
            _bareRequests.Add(word);
        var languages = options.Languages ?? KeywordOptions.DefaultLanguages;
        _lexicons = ConsentLexicons.All.Where(l => languages.Contains(l.Language, StringComparer.OrdinalIgnoreCase)).ToList();
        _optOutThreshold = options.OptOutThreshold;
        _reviewThreshold = options.ReviewThreshold;
    }

    /// <param name="text">The inbound message as received.</param>
    /// <param name="optedOut">Whether the sender is opted out now (YES opts in only then).</param>
    public ConsentReading Read(string? text, bool optedOut)
    {
        if (string.IsNullOrEmpty(text)) return ConsentReading.None;
        if (text.Length <= MaxKeywordMessageLength && KeywordAsWritten(text) is var (keyword, rule))
        {
            return keyword.OnlyWhenOptedOut && !optedOut
                ? ConsentReading.None
                : new ConsentReading(keyword.Intent, 1, LanguageOf(keyword.Word), rule, ConsentOutcome.Act);
        }
        if (text.Length > MaxRequestMessageLength) return ConsentReading.None;

        var tokens = ConsentText.Tokens(text);
        if (Phrase(tokens) is { } phrase)
            return new ConsentReading(KeywordIntent.OptOut, 1, LanguageOf(string.Join(' ', tokens)), phrase, ConsentOutcome.Act);

        // Read by sentences and by clauses: a comma may end a clause ("not interested, please stop") or join one
        // ("Hören Sie auf, mir Nachrichten zu schicken"); the better reading counts.
        var sentences = Clauses(SentenceBreaks, text);
        var clauses = Clauses(ClauseBreaks, text);
        var best = ConsentReading.None;
        foreach (var lexicon in _lexicons)
        {
            var bySentence = Message(lexicon, _bareRequests, sentences.Select(c => Split(lexicon, c)).ToList());
            var byClause = Message(lexicon, _bareRequests, clauses.Select(c => Split(lexicon, c)).ToList());
            var (score, evidence) = byClause.Score >= bySentence.Score ? byClause : bySentence;
            if (evidence is null || score <= best.Score) continue;
            best = new ConsentReading(KeywordIntent.OptOut, Math.Round(score, 2), lexicon.Language,
                $"recogniser:{lexicon.Language}:{evidence}", ConsentOutcome.None);
        }
        if (best.Score >= _optOutThreshold) return best with { Outcome = ConsentOutcome.Act };
        if (best.Score >= _reviewThreshold) return best with { Outcome = ConsentOutcome.Uncertain };
        return ConsentReading.None;
    }

    /// <summary>
    /// The keyword the whole message is, as people type it: the keyword itself ("Stop!"), or an opt-out keyword spelled
    /// out ("S T O P"), followed by ALL ("END ALL", as STOPALL), with two neighbouring letters swapped ("STPO", "sotp";
    /// keywords of four letters or more, so no short word is taken for one), or the stop sign emoji alone. The safer
    /// meaning only: a mistyped START or HELP is not read as one. The rule says how it was written.
    /// </summary>
    private (Keyword Keyword, string Rule)? KeywordAsWritten(string text)
    {
        if (_keywords.TryGetValue(ConsentText.Normalize(text), out var exact)) return (exact, exact.Rule);

        var tokens = ConsentText.Tokens(text);
        if (tokens.Count >= 3 && tokens.All(t => t.Length == 1) && OptOutKeyword(string.Concat(tokens)) is { } spelled)
            return (spelled, $"{spelled.Rule} (spelled out)");
        if (tokens is [var first, "ALL"] && OptOutKeyword(first) is { } all)
            return (all, $"{all.Rule} ALL");
        if (tokens is [var word] && word.Length >= 4)
        {
            for (var i = 0; i + 1 < word.Length; i++)
            {
                var swapped = string.Concat(word[..i], word[i + 1].ToString(), word[i].ToString(), word[(i + 2)..]);
                if (swapped != word && OptOutKeyword(swapped) is { } typed) return (typed, $"{typed.Rule} (typed {word})");
            }
        }
        if (tokens.Count == 0 && text.Contains(StopSign, StringComparison.Ordinal)
            && text.Replace(StopSign, "", StringComparison.Ordinal).All(c => char.IsWhiteSpace(c) || c == '\uFE0F' || char.IsPunctuation(c))
            && OptOutKeyword("STOP") is { } sign)
            return (sign, $"{sign.Rule} ({StopSign})");
        return null;
    }

    /// <summary>🛑, the stop sign: alone, a request to stop.</summary>
    private const string StopSign = "\U0001F6D1";

    private Keyword? OptOutKeyword(string word) =>
        _keywords.TryGetValue(word, out var keyword) && keyword.Intent == KeywordIntent.OptOut ? keyword : null;

    private static List<List<string>> Clauses(System.Text.RegularExpressions.Regex breaks, string text) =>
        breaks.Split(text).Select(ConsentText.Tokens).Where(c => c.Count > 0).ToList();

    /// <summary>A configured phrase, possibly wrapped in polite filler ("please stop texting me", "remove me, thanks").</summary>
    private string? Phrase(List<string> tokens)
    {
        var start = 0;
        var end = tokens.Count;
        while (start < end && LeadingFiller.Contains(tokens[start])) start++;
        while (end > start && TrailingFiller.Contains(tokens[end - 1])) end--;
        if (start == end) return null;
        return _phrases.GetValueOrDefault(string.Join(' ', tokens.Skip(start).Take(end - start)));
    }

    /// <summary>Elided words apart where the lexicon does not know the whole ("N'ENVOYEZ" is N + ENVOYEZ, "DON'T" stays).</summary>
    private static List<string> Split(ConsentLexicon lexicon, List<string> tokens) =>
        tokens.SelectMany(t => t.Contains('\'', StringComparison.Ordinal) && !lexicon.Knows(t)
            ? t.Split('\'', StringSplitOptions.RemoveEmptyEntries)
            : [t]).ToList();

    /// <summary>
    /// The best clause's reading, less a little for each word the lexicon does not know in the other clauses: "Who is
    /// this?? Stop texting me" is a request with a question beside it, not a question.
    /// </summary>
    private static (double Score, string? Evidence) Message(ConsentLexicon lexicon, HashSet<string> bareRequests, List<List<string>> clauses)
    {
        (double Score, string? Evidence) best = (0, null);
        for (var c = 0; c < clauses.Count; c++)
        {
            var (score, evidence) = Sentence(lexicon, bareRequests, clauses[c], wholeMessage: clauses.Count == 1);
            if (evidence is null) continue;
            var elsewhere = clauses.Where((_, other) => other != c).SelectMany(w => w).Count(w => !lexicon.Knows(w) && !bareRequests.Contains(w));
            score = Math.Clamp(score - OtherClauseUnknownWordPenalty * elsewhere, 0, 1);
            if (score > best.Score) best = (score, evidence);
        }
        return best;
    }

    /// <summary>The best request shape in the clause (a one-word opt-out keyword counts only among words the lexicon knows), scored; no evidence when there is none.</summary>
    private static (double Score, string? Evidence) Sentence(ConsentLexicon lexicon, HashSet<string> bareRequests, List<string> words, bool wholeMessage)
    {
        double bestBase = 0;
        string? evidence = null;
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (lexicon.StopVerbs.TryGetValue(word, out var stop) && HasParticle(lexicon, words, i)
                && !(i + 1 < words.Count && lexicon.NotAfterStop.Contains(words[i + 1])) && !Negated(lexicon, words, i)
                && ObjectOf(lexicon, words, i, bothSides: lexicon.NegationFollowsVerb) is { } stopped)
                Consider(0.97, $"verb={stop}+object={stopped}");

            // A one-word opt-out phrase ("stop") inside a clause of known words: "STOP STOP STOP", "stop it already".
            if (bareRequests.Contains(word) && !lexicon.AmbiguousKeywords.Contains(word)
                && words.All(w => lexicon.Knows(w) || bareRequests.Contains(w)) && !(i + 1 < words.Count && lexicon.NotAfterStop.Contains(words[i + 1])) && !Negated(lexicon, words, i))
                Consider(0.9, $"request={word.ToLowerInvariant()}");

            // A stop verb that is a clause by itself, with polite words only ("Não tenho interesse, parem", "Remove me"),
            // unless it usually means something else ("yes, cancel"). A one-word message is the keywords' to answer, so a
            // brand that configures its own keywords is not overruled.
            if (!(wholeMessage && words.Count == 1) && lexicon.StopVerbs.TryGetValue(word, out var alone) && HasParticle(lexicon, words, i) && !Negated(lexicon, words, i)
                && !lexicon.AmbiguousKeywords.Contains(word) && !lexicon.AmbiguousKeywords.Contains(alone.ToUpperInvariant())
                && words.Where((_, j) => j != i).All(w => lexicon.Filler.Contains(w) || lexicon.Particles.Values.Contains(w)))
                Consider(0.85, $"verb={alone}");

            if (lexicon.UnsubscribeVerbs.TryGetValue(word, out var unsubscribe) && HasParticle(lexicon, words, i) && !Negated(lexicon, words, i))
            {
                var from = ObjectOf(lexicon, words, i, bothSides: lexicon.NegationFollowsVerb);
                Consider(from is null ? 0.9 : 0.97, from is null ? $"verb={unsubscribe}" : $"verb={unsubscribe}+object={from}");
            }

            if (lexicon.ContactVerbs.TryGetValue(word, out var contact) && NegatedRequest(lexicon, words, i))
            {
                var what = ObjectOf(lexicon, words, i, bothSides: lexicon.NegationFollowsVerb, contactVerbs: false);
                Consider(what is null ? 0.9 : 0.97, what is null ? $"negated={contact}" : $"negated={contact}+object={what}");
            }

            if (lexicon.SendVerbs.TryGetValue(word, out var send) && NegatedRequest(lexicon, words, i)
                && ObjectOf(lexicon, words, i, bothSides: lexicon.NegationFollowsVerb, contactVerbs: false) is { } sent)
                Consider(0.97, $"negated={send}+object={sent}");

            if (lexicon.WantVerbs.Contains(word) && Negated(lexicon, words, i) && ObjectOf(lexicon, words, i) is { } unwanted
                && !words.Skip(i + 1).Take(ObjectWindow).Any(lexicon.StopVerbs.ContainsKey))
                Consider(0.97, $"want-not+object={unwanted}");

            // "I want out of this list", "ich will raus aus dem Verteiler".
            if (lexicon.WantVerbs.Contains(word) && !Negated(lexicon, words, i)
                && words.Skip(i + 1).Take(2).Any(lexicon.Exit.Contains) && ObjectOf(lexicon, words, i) is { } left)
                Consider(0.95, $"want-out+object={left}");

            if (NoMoreAt(lexicon, words, i) is { } cueLength && ObjectOf(lexicon, words, i + cueLength - 1, window: 4) is { } noMore)
                Consider(0.95, $"no-more+object={noMore}");
        }
        if (evidence is null) return (0, null);

        var unknown = words.Count(w => !lexicon.Knows(w) && !lexicon.Questions.Contains(w) && !bareRequests.Contains(w));
        var questions = words.Count(lexicon.Questions.Contains)
            + words.Zip(words.Skip(1), (a, b) => $"{a} {b}").Count(lexicon.Questions.Contains);
        return (Math.Clamp(bestBase - UnknownWordPenalty * unknown - QuestionPenalty * questions, 0, 1), evidence);

        void Consider(double score, string rule)
        {
            if (score <= bestBase) return;
            bestBase = score;
            evidence = rule;
        }
    }

    private static bool HasParticle(ConsentLexicon lexicon, List<string> words, int verb) =>
        !lexicon.Particles.TryGetValue(words[verb], out var particle)
        || words.Skip(verb + 1).Take(ObjectWindow).Contains(particle, StringComparer.Ordinal);

    /// <summary>A negation just before the verb (and, where the language puts it there, just after).</summary>
    private static bool Negated(ConsentLexicon lexicon, List<string> words, int verb) =>
        NegationAt(lexicon, words, verb) >= 0;

    private static int NegationAt(ConsentLexicon lexicon, List<string> words, int verb)
    {
        // A negation reaches the verb only across words of the lexicon: "not interested, please stop" is not "don't stop".
        for (var j = verb - 1; j >= Math.Max(0, verb - NegationWindow); j--)
        {
            if (lexicon.Negations.Contains(words[j])) return j;
            if (!lexicon.Knows(words[j]) || lexicon.Context.Contains(words[j])) break;
        }
        if (lexicon.NegationFollowsVerb)
            for (var j = verb + 1; j <= Math.Min(words.Count - 1, verb + NegationWindow); j++)
            {
                if (lexicon.Negations.Contains(words[j])) return j;
                if (!lexicon.Knows(words[j]) || lexicon.Context.Contains(words[j])) break;
            }
        return -1;
    }

    /// <summary>A negated messaging verb whose negation is its own: "don't text me", but not "don't stop texting me".</summary>
    private static bool NegatedRequest(ConsentLexicon lexicon, List<string> words, int verb)
    {
        var negation = NegationAt(lexicon, words, verb);
        if (negation < 0) return false;
        var (from, to) = negation < verb ? (negation + 1, verb) : (verb + 1, negation);
        for (var j = from; j < to; j++)
            if (lexicon.StopVerbs.ContainsKey(words[j]) || lexicon.WantVerbs.Contains(words[j])) return false;
        return true;
    }

    /// <summary>The lemma of the messaging object near the word, if there is one.</summary>
    private static string? ObjectOf(ConsentLexicon lexicon, List<string> words, int at, bool bothSides = false,
        bool contactVerbs = true, int window = ObjectWindow)
    {
        var from = bothSides ? Math.Max(0, at - window) : at + 1;
        var to = Math.Min(words.Count - 1, at + window);
        for (var j = from; j <= to; j++)
            if (j != at && lexicon.Objects.TryGetValue(words[j], out var lemma)) return lemma;
        for (var j = from; j <= to; j++)
        {
            if (j == at) continue;
            if (contactVerbs && lexicon.ContactVerbs.TryGetValue(words[j], out var verb)) return verb;
            if (contactVerbs && lexicon.SendVerbs.TryGetValue(words[j], out var send)
                && (FirstPerson.Contains(words[Math.Min(j + 1, words.Count - 1)]) || FirstPerson.Contains(words[Math.Max(j - 1, 0)])))
                return send;
        }
        return null;
    }

    /// <summary>The number of words of a "no more" cue starting here (1 or 2), or null.</summary>
    private static int? NoMoreAt(ConsentLexicon lexicon, List<string> words, int at)
    {
        if (at + 1 < words.Count && lexicon.NoMore.Contains($"{words[at]} {words[at + 1]}")) return 2;
        return lexicon.NoMore.Contains(words[at]) ? 1 : null;
    }

    /// <summary>
    /// The language a keyword or phrase is in: none for a keyword every language uses
    /// (<see cref="ConsentLexicons.SharedKeywords"/>: "STOP", "STOP STOP"), the one whose lexicon has it as a keyword
    /// (BAJA, ABMELDEN), else the one that knows most of its other words ("please stop"); none when no lexicon knows any.
    /// </summary>
    private string? LanguageOf(string words)
    {
        if (ConsentLexicons.SharedKeywords.Contains(words)) return null;
        var lexicons = _lexicons.Count > 0 ? _lexicons : ConsentLexicons.All;
        if (lexicons.FirstOrDefault(l => l.Keywords.Contains(words)) is { } owner) return owner.Language;
        var tokens = words.Split(' ').Where(t => !ConsentLexicons.SharedKeywords.Contains(t)).ToList();
        var (language, known) = lexicons.Select(l => (l.Language, Known: tokens.Count(l.Knows))).MaxBy(l => l.Known);
        return known > 0 ? language : null;
    }

    private void Add(IEnumerable<string> words, KeywordIntent intent, bool onlyWhenOptedOut)
    {
        foreach (var word in words)
        {
            var normalized = ConsentText.Normalize(word);
            if (normalized.Length > 0)
                _keywords.TryAdd(normalized, new Keyword(intent, onlyWhenOptedOut, normalized, $"keyword:{normalized}"));
        }
    }

    private sealed record Keyword(KeywordIntent Intent, bool OnlyWhenOptedOut, string Word, string Rule);
}
