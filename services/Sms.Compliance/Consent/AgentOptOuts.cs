using Sms.Contracts.Compliance;
using Sms.ServiceDefaults.Numbers;

namespace Sms.Compliance.Consent;

/// <summary>
/// A person (an agent in the inbox) opting a number out: what such a request must hold, and the ledger event it
/// becomes (source agent, rule <c>agent:{who}</c>, evidence the reason). Shared by <c>POST /v1/consent/{number}/opt-out</c>
/// and the <see cref="RecordOptOut"/> command. Pure.
/// </summary>
public static class AgentOptOuts
{
    public const int MaxAgentLength = 200;

    public const string RulePrefix = "agent:";

    /// <summary>
    /// What is wrong with the request, by field (<c>number</c>, <c>agent</c>, <c>reason</c>); empty when it can be
    /// recorded. The texts never repeat the number.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Problems(string? number, string? agent, string? reason)
    {
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!PhoneNumbers.IsE164(number))
            problems["number"] = "Must be an E.164 phone number: a plus and 7 to 15 digits, e.g. +447700900001.";
        if (string.IsNullOrWhiteSpace(agent) || agent.Trim().Length > MaxAgentLength)
            problems["agent"] = $"Name the agent who opts the number out (at most {MaxAgentLength} characters).";
        if (reason is { Length: > ConsentCsv.MaxEvidenceLength })
            problems["reason"] = $"At most {ConsentCsv.MaxEvidenceLength} characters.";
        return problems;
    }

    /// <summary>The ledger event of a request that has no <see cref="Problems"/>.</summary>
    /// <param name="evidenceMessageId">The inbound message the opt-out answers, when the agent names one.</param>
    public static ConsentEvent Event(
        string number, string scope, string agent, string? reason, Guid? evidenceMessageId, DateTimeOffset occurredAt) => new()
    {
        Number = number,
        Scope = scope,
        Kind = ConsentKind.OptOut,
        Source = ConsentSource.Agent,
        Rule = RulePrefix + agent.Trim(),
        EvidenceMessageId = evidenceMessageId,
        EvidenceText = string.IsNullOrWhiteSpace(reason) ? null : reason,
        OccurredAt = occurredAt,
    };
}
