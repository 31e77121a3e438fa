using Sms.Compliance.Consent;

namespace Sms.Compliance.Data;

/// <summary>
/// The store a real send is decided with (<see cref="SendDecider"/>): the contact's zone from the database, and the
/// daily budget and frequency cap counted in Redis, each in one atomic step shared by every instance.
/// </summary>
public sealed class LiveSendDecisionStore(
    ContactTimeZones contactTimeZones, FrequencyCapCounter frequencyCapCounter, DailyBudgetCounter dailyBudgetCounter) : ISendDecisionStore
{
    public Task<TimeZoneInfo?> ContactZoneAsync(string number, CancellationToken cancellationToken) =>
        contactTimeZones.GetAsync(number, cancellationToken);

    public Task<bool> TryUseBudgetAsync(string scope, DailyBudget budget, Guid messageId, DateTimeOffset now) =>
        dailyBudgetCounter.TryUseAsync(scope, budget, messageId, now);

    public Task ReturnBudgetAsync(string scope, DailyBudget budget, Guid messageId, DateTimeOffset now) =>
        dailyBudgetCounter.ReturnAsync(scope, budget, messageId, now);

    public Task<FrequencyCapCheck> TryCountFrequencyAsync(string scope, string number, Guid messageId, FrequencyCapRules rules, DateTimeOffset now) =>
        frequencyCapCounter.TryCountAsync(scope, number, messageId, rules, now);
}
