using System.ComponentModel.DataAnnotations;
using Sms.Compliance.Keywords;

namespace Sms.Compliance.Extensions;

/// <summary>
/// The keyword sets, from <c>Compliance:Keywords:*</c> (environment: <c>Compliance__Keywords__OptOut__0</c>, …).
/// A set that is configured replaces its default; a set left out keeps the default.
/// </summary>
public sealed class KeywordOptions
{
    public const string Section = "Compliance:Keywords";

    public static readonly IReadOnlyList<string> DefaultOptOut =
        [
        "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT",
        "BAJA", "PARAR", "CANCELAR", "ALTO", "ARRET", "ARRETE", "DESABONNER", "ABMELDEN", "STOPP", "ENDE", "SAIR", "PARE", "ANNULLA", "CANCELLA", "DISISCRIVI", "BASTA",
    ];

    public static readonly IReadOnlyList<string> DefaultOptIn = ["START", "UNSTOP", "SUBSCRIBE", "JOIN"];

    public static readonly IReadOnlyList<string> DefaultOptInWhenOptedOut = ["YES"];

    public static readonly IReadOnlyList<string> DefaultHelp = ["HELP", "INFO", "AYUDA", "AIDE", "HILFE", "AJUDA", "AIUTO"];

    /// <summary>
    /// Plain-words requests to stop. The whole message must be one of them once normalised (see
    /// <see cref="KeywordClassifier"/>), so "don't stop the delivery" never opts out.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultOptOutPhrases =
    [
        // Keywords with filler around them ("please stop", "stop thanks"); each counts while it is an opt-out keyword.
        "stop", "stopall", "stop all", "unsubscribe", "opt out", "optout",
        "stop texting me", "stop texting", "stop messaging me", "stop messaging", "stop sending me messages",
        "stop sending messages", "stop sending me texts", "stop sending texts", "stop contacting me", "stop sms",
        "stop the messages", "stop the texts", "stop all messages", "stop all texts", "no more messages", "no more texts",
        "remove me", "remove me from this list", "remove me from the list", "remove me from your list",
        "remove me from your mailing list", "take me off this list", "take me off the list", "take me off your list",
        "unsubscribe me", "unsubscribe me please", "opt me out", "i want to unsubscribe", "i want to opt out",
        "do not text me", "don't text me", "dont text me", "do not contact me", "don't contact me", "dont contact me",
        "leave me alone", "stop it", "stop now", "stop stop", "arrete", "desabonner", "desabonnez moi",
    ];

    /// <summary>The languages whose sentences the recogniser reads (<see cref="ConsentLexicons"/>).</summary>
    public static readonly IReadOnlyList<string> DefaultLanguages = ["en", "es", "fr", "de", "pt", "it"];

    /// <summary>Languages read beyond keywords and phrases; empty reads keywords and phrases only.</summary>
    public string[]? Languages { get; set; }

    /// <summary>A sentence scored at or above this opts out.</summary>
    [Range(0.0, 1.0)]
    public double OptOutThreshold { get; set; } = 0.8;

    /// <summary>A sentence scored at or above this, and below <see cref="OptOutThreshold"/>, is uncertain: a person should look.</summary>
    [Range(0.0, 1.0)]
    public double ReviewThreshold { get; set; } = 0.5;

    /// <summary>Words that opt the number out.</summary>
    public string[]? OptOut { get; set; }

    /// <summary>Words that opt the number (back) in, whatever its state.</summary>
    public string[]? OptIn { get; set; }

    /// <summary>
    /// Words that opt in only a number that is opted out. Otherwise they are ordinary replies: a YES to an
    /// appointment reminder must reach the router.
    /// </summary>
    public string[]? OptInWhenOptedOut { get; set; }

    /// <summary>Words that ask for the help text.</summary>
    public string[]? Help { get; set; }

    /// <summary>Plain-words requests that opt the number out (recorded with source <c>phrase</c>).</summary>
    public string[]? OptOutPhrases { get; set; }
}
