namespace Sms.Contracts.Routing;

/// <summary>
/// Command to the router: start a configured multi-step conversation (a flow, <c>Router:Flows:{name}</c>) with a
/// customer. The router sends the flow's first step as a prompt; each reply or no-reply timeout moves the flow on.
/// </summary>
public sealed record StartFlow
{
    /// <summary>The caller's id for this run of the flow: the idempotency key (the same id starts the flow once).</summary>
    public required Guid FlowRunId { get; init; }

    /// <summary>The flow's name as configured, e.g. <c>post_purchase_feedback</c>.</summary>
    public required string FlowName { get; init; }

    /// <summary>The customer's number, E.164.</summary>
    public required string CustomerNumber { get; init; }

    /// <summary>Our number the flow runs on. Null: the deployment's default sender.</summary>
    public string? BusinessNumber { get; init; }

    public string? CampaignId { get; init; }

    /// <summary>The caller's business context, handed back with every classified reply of the run, e.g. an order id.</summary>
    public IReadOnlyDictionary<string, string> Context { get; init; } = new Dictionary<string, string>();

    public required DateTimeOffset RequestedAt { get; init; }
}
