using Microsoft.Extensions.Options;
using Sms.Conversations.Csat;
using Sms.Conversations.Http;

namespace Sms.Conversations.Extensions;

/// <summary>
/// <c>Inbox:Csat</c>: whether a conversation an agent resolves asks the customer to rate it, what it asks, how long
/// the answer is understood as a score, and which scores put the conversation back in front of people. Checked at
/// start by <see cref="CsatOptionsValidator"/>. The decisions are in <see cref="CsatSurveys"/>.
/// </summary>
public sealed class CsatOptions
{
    public const string Section = "Inbox:Csat";

    public const string DefaultText = "How did we do? Reply 1-5 (5 = great).";

    /// <summary>Off by default: a deployment decides to text its customers after every resolution.</summary>
    public bool Enabled { get; set; }

    /// <summary>The survey the customer reads; it should say that 1 to 5 are the answers.</summary>
    public string Text { get; set; } = DefaultText;

    /// <summary>How long a reply of 1 to 5 counts as the score (the Router's session time to live).</summary>
    public TimeSpan SessionTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Scores up to this one reopen and flag the conversation; 0: none do.</summary>
    public int LowScore { get; set; } = 2;
}

public sealed class CsatOptionsValidator : IValidateOptions<CsatOptions>
{
    /// <summary>A score given weeks after the resolution says little about it; a longer setting is taken for a typo.</summary>
    public static readonly TimeSpan LongestSessionTtl = TimeSpan.FromDays(30);

    public ValidateOptionsResult Validate(string? name, CsatOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Text))
            problems.Add($"{CsatOptions.Section}:Text must not be empty.");
        else if (options.Text.Length > InputLimits.TextLength)
            problems.Add($"{CsatOptions.Section}:Text must be at most {InputLimits.TextLength} characters ({options.Text.Length} given).");
        if (options.SessionTtl < TimeSpan.FromMinutes(1) || options.SessionTtl > LongestSessionTtl)
            problems.Add($"{CsatOptions.Section}:SessionTtl must be from 00:01:00 to {LongestSessionTtl.TotalDays} days ({options.SessionTtl} given).");
        if (options.LowScore is < 0 or >= CsatSurveys.HighestScore)
            problems.Add($"{CsatOptions.Section}:LowScore must be from 0 (no score reopens) to {CsatSurveys.HighestScore - 1} ({options.LowScore} given).");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
