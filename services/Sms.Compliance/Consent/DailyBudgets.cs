using System.Globalization;
using Sms.Compliance.Extensions;
using Sms.Contracts.Outbound;

namespace Sms.Compliance.Consent;

/// <summary>One brand's daily budget: how many sends a day, the day's zone and the categories counted; null when none.</summary>
public sealed record DailyBudget(int Messages, TimeZoneInfo Zone, IReadOnlySet<SmsCategory> Categories)
{
    /// <summary>The day <paramref name="at"/> falls in, in the budget's zone (<c>2026-12-06</c>).</summary>
    public string Day(DateTimeOffset at) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Zone).DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The start of the next day after <paramref name="at"/> in the budget's zone: when an overflow is decided again.</summary>
    public DateTimeOffset NextDayStart(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, Zone).DateTime;
        var midnight = DateOnly.FromDateTime(local).AddDays(1).ToDateTime(TimeOnly.MinValue);
        // A midnight skipped by a clock change starts the day at the first valid local time.
        while (Zone.IsInvalidTime(midnight)) midnight = midnight.AddMinutes(30);
        return new DateTimeOffset(midnight, Zone.GetUtcOffset(midnight));
    }

    /// <summary>The <c>SmsDeferred.Detail</c> of an overflow held until <paramref name="until"/>.</summary>
    public string Detail(string scope, DateTimeOffset until) => string.Create(CultureInfo.InvariantCulture,
        $"Daily budget of {scope} ({Messages} messages a day, days in {Zone.Id}) used up; held until {until.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z, when the next day starts.");
}

/// <summary>
/// The daily budget of each brand (<see cref="DailyBudgetOptions"/>: the brand's values, else the deployment's) and
/// which sends it counts. Pure; the count itself is atomic in Redis (<c>Data/DailyBudgetCounter</c>).
/// </summary>
public sealed class DailyBudgets
{
    private readonly DailyBudget? _default;
    private readonly Dictionary<string, DailyBudget?> _byBrand = new(StringComparer.Ordinal);

    public DailyBudgets(ComplianceOptions program, DailyBudgetOptions deployment)
    {
        _default = Budget(brand: null, deployment);
        foreach (var (name, brand) in program.Brands)
            _byBrand[name] = Budget(brand, deployment);
    }

    /// <summary>The brand's budget; null when it has none.</summary>
    public DailyBudget? For(string scope) => _byBrand.TryGetValue(scope, out var own) ? own : _default;

    /// <summary>Whether the budget counts this send: one of its categories, and never Compliance's own replies.</summary>
    public static bool Counts(DailyBudget budget, SendSms request) =>
        budget.Categories.Contains(request.Category) && !SendPolicy.IsComplianceReply(request);

    private static DailyBudget? Budget(BrandOptions? brand, DailyBudgetOptions deployment)
    {
        var own = brand?.DailyBudget;
        var messages = own?.Messages ?? deployment.Messages;
        if (messages is not > 0) return null;
        var zone = own?.TimeZone ?? deployment.TimeZone ?? "UTC";
        var categories = own?.Categories ?? deployment.Categories ?? [SmsCategory.Marketing];
        return new DailyBudget(messages.Value, TimeZoneInfo.FindSystemTimeZoneById(zone), categories.ToHashSet());
    }
}
