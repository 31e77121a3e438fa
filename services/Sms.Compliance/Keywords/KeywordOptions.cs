namespace Sms.Compliance.Keywords;

/// <summary>
/// The keyword sets, from <c>Compliance:Keywords:*</c> (environment: <c>Compliance__Keywords__OptOut__0</c>, …).
/// A set that is configured replaces its default; a set left out keeps the default.
/// </summary>
public sealed class KeywordOptions
{
    public const string Section = "Compliance:Keywords";

    public static readonly IReadOnlyList<string> DefaultOptOut =
        ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT", "ARRET"];

    public static readonly IReadOnlyList<string> DefaultOptIn = ["START", "UNSTOP", "SUBSCRIBE"];

    public static readonly IReadOnlyList<string> DefaultOptInWhenOptedOut = ["YES"];

    public static readonly IReadOnlyList<string> DefaultHelp = ["HELP", "INFO", "AIDE"];

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
}
