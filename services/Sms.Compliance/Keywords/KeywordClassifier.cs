using Sms.Compliance.Extensions;
using Sms.Contracts.Compliance;

namespace Sms.Compliance.Keywords;

public enum KeywordIntent
{
    /// <summary>Not a compliance keyword: the message goes on to routing.</summary>
    None,
    OptOut,
    OptIn,
    Help,
}

/// <summary>
/// What an inbound message means to compliance, the rule that said so (e.g. <c>keyword:STOP</c>), and the language the
/// customer wrote in (<c>de</c> for ABMELDEN or "bitte keine SMS mehr"); null when the message shows none (STOP, which
/// every language uses), so the reply is in the brand's language.
/// </summary>
public readonly record struct KeywordMatch(KeywordIntent Intent, string? Rule, string? Language = null)
{
    public const string PhrasePrefix = "phrase:";

    /// <summary>The prefix of a request the recogniser read in plain words (<c>recogniser:en:verb=stop+object=texts</c>).</summary>
    public const string RecogniserPrefix = "recogniser:";

    public static readonly KeywordMatch None = new(KeywordIntent.None, null);

    /// <summary>How the ledger records the match: a keyword, or a request in plain words (<c>phrase:…</c>, <c>recogniser:…</c>).</summary>
    public ConsentSource Source => SourceOf(Rule);

    /// <inheritdoc cref="Source"/>
    public static ConsentSource SourceOf(string? rule) =>
        rule is not null && (rule.StartsWith(PhrasePrefix, StringComparison.Ordinal) || rule.StartsWith(RecogniserPrefix, StringComparison.Ordinal))
            ? ConsentSource.Phrase
            : ConsentSource.Keyword;
}

/// <summary>
/// What compliance does with an inbound message: the <see cref="ConsentRecogniser"/>'s reading when it is sure enough
/// to act (a keyword, a configured phrase, or a confident request to stop in plain words, recorded like a phrase with
/// its rule as evidence); an uncertain reading is no match here (<see cref="Read"/> exposes it). Pure: no I/O, no clock.
/// "stop by tomorrow" or "STOPS" are ordinary messages; so is a message that merely contains a keyword ("don't stop
/// the delivery").
/// </summary>
public sealed class KeywordClassifier(KeywordOptions options)
{
    private readonly ConsentRecogniser _recogniser = new(options);

    /// <param name="text">The inbound message as received.</param>
    /// <param name="optedOut">Whether the sender is opted out now (YES opts in only then).</param>
    public KeywordMatch Classify(string? text, bool optedOut)
    {
        var reading = _recogniser.Read(text, optedOut);
        return reading.Outcome == ConsentOutcome.Act ? new KeywordMatch(reading.Intent, reading.Rule, reading.Language) : KeywordMatch.None;
    }

    /// <summary>The full reading: score, language, and whether it is uncertain (for the review queue).</summary>
    public ConsentReading Read(string? text, bool optedOut) => _recogniser.Read(text, optedOut);

    /// <summary>The phrase form: <see cref="Normalize"/>d words, with emoji and punctuation between them dropped.</summary>
    internal static string Words(string text) => ConsentText.Words(text);

    /// <inheritdoc cref="ConsentText.Normalize"/>
    public static string Normalize(string text) => ConsentText.Normalize(text);
}
