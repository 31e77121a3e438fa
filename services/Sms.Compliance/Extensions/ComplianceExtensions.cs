using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sms.Compliance.Data;
using Sms.Compliance.Keywords;

namespace Sms.Compliance.Extensions;

public static class ComplianceExtensions
{
    /// <summary>The compliance program's options, keyword rules and replies, and the consent ledger.</summary>
    public static IHostApplicationBuilder AddCompliance(this IHostApplicationBuilder builder)
    {
        builder.Services.AddComplianceServices();
        return builder;
    }

    /// <summary>What <see cref="AddCompliance"/> registers; needs <c>IConfiguration</c> and an <c>NpgsqlDataSource</c>.</summary>
    public static IServiceCollection AddComplianceServices(this IServiceCollection services)
    {
        services.AddOptions<ComplianceOptions>()
            .BindConfiguration(ComplianceOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<ReplyOptions>()
            .BindConfiguration(ReplyOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<KeywordOptions>()
            .BindConfiguration(KeywordOptions.Section)
            .Validate(k => k.OptOut is null || k.OptOut.Any(w => !string.IsNullOrWhiteSpace(w)),
                "Compliance:Keywords:OptOut, when set, needs at least one keyword: opting out must always be possible.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new KeywordClassifier(sp.GetRequiredService<IOptions<KeywordOptions>>().Value));
        services.AddSingleton(sp => new KeywordReplies(
            sp.GetRequiredService<IOptions<ComplianceOptions>>().Value,
            sp.GetRequiredService<IOptions<ReplyOptions>>().Value));
        services.AddSingleton<ConsentLedger>();
        return services;
    }
}
