namespace Sms.Compliance.Keywords;

/// <summary>
/// The words of one language that a request to stop messages is made of, as <see cref="ConsentRecogniser"/> reads them.
/// Every word is in its <see cref="ConsentText"/> form (upper case, no accents). Entries are written
/// <c>"lemma: FORM FORM; lemma: FORM"</c>; the lemma is what the rule names as evidence.
/// </summary>
public sealed class ConsentLexicon
{
    public required string Language { get; init; }

    /// <summary>Verbs that ask to stop something ("stop", "remove", "cancel"): they need a messaging object.</summary>
    public required IReadOnlyDictionary<string, string> StopVerbs { get; init; }

    /// <summary>Verbs that are about subscriptions by themselves ("unsubscribe", "désabonner"): no object needed.</summary>
    public required IReadOnlyDictionary<string, string> UnsubscribeVerbs { get; init; }

    /// <summary>A verb that counts only with its particle later in the message ("take … off", "opt … out", "hören … auf").</summary>
    public IReadOnlyDictionary<string, string> Particles { get; init; } = new Dictionary<string, string>();

    /// <summary>Verbs of messaging itself ("text", "contact"): an object of a stop verb, and a request when negated ("don't text me").</summary>
    public required IReadOnlyDictionary<string, string> ContactVerbs { get; init; }

    /// <summary>Verbs of sending ("send", "enviar"): a request when negated only with a first person or a messaging object.</summary>
    public required IReadOnlyDictionary<string, string> SendVerbs { get; init; }

    /// <summary>What is being stopped: texts, messages, this number, the list, the subscription.</summary>
    public required IReadOnlyDictionary<string, string> Objects { get; init; }

    /// <summary>Words that negate the verb after them (and, in German, before them: "hör nicht auf").</summary>
    public required IReadOnlySet<string> Negations { get; init; }

    /// <summary>Whether a negation after the verb negates it too (German).</summary>
    public bool NegationFollowsVerb { get; init; }

    /// <summary>"want", "quiero", "veux": negated with a messaging object, a request ("I don't want these texts").</summary>
    public required IReadOnlySet<string> WantVerbs { get; init; }

    /// <summary>Words or word pairs that say "no more" before a messaging object ("no more", "keine", "basta").</summary>
    public required IReadOnlySet<string> NoMore { get; init; }

    /// <summary>Words right after a stop verb that make it a different verb ("stop by", "stop in").</summary>
    public IReadOnlySet<string> NotAfterStop { get; init; } = new HashSet<string>();

    /// <summary>Words that turn a sentence into a question about messages rather than a request ("why", "when").</summary>
    public required IReadOnlySet<string> Questions { get; init; }

    /// <summary>Words that go with a request to stop without being one ("not interested", "never signed up"): known, but a negation does not reach across them.</summary>
    public IReadOnlySet<string> Context { get; init; } = new HashSet<string>();

    /// <summary>"out", "raus": after a wish with a messaging object, a request to leave ("I want out of this list").</summary>
    public IReadOnlySet<string> Exit { get; init; } = new HashSet<string>();

    /// <summary>Opt-out keywords that, with words around them, usually mean something else ("please cancel" an appointment).</summary>
    public IReadOnlySet<string> AmbiguousKeywords { get; init; } = new HashSet<string>();

    /// <summary>Politeness, pronouns, determiners, prepositions and intensifiers: words a request may carry without changing it.</summary>
    public required IReadOnlySet<string> Filler { get; init; }

    /// <summary>The compliance keywords of this language, to say which language a keyword matched in.</summary>
    public required IReadOnlySet<string> Keywords { get; init; }

    /// <summary>Whether the word is any part of this language's vocabulary of requests.</summary>
    public bool Knows(string token) =>
        StopVerbs.ContainsKey(token) || UnsubscribeVerbs.ContainsKey(token) || ContactVerbs.ContainsKey(token)
        || SendVerbs.ContainsKey(token) || Objects.ContainsKey(token) || Negations.Contains(token)
        || WantVerbs.Contains(token) || NoMore.Contains(token) || Filler.Contains(token) || Keywords.Contains(token)
        || Particles.Values.Contains(token) || Context.Contains(token) || Exit.Contains(token);

    /// <summary>Parses <c>"lemma: FORM FORM; lemma: FORM"</c> into form → lemma.</summary>
    internal static Dictionary<string, string> Map(string entries)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            var lemma = entry[..colon].Trim();
            foreach (var form in entry[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                map.TryAdd(form, lemma);
        }
        return map;
    }

    /// <summary>Space-separated words; a pair joined by <c>_</c> is two words in a row ("NO_MORE").</summary>
    internal static HashSet<string> Set(string words) =>
        words.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.Replace('_', ' ')).ToHashSet(StringComparer.Ordinal);
}
