using System.ComponentModel.DataAnnotations;

namespace Sms.Compliance.Extensions;

/// <summary>
/// The double opt-in for marketing, from <c>Compliance:DoubleOptIn:*</c>, for every brand without its own
/// (<c>Compliance:Brands:{brand}:DoubleOptIn:*</c>; a value a brand leaves out is the deployment's). A keyword opt-in
/// (JOIN, START) from a number with no marketing consent restores its informational messages and, when
/// <see cref="Enabled"/>, asks <see cref="Question"/>; the customer's answer (<see cref="Answers"/>) within
/// <see cref="Window"/> grants marketing, recorded with both messages as evidence. <c>{ProgramName}</c> and
/// <c>{SupportContact}</c> are filled in as in the keyword replies.
/// </summary>
public sealed class DoubleOptInOptions
{
    public const string Section = "Compliance:DoubleOptIn";

    /// <summary>Whether a keyword opt-in asks for marketing at all; when false, marketing comes only from the API or an import.</summary>
    public bool? Enabled { get; set; }

    public string? Question { get; set; }

    /// <summary>Sent when the answer grants marketing.</summary>
    public string? Confirmation { get; set; }

    /// <summary>The whole message that answers yes (any case, accents and punctuation ignored).</summary>
    public string[]? Answers { get; set; }

    /// <summary>How long the question stays open.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan? Window { get; set; }

    public const string DefaultQuestion =
        "{ProgramName}: Reply Y to confirm you want marketing texts from {ProgramName}. Msg frequency varies. Msg&data rates may apply. Reply STOP to opt out.";

    public const string DefaultConfirmation =
        "{ProgramName}: Thanks, you will get marketing texts from {ProgramName}. Msg frequency varies. Msg&data rates may apply. Reply HELP for help, STOP to opt out.";

    public static readonly IReadOnlyList<string> DefaultAnswers = ["Y", "YES"];

    public static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(24);
}
