using Sms.Compliance.Consent;
using Sms.Contracts.Outbound;

namespace Sms.Compliance.Data;

/// <summary>
/// The store a dry run is decided with (<see cref="SendDecider"/>): the contact zones, frequency-cap histories and
/// budget use of one request's sends, read up front in a few batched reads (<see cref="LoadAsync"/>), then counted in
/// memory only. Sends of one request count against each other as the real run's will, and nothing is written: the cap
/// and budget counters in Redis are left as they were.
/// </summary>
public sealed class DryRunSendDecisionStore : ISendDecisionStore
{
    private readonly IReadOnlyDictionary<string, TimeZoneInfo> _zones;
    private readonly IReadOnlyDictionary<(string Scope, string Day), DailyBudgetUse> _budgets;
    private readonly IReadOnlyDictionary<(string Scope, string Number), FrequencyCapHistory> _frequencies;

    private DryRunSendDecisionStore(
        IReadOnlyDictionary<string, TimeZoneInfo> zones,
        IReadOnlyDictionary<(string Scope, string Day), DailyBudgetUse> budgets,
        IReadOnlyDictionary<(string Scope, string Number), FrequencyCapHistory> frequencies)
    {
        _zones = zones;
        _budgets = budgets;
        _frequencies = frequencies;
    }

    /// <summary>What the sends' decisions at <paramref name="at"/> may read: one query for the zones, reads of Redis side by side.</summary>
    /// <param name="sends">The request's sends, each with its consent scope.</param>
    /// <param name="at">The moment decided for.</param>
    public static async Task<DryRunSendDecisionStore> LoadAsync(
        IReadOnlyList<(SendSms Send, string Scope)> sends,
        DateTimeOffset at,
        ContactTimeZones contactTimeZones,
        FrequencyCaps frequencyCaps,
        FrequencyCapCounter frequencyCapCounter,
        DailyBudgets dailyBudgets,
        DailyBudgetCounter dailyBudgetCounter,
        CancellationToken cancellationToken)
    {
        var zones = contactTimeZones.GetManyAsync(sends.Select(s => s.Send.To).ToList(), cancellationToken);

        var frequencyReads = sends
            .Where(s => FrequencyCaps.Counts(s.Send))
            .Select(s => (s.Scope, Number: s.Send.To))
            .Distinct()
            .Select(key => (Key: key, Read: frequencyCapCounter.ReadAsync(key.Scope, key.Number, frequencyCaps.For(key.Scope, key.Number).Longest, at)))
            .ToList();

        var budgetReads = sends
            .Select(s => (s.Send, s.Scope, Budget: dailyBudgets.For(s.Scope)))
            .Where(s => s.Budget is not null && DailyBudgets.Counts(s.Budget, s.Send))
            .GroupBy(s => s.Scope)
            .Select(g =>
            {
                var budget = g.First().Budget!;
                return (Key: (g.Key, budget.Day(at)), Read: dailyBudgetCounter.ReadAsync(g.Key, budget, at, g.Select(s => s.Send.MessageId).ToList()));
            })
            .ToList();

        await Task.WhenAll([zones, .. frequencyReads.Select(r => r.Read), .. budgetReads.Select(r => r.Read)]);
        return new DryRunSendDecisionStore(
            zones.Result,
            budgetReads.ToDictionary(r => r.Key, r => r.Read.Result),
            frequencyReads.ToDictionary(r => r.Key, r => r.Read.Result));
    }

    public Task<TimeZoneInfo?> ContactZoneAsync(string number, CancellationToken cancellationToken) =>
        Task.FromResult(_zones.GetValueOrDefault(number));

    public Task<bool> TryUseBudgetAsync(string scope, DailyBudget budget, Guid messageId, DateTimeOffset now) =>
        Task.FromResult(Budget(scope, budget, now).TryUse(messageId, budget));

    public Task ReturnBudgetAsync(string scope, DailyBudget budget, Guid messageId, DateTimeOffset now)
    {
        Budget(scope, budget, now).Return(messageId);
        return Task.CompletedTask;
    }

    public Task<FrequencyCapCheck> TryCountFrequencyAsync(string scope, string number, Guid messageId, FrequencyCapRules rules, DateTimeOffset now) =>
        Task.FromResult(_frequencies.TryGetValue((scope, number), out var history)
            ? history.TryCount(messageId, rules, now)
            : throw new InvalidOperationException("The dry run decided a frequency cap it did not read."));

    private DailyBudgetUse Budget(string scope, DailyBudget budget, DateTimeOffset now) =>
        _budgets.TryGetValue((scope, budget.Day(now)), out var use)
            ? use
            : throw new InvalidOperationException("The dry run decided a daily budget it did not read.");
}
