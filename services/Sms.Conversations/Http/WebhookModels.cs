using Sms.Conversations.Data;

namespace Sms.Conversations.Http;

/// <summary>The body of <c>POST /v1/webhooks</c> and <c>PUT /v1/webhooks/{id}</c>.</summary>
/// <param name="Url">Where events are posted: an absolute http or https URL.</param>
/// <param name="EventTypes">Which events (<c>GET /v1/webhooks/event-types</c>), at least one.</param>
/// <param name="Enabled">On a PUT: switch it on or off (on again clears its failure record); null keeps it as it is.</param>
public sealed record WebhookSubscriptionRequest(string? Url, IReadOnlyList<string>? EventTypes, string? Description = null, bool? Enabled = null);

/// <summary>A subscription as the API shows it: never its secret, which only its creation answers.</summary>
/// <param name="FailingSince">Every attempt failed since then (none delivered); null when it is not failing.</param>
/// <param name="DisabledReason">Why it is off: by an admin, or failing for a day (the inbox shows these to admins).</param>
public sealed record WebhookSubscriptionView(
    Guid Id, string Url, IReadOnlyList<string> EventTypes, bool Enabled, string? Description, DateTimeOffset CreatedAt, string CreatedBy,
    DateTimeOffset? FailingSince, DateTimeOffset? DisabledAt, string? DisabledReason)
{
    public static WebhookSubscriptionView Of(WebhookSubscriptionRow row) => new(
        row.Id, row.Url, row.EventTypes, row.Enabled, row.Description, Utc(row.CreatedAt), row.CreatedBy,
        row.FailingSince is { } failing ? Utc(failing) : null, row.DisabledAt is { } disabled ? Utc(disabled) : null, row.DisabledReason);

    internal static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}

/// <summary>The answer to a creation: the subscription and its signing secret, shown this once.</summary>
public sealed record WebhookSubscriptionCreated(WebhookSubscriptionView Subscription, string Secret);

/// <summary>One attempt of a delivery: the receiver's status code (null: no answer), how long it took, what failed.</summary>
public sealed record WebhookAttemptView(DateTimeOffset At, int? StatusCode, int LatencyMs, string? Error);

/// <summary>
/// One delivery of the log: the event (its id is the <c>Sms-Webhook-Id</c> the receiver saw), <c>pending</c>,
/// <c>delivered</c> or <c>failed</c> (given up), and every attempt.
/// </summary>
public sealed record WebhookDeliveryView(
    long Id, Guid EventId, string Type, Guid? ConversationId, string State, int Attempts, DateTimeOffset QueuedAt,
    DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt, int? LastStatusCode, string? LastError,
    IReadOnlyList<WebhookAttemptView> AttemptLog)
{
    public static WebhookDeliveryView Of(WebhookDeliveryRow row) => new(
        row.Id, row.EventId, row.Type, row.ConversationId, row.State, row.Attempts, WebhookSubscriptionView.Utc(row.QueuedAt),
        row.State == "pending" ? WebhookSubscriptionView.Utc(row.NextAttemptAt) : null,
        row.DeliveredAt is { } delivered ? WebhookSubscriptionView.Utc(delivered) : null, row.LastStatusCode, row.LastError,
        row.AttemptLog.Select(a => new WebhookAttemptView(WebhookSubscriptionView.Utc(a.AttemptedAt), a.StatusCode, a.LatencyMs, a.Error)).ToList());
}

/// <summary>A page of deliveries, newest first; pass <c>nextBefore</c> as <c>before</c> for the next (null: no more).</summary>
public sealed record WebhookDeliveryPage(IReadOnlyList<WebhookDeliveryView> Items, long? NextBefore);
