using Microsoft.Extensions.Options;
using Sms.Compliance.Keywords;

namespace Sms.Compliance.Extensions;

/// <summary>
/// Refuses to start with reply texts a carrier would reject or a customer could not act on (see
/// <see cref="KeywordReplies.Problems"/>): the deployment's and every brand's, in every language, as they will be sent,
/// each help text checked against the opt-out keywords of the brand it answers for.
/// </summary>
public sealed class ReplyTextsValidation(IOptions<ReplyOptions> replies, IOptions<KeywordOptions> keywords) : IValidateOptions<ComplianceOptions>
{
    public ValidateOptionsResult Validate(string? name, ComplianceOptions options)
    {
        var problems = KeywordReplies.Problems(options, replies.Value, keywords.Value);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
