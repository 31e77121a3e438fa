using Sms.Compliance.Extensions;
using Sms.Compliance.Keywords;

namespace Sms.Compliance.Consent;

/// <summary>One brand's double opt-in: whether it asks, its two texts filled in, the answers that count and for how long.</summary>
public sealed record DoubleOptInRules(bool Enabled, string Question, string Confirmation, IReadOnlySet<string> Answers, TimeSpan Window)
{
    /// <summary>Whether <paramref name="text"/> as a whole answers yes ("Y", "yes!", "Yes."), once normalised.</summary>
    public bool IsAnswer(string? text) =>
        !string.IsNullOrWhiteSpace(text) && text.Length <= 32 && Answers.Contains(ConsentText.Words(text));
}

/// <summary>
/// The double opt-in rules of each brand (<see cref="DoubleOptInOptions"/>): the brand's values, else the deployment's,
/// else the defaults. Pure.
/// </summary>
public sealed class DoubleOptIns
{
    private readonly DoubleOptInRules _default;
    private readonly Dictionary<string, DoubleOptInRules> _byBrand = new(StringComparer.Ordinal);

    public DoubleOptIns(ComplianceOptions program, DoubleOptInOptions deployment)
    {
        _default = Rules(program, brand: null, deployment);
        foreach (var (name, brand) in program.Brands)
            _byBrand[name] = Rules(program, brand, deployment);
    }

    /// <param name="scope">The brand (consent scope); one without a brand of its own has the deployment's rules.</param>
    public DoubleOptInRules For(string scope) => _byBrand.GetValueOrDefault(scope, _default);

    private static DoubleOptInRules Rules(ComplianceOptions program, BrandOptions? brand, DoubleOptInOptions deployment)
    {
        var own = brand?.DoubleOptIn;
        var programName = brand?.ProgramName ?? program.ProgramName;
        var supportContact = brand?.SupportContact ?? program.SupportContact;
        var answers = own?.Answers ?? deployment.Answers ?? DoubleOptInOptions.DefaultAnswers;
        return new DoubleOptInRules(
            own?.Enabled ?? deployment.Enabled ?? true,
            Fill(own?.Question ?? deployment.Question ?? DoubleOptInOptions.DefaultQuestion),
            Fill(own?.Confirmation ?? deployment.Confirmation ?? DoubleOptInOptions.DefaultConfirmation),
            answers.Where(a => !string.IsNullOrWhiteSpace(a)).Select(ConsentText.Words).ToHashSet(StringComparer.Ordinal),
            own?.Window ?? deployment.Window ?? DoubleOptInOptions.DefaultWindow);

        string Fill(string template) => template
            .Replace("{ProgramName}", programName, StringComparison.Ordinal)
            .Replace("{SupportContact}", supportContact, StringComparison.Ordinal);
    }
}
