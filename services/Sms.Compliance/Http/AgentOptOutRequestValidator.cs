using Sms.Compliance.Consent;

namespace Sms.Compliance.Http;

/// <summary>
/// An agent's opt-out over the API: the rules of every agent opt-out (<see cref="AgentOptOuts.Problems"/>), and texts a
/// store can keep, which a caller can correct (a command from the bus is kept with the character replaced instead,
/// <see cref="AgentOptOuts.Event"/>). Every problem at once. Pure.
/// </summary>
public static class AgentOptOutRequestValidator
{
    /// <param name="number">The path's number.</param>
    /// <param name="request">The body.</param>
    /// <param name="idempotencyKey">The request's <see cref="ConsentRequestValidator.IdempotencyKeyHeader"/>, if any.</param>
    public static ValidationRefusal? Validate(string number, AgentOptOutRequest request, string? idempotencyKey)
    {
        var errors = AgentOptOuts.Problems(number, request.Agent, request.Reason).ToDictionary(p => p.Key, p => new[] { p.Value });
        if (!errors.ContainsKey("agent") && request.Agent is not null && ConsentLimits.TextProblem(request.Agent, ConsentLimits.MaxAgentLength) is { } agentProblem)
            errors["agent"] = [agentProblem];
        if (!errors.ContainsKey("reason") && request.Reason is not null && ConsentLimits.TextProblem(request.Reason, ConsentLimits.MaxEvidenceLength) is { } reasonProblem)
            errors["reason"] = [reasonProblem];
        if (ConsentRequestValidator.PurposesProblem(request.Purposes, out _) is { } purposesProblem)
            errors["purposes"] = [purposesProblem];
        if (ConsentRequestValidator.IdempotencyKey(idempotencyKey) is { Error: { } keyError })
            errors[ConsentRequestValidator.IdempotencyKeyHeader] = [keyError];
        return errors.Count > 0 ? new ValidationRefusal(errors, "The opt-out cannot be recorded") : null;
    }
}
