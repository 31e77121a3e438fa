using System.Globalization;

namespace Sms.Ingress.Http;

/// <summary>
/// Reads the <c>limit</c> of <c>GET /v1/rejected-webhooks</c>: a whole number from 1 to what is kept
/// (<c>Ingress:RejectedWebhooksKept</c>), or <see cref="RejectedWebhooksEndpoints.DefaultLimit"/> (at most what is kept)
/// when absent. Read as text, so that one that is not a number is refused naming it, not as a bare binding failure. Pure.
/// </summary>
public static class RejectedWebhooksRequestValidator
{
    /// <param name="limit">The query parameter as sent; null when absent.</param>
    /// <param name="kept">How many refused webhooks are kept.</param>
    /// <returns>How many to list; null when <paramref name="limit"/> is not acceptable (<see cref="LimitError"/>).</returns>
    public static int? Limit(string? limit, int kept)
    {
        var take = Math.Min(RejectedWebhooksEndpoints.DefaultLimit, kept);
        if (limit is not null && !int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take < 1 || take > kept)
            return null;
        return take;
    }

    /// <summary>What a refused limit is told, under <c>errors.limit</c>.</summary>
    public static string LimitError(int kept) => $"Must be between 1 and {kept}.";
}
