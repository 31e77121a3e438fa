using System.Text.Json;
using Microsoft.Extensions.Options;
using Sms.Ingress.Extensions;
using StackExchange.Redis;

namespace Sms.Ingress.Data;

/// <summary>
/// The last <see cref="IngressOptions.RejectedWebhooksKept"/> webhooks refused as malformed, newest first, in a Redis
/// list under <c>{prefix}rejected</c> (LPUSH then LTRIM), shared by every ingress instance.
/// </summary>
public sealed class RejectedWebhookStore(IConnectionMultiplexer redis, IOptions<IngressOptions> options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public RedisKey Key => $"{options.Value.RedisKeyPrefix}rejected";

    /// <exception cref="RedisException">Redis did not answer.</exception>
    /// <exception cref="RedisTimeoutException">Redis did not answer in time.</exception>
    public async Task KeepAsync(RejectedWebhook rejected)
    {
        var db = redis.GetDatabase();
        await db.ListLeftPushAsync(Key, JsonSerializer.Serialize(rejected, Json));
        await db.ListTrimAsync(Key, 0, options.Value.RejectedWebhooksKept - 1);
    }

    /// <summary>Up to <paramref name="limit"/> of the kept webhooks, newest first.</summary>
    public async Task<IReadOnlyList<RejectedWebhook>> NewestAsync(int limit)
    {
        var values = await redis.GetDatabase().ListRangeAsync(Key, 0, limit - 1);
        var kept = new List<RejectedWebhook>(values.Length);
        foreach (var value in values)
        {
            if (value.IsNullOrEmpty) continue;
            var rejected = JsonSerializer.Deserialize<RejectedWebhook>(value.ToString(), Json);
            if (rejected is not null) kept.Add(rejected);
        }
        return kept;
    }
}
