namespace Sms.Compliance.Extensions;

/// <summary>
/// How many marketing messages one number may get, from <c>Compliance:FrequencyCaps:*</c>, for every brand without its
/// own (<c>Compliance:Brands:{brand}:FrequencyCaps:*</c>; a value a brand leaves out is the deployment's). Each rule is a
/// count in a rolling window (<c>Compliance:FrequencyCaps:Rules:0:Messages=1</c>, <c>…:Rules:0:Window=16:00:00</c>);
/// a marketing send that would exceed any rule is suppressed (<c>FrequencyCapped</c>). Counted across every campaign
/// and flow of the brand; replies to a customer's message and informational messages neither count nor are capped.
/// </summary>
public sealed class FrequencyCapOptions
{
    public const string Section = "Compliance:FrequencyCaps";

    /// <summary>Whether marketing is capped at all.</summary>
    public bool? Enabled { get; set; }

    /// <summary>The rules; all of them hold. Null: the defaults (<see cref="DefaultRules"/>).</summary>
    public FrequencyCapRule[]? Rules { get; set; }

    /// <summary>At most one marketing message in 16 hours and three in 7 days to one number.</summary>
    public static readonly IReadOnlyList<FrequencyCapRule> DefaultRules =
    [
        new() { Messages = 1, Window = TimeSpan.FromHours(16) },
        new() { Messages = 3, Window = TimeSpan.FromDays(7) },
    ];

    public const string InvalidRules =
        "Compliance:FrequencyCaps (and Compliance:Brands:*:FrequencyCaps): each rule needs Messages from 1 to 10000 and a Window from 00:01:00 to 90.00:00:00.";

    /// <summary>Whether every rule has a usable count and window (checked on start, <see cref="InvalidRules"/>).</summary>
    public static bool AreValid(IEnumerable<FrequencyCapRule>? rules) =>
        (rules ?? []).All(r => r.Messages is >= 1 and <= 10_000 && r.Window >= TimeSpan.FromMinutes(1) && r.Window <= TimeSpan.FromDays(90));
}

/// <summary>At most <see cref="Messages"/> marketing messages to one number in any <see cref="Window"/>.</summary>
public sealed class FrequencyCapRule
{
    public int Messages { get; set; }

    public TimeSpan Window { get; set; }
}
