using Sms.Contracts.Outbound;

namespace Sms.Compliance.Extensions;

/// <summary>
/// A brand's daily message budget, like the daily cap a carrier sets for a 10DLC brand, from
/// <c>Compliance:DailyBudget:*</c> for every brand without its own (<c>Compliance:Brands:{brand}:DailyBudget:*</c>; a
/// value a brand leaves out is the deployment's). Sends of the counted categories beyond <see cref="Messages"/> in one
/// day (midnight to midnight in <see cref="TimeZone"/>) are not refused: they are deferred to the next day's start and
/// decided again then. Off unless <see cref="Messages"/> is set.
/// </summary>
public sealed class DailyBudgetOptions
{
    public const string Section = "Compliance:DailyBudget";

    /// <summary>How many sends a day; null or 0: no budget.</summary>
    public int? Messages { get; set; }

    /// <summary>The zone whose midnight starts a day (the carrier's; e.g. <c>America/Los_Angeles</c>). Default UTC.</summary>
    public string? TimeZone { get; set; }

    /// <summary>The categories counted (<c>…:Categories:0=Marketing</c>); default marketing only, so one-time codes are never held.</summary>
    public SmsCategory[]? Categories { get; set; }

    public const string Invalid =
        "Compliance:DailyBudget (and Compliance:Brands:*:DailyBudget): Messages must be from 0 to 100000000 and TimeZone a time zone id such as America/Los_Angeles.";

    /// <summary>Whether the budget can be used (checked on start, <see cref="Invalid"/>).</summary>
    public static bool IsValid(DailyBudgetOptions? options) =>
        options is null
        || (options.Messages is null or (>= 0 and <= 100_000_000)
            && (options.TimeZone is null || TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _)));
}
