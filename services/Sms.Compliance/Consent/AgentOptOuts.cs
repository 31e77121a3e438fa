using Sms.Contracts.Compliance;
using Sms.ServiceDefaults.Numbers;
using Sms.ServiceDefaults.Text;

namespace Sms.Compliance.Consent;

/// <summary>
/// A person (an agent in the inbox) opting a number out: what such a request must hold, and the ledger event it
/// becomes (source agent, rule <c>agent:{who}</c>, evidence the reason). Shared by <c>POST /v1/consent/{number}/opt-out</c>
/// and the <see cref="RecordOptOut"/> command. Pure.
/// </summary>
public static class AgentOptOuts
{
    public const int MaxAgentLength = ConsentLimits.MaxAgentLength;

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

    /// <summary>The text as given when every store takes it, else with U+0000 and unpaired surrogates replaced.</summary>
    private static string Storable(string text) => MessageText.Problem(text) is null ? text : MessageText.FromCarrier(text, out _);

    /// <summary>The ledger event of a request that has no <see cref="Problems"/>.</summary>
    /// <param name="evidenceMessageId">The inbound message the opt-out answers, when the agent names one.</param>
    public static ConsentEvent Event(
        string number, string scope, string agent, string? reason, Guid? evidenceMessageId, DateTimeOffset occurredAt) => new()
    {
        Number = number,
        Scope = scope,
        Kind = ConsentKind.OptOut,
        Source = ConsentSource.Agent,
        // The API refuses a name or reason with a character no store takes; a command from the bus is never refused for
        // it (an opt-out must not be lost), so such a character is replaced as in a carrier's text.
        Rule = RulePrefix + MessageText.FromCarrier(agent, out _),
        EvidenceMessageId = evidenceMessageId,
        EvidenceText = string.IsNullOrWhiteSpace(reason) ? null : Storable(reason),
        OccurredAt = occurredAt,
    };
}
