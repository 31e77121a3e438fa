using Sms.Compliance.Extensions;

namespace Sms.Compliance.Keywords;

/// <summary>
/// The keyword classifier of each consent scope: a brand with <c>Compliance:Brands:{brand}:Keywords:*</c> gets its own
/// sets (each set it leaves out is the deployment's), every other scope the deployment's (<see cref="KeywordOptions"/>).
/// </summary>
public sealed class KeywordClassifiers
{
    private readonly KeywordClassifier _default;
    private readonly Dictionary<string, KeywordClassifier> _byBrand = new(StringComparer.Ordinal);

    public KeywordClassifiers(KeywordOptions deployment, ComplianceOptions compliance)
    {
        _default = new KeywordClassifier(deployment);
        foreach (var (brand, options) in compliance.Brands)
        {
            if (options.Keywords is not { } own) continue;
            _byBrand[brand] = new KeywordClassifier(new KeywordOptions
            {
                OptOut = own.OptOut ?? deployment.OptOut,
                OptIn = own.OptIn ?? deployment.OptIn,
                OptInWhenOptedOut = own.OptInWhenOptedOut ?? deployment.OptInWhenOptedOut,
                Help = own.Help ?? deployment.Help,
                OptOutPhrases = own.OptOutPhrases ?? deployment.OptOutPhrases,
                Languages = own.Languages ?? deployment.Languages,
                OptOutThreshold = deployment.OptOutThreshold,
                ReviewThreshold = deployment.ReviewThreshold,
            });
        }
    }

    public KeywordClassifier For(string scope) => _byBrand.GetValueOrDefault(scope, _default);
}
