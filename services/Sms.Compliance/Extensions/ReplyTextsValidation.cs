using Microsoft.Extensions.Options;
using Sms.Compliance.Keywords;

namespace Sms.Compliance.Extensions;

/// <summary>
/// Refuses to start with reply texts a carrier would reject or a customer could not act on (see
/// <see cref="KeywordReplies.Problems"/>): the deployment's and every brand's, as they will be sent.
/// </summary>
public sealed class ReplyTextsValidation(IOptions<ReplyOptions> replies) : IValidateOptions<ComplianceOptions>
{
    public ValidateOptionsResult Validate(string? name, ComplianceOptions options)
    {
        var problems = KeywordReplies.Problems(options, replies.Value);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
