using System.Text.Json;
using Microsoft.Extensions.Options;
using Sms.Contracts.Conversations;
using Sms.Router.Extensions;
using Sms.Router.Handoff;
using Sms.ServiceDefaults.Numbers;
using StackExchange.Redis;

namespace Sms.Router.Data;

/// <summary>
/// Who owns each conversation (<see cref="ConversationOwnership"/>), in Redis beside the sessions:
/// <c>sms:owner:{customer}:{business number}</c>, the ownership as JSON. A conversation people own is remembered for
/// <c>Router:Handoff:PeopleOwnershipLimit</c> after its last change (so a lost event cannot keep the automation quiet
/// for ever), one the automation owns for <see cref="AutomationMemory"/> (long enough to tell a late event from a new one).
/// A change is written only if the key still holds what it was decided from, and decided again otherwise.
/// </summary>
public sealed class OwnershipStore(IConnectionMultiplexer redis, IOptions<RouterOptions> options)
{
    public static readonly TimeSpan AutomationMemory = TimeSpan.FromDays(30);

    private const int MaxAttempts = 10;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Key(string customerNumber, string businessNumber) =>
        $"sms:owner:{PhoneNumbers.Canonical(customerNumber)}:{PhoneNumbers.Canonical(businessNumber)}";

    public async Task<ConversationOwnership> GetAsync(string customerNumber, string businessNumber)
    {
        var stored = await redis.GetDatabase().StringGetAsync(Key(customerNumber, businessNumber));
        return Parse(stored);
    }

    /// <summary>Conversations' event applied (<see cref="ConversationOwnership.Apply"/>); returns the ownership now.</summary>
    public Task<ConversationOwnership> ApplyAsync(ConversationOwnerChanged changed) =>
        UpdateAsync(changed.CustomerNumber, changed.BusinessNumber, current => current.Apply(changed));

    /// <summary>The Router escalated a customer's message: people own the conversation from <paramref name="at"/>.</summary>
    public Task<ConversationOwnership> MarkEscalatedAsync(string customerNumber, string businessNumber, Guid inboundMessageId, DateTimeOffset at) =>
        UpdateAsync(customerNumber, businessNumber, current => current.Escalated(at, inboundMessageId));

    private async Task<ConversationOwnership> UpdateAsync(
        string customerNumber, string businessNumber, Func<ConversationOwnership, ConversationOwnership> change)
    {
        var db = redis.GetDatabase();
        var key = Key(customerNumber, businessNumber);
        for (var attempt = 1; ; attempt++)
        {
            var stored = await db.StringGetAsync(key);
            var current = Parse(stored);
            var next = change(current);
            if (next == current) return current;

            var transaction = db.CreateTransaction();
            transaction.AddCondition(stored.IsNull ? Condition.KeyNotExists(key) : Condition.StringEqual(key, stored));
            _ = transaction.StringSetAsync(key, JsonSerializer.Serialize(next, Json), next.PeopleOwn ? options.Value.Handoff.PeopleOwnershipLimit : AutomationMemory);
            if (await transaction.ExecuteAsync()) return next;
            if (attempt == MaxAttempts)
                throw new InvalidOperationException($"The owner of a conversation kept changing while it was written ({attempt} attempts).");
        }
    }

    private static ConversationOwnership Parse(RedisValue stored) =>
        stored.IsNullOrEmpty ? ConversationOwnership.Automation : JsonSerializer.Deserialize<ConversationOwnership>(stored.ToString(), Json)!;
}
