using System.Globalization;
using System.Text;
using Sms.Contracts.Routing;

namespace Sms.Router.Replies;

/// <summary>A reason found in a message to hand it to a person, and how urgently; <see cref="Topic"/> names a sensitive topic.</summary>
public sealed record EscalationTrigger(EscalationReason Reason, EscalationPriority Priority, string? Topic = null);

/// <summary>A sensitive topic: any of its keywords (words or phrases) in a message escalates it with the topic's priority.</summary>
public sealed record SensitiveTopic(string Name, IReadOnlyList<string> Keywords, EscalationPriority Priority);

/// <summary>
/// Finds what in a customer's own words needs a person: a sensitive topic (billing, fraud, security), strong negative
/// emotion, or a request for a person. Keywords and phrases match whole words, case-insensitively
/// (<c>call me</c> matches "Can you call me?", not "recall mercy"). Several found: the highest priority wins, then
/// topic before emotion before request. Pure: word lists in, decision out.
/// </summary>
public sealed class EscalationRules
{
    public static readonly IReadOnlyList<string> DefaultHumanRequestPhrases =
    [
        "agent", "human", "call me", "speak to someone", "talk to someone", "speak to a person", "talk to a person",
        "real person", "representative", "operator", "manager",
    ];

    public static readonly IReadOnlyList<string> DefaultNegativeWords =
    [
        "angry", "furious", "livid", "outraged", "disgusted", "disgusting", "terrible", "horrible", "awful", "worst",
        "ridiculous", "unacceptable", "appalling", "pathetic", "useless", "hate", "fed up", "sick of", "never again",
    ];

    public static readonly IReadOnlyList<SensitiveTopic> DefaultTopics =
    [
        new("fraud", ["fraud", "fraudulent", "scam", "scammed", "stolen", "unauthorized", "unauthorised", "identity theft"], EscalationPriority.Urgent),
        new("security", ["hacked", "security", "password", "breach", "phishing", "compromised", "suspicious"], EscalationPriority.Urgent),
        new("billing", ["bill", "billing", "billed", "invoice", "charge", "charged", "overcharged", "refund", "double charged"], EscalationPriority.High),
    ];

    private readonly IReadOnlyList<(SensitiveTopic Topic, string[][] Keywords)> _topics;
    private readonly string[][] _negative;
    private readonly string[][] _humanRequest;
    private readonly EscalationPriority _negativePriority;
    private readonly EscalationPriority _humanRequestPriority;

    public EscalationRules(
        IEnumerable<string>? humanRequestPhrases = null,
        IEnumerable<string>? negativeWords = null,
        IEnumerable<SensitiveTopic>? topics = null,
        EscalationPriority humanRequestPriority = EscalationPriority.High,
        EscalationPriority negativeSentimentPriority = EscalationPriority.High)
    {
        _humanRequest = Phrases(humanRequestPhrases ?? DefaultHumanRequestPhrases);
        _negative = Phrases(negativeWords ?? DefaultNegativeWords);
        _topics = (topics ?? DefaultTopics).Select(t => (t, Phrases(t.Keywords))).ToList();
        _humanRequestPriority = humanRequestPriority;
        _negativePriority = negativeSentimentPriority;
    }

    /// <summary>The strongest reason in the message to escalate it; null when there is none.</summary>
    public EscalationTrigger? Find(string? text)
    {
        var words = Words(text);
        if (words.Length == 0) return null;

        var found = new List<EscalationTrigger>();
        foreach (var (topic, keywords) in _topics)
        {
            if (ContainsAny(words, keywords)) found.Add(new EscalationTrigger(EscalationReason.SensitiveTopic, topic.Priority, topic.Name));
        }
        if (ContainsAny(words, _negative)) found.Add(new EscalationTrigger(EscalationReason.NegativeSentiment, _negativePriority));
        if (ContainsAny(words, _humanRequest)) found.Add(new EscalationTrigger(EscalationReason.HumanRequested, _humanRequestPriority));

        // Stable: among equal priorities the first found (topic, emotion, request) stays first.
        return found.OrderByDescending(t => t.Priority).FirstOrDefault();
    }

    /// <summary>The words of a text, upper case: letters, digits and apostrophes; everything else separates.</summary>
    public static string[] Words(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var normalized = text.Normalize(NormalizationForm.FormKC).ToUpperInvariant().Replace('’', '\'');
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var rune in normalized.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune) || rune.Value == '\'' || Rune.GetUnicodeCategory(rune) == UnicodeCategory.NonSpacingMark)
            {
                current.Append(rune.ToString());
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }
        if (current.Length > 0) words.Add(current.ToString());
        return words.ToArray();
    }

    /// <summary>Words or phrases as <see cref="Words"/> splits them, for <see cref="ContainsAny"/>.</summary>
    public static string[][] Phrases(IEnumerable<string> phrases) =>
        phrases.Select(Words).Where(w => w.Length > 0).ToArray();

    /// <summary>Whether any phrase occurs in the words as a whole-word run.</summary>
    public static bool ContainsAny(string[] words, string[][] phrases) => phrases.Any(p => Contains(words, p));

    private static bool Contains(string[] words, string[] phrase)
    {
        for (var start = 0; start + phrase.Length <= words.Length; start++)
        {
            var all = true;
            for (var i = 0; i < phrase.Length && all; i++) all = words[start + i] == phrase[i];
            if (all) return true;
        }
        return false;
    }
}
