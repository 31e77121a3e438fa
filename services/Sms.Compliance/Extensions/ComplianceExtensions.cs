using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sms.Compliance.Background;
using Sms.Compliance.Consent;
using Sms.Compliance.Consumers;
using Sms.Compliance.Data;
using Sms.Compliance.Keywords;
using Sms.ServiceDefaults.Hosting;
using Sms.ServiceDefaults.Numbers;

namespace Sms.Compliance.Extensions;

public static class ComplianceExtensions
{
    /// <summary>
    /// The compliance consumers, one per message the service decides on; <c>Program</c> and the tests' harness both
    /// call this, so a consumer added here is on the bus in both. Queue names come from the class names.
    /// </summary>
    public static IBusRegistrationConfigurator AddComplianceConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<SendSmsConsumer>();
        bus.AddConsumer<InboundSmsReceivedConsumer>();
        bus.AddConsumer<SmsDeliveryStatusChangedConsumer>();
        bus.AddConsumer<RecordOptOutConsumer>();
        bus.AddConsumer<SmsSendFailedConsumer>();
        bus.AddConsumer<DecideConsentReviewConsumer>();
        bus.AddConsumer<EvaluateSendsConsumer>();
        return bus;
    }

    /// <summary>
    /// The compliance program's options, keyword rules and replies, the consent ledger and its cache, and the poller that
    /// releases deferred sends. Needs <c>IConfiguration</c>, an <c>NpgsqlDataSource</c> and an <c>IConnectionMultiplexer</c>.
    /// </summary>
    public static IServiceCollection AddComplianceServices(this IServiceCollection services)
    {
        services.AddApiDocument("Sms.Compliance: the consent ledger",
            "Each number's consent and its history, an agent's or a system's opt-in and opt-out, the contact's time zone " +
            "for quiet hours, and the ledger's CSV import and export. Needs an API key (X-Api-Key or Authorization: Bearer).");
        services.AddOptions<ComplianceOptions>()
            .BindConfiguration(ComplianceOptions.Section)
            // The sender Outbound uses for a send without From, unless Compliance is told another.
            .PostConfigure<IConfiguration>((o, configuration) =>
            {
                if (string.IsNullOrWhiteSpace(o.DefaultSender)) o.DefaultSender = ComplianceOptions.OutboundDefaultSender(configuration);
            })
            .ValidateDataAnnotations()
            .Validate(o => o.Brands.Values.All(b => b.Keywords?.OptOut is null || b.Keywords.OptOut.Any(w => !string.IsNullOrWhiteSpace(w))),
                "Compliance:Brands:*:Keywords:OptOut, when set, needs at least one keyword: opting out must always be possible.")
            .Validate(o => o.Brands.SelectMany(b => b.Value.Numbers.Select(n => (Brand: b.Key, Number: PhoneNumbers.Canonical(n))))
                    .GroupBy(x => x.Number).All(g => g.Select(x => x.Brand).Distinct().Count() == 1),
                "Compliance:Brands: a sending number belongs to at most one brand.")
            .Validate(o => o.Brands.Values.All(b => FrequencyCapOptions.AreValid(b.FrequencyCaps?.Rules))
                           && o.Regions.Values.All(r => FrequencyCapOptions.AreValid(r.FrequencyCaps)), FrequencyCapOptions.InvalidRules)
            .Validate(o => o.Brands.Values.All(b => DailyBudgetOptions.IsValid(b.DailyBudget)), DailyBudgetOptions.Invalid)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ComplianceOptions>, ReplyTextsValidation>();
        services.AddOptions<ReplyOptions>()
            .BindConfiguration(ReplyOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<KeywordOptions>()
            .BindConfiguration(KeywordOptions.Section)
            .Validate(k => k.OptOut is null || k.OptOut.Any(w => !string.IsNullOrWhiteSpace(w)),
                "Compliance:Keywords:OptOut, when set, needs at least one keyword: opting out must always be possible.")
            .ValidateDataAnnotations()
            .Validate(k => k.ReviewThreshold <= k.OptOutThreshold,
                "Compliance:Keywords:ReviewThreshold must not exceed OptOutThreshold.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new KeywordClassifier(sp.GetRequiredService<IOptions<KeywordOptions>>().Value));
        services.AddSingleton(sp => new KeywordClassifiers(
            sp.GetRequiredService<IOptions<KeywordOptions>>().Value,
            sp.GetRequiredService<IOptions<ComplianceOptions>>().Value));
        services.AddSingleton(sp => new KeywordReplies(
            sp.GetRequiredService<IOptions<ComplianceOptions>>().Value,
            sp.GetRequiredService<IOptions<ReplyOptions>>().Value));
        services.AddOptions<DoubleOptInOptions>()
            .BindConfiguration(DoubleOptInOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp => new DoubleOptIns(
            sp.GetRequiredService<IOptions<ComplianceOptions>>().Value,
            sp.GetRequiredService<IOptions<DoubleOptInOptions>>().Value));
        services.AddOptions<FrequencyCapOptions>()
            .BindConfiguration(FrequencyCapOptions.Section)
            .Validate(o => FrequencyCapOptions.AreValid(o.Rules), FrequencyCapOptions.InvalidRules)
            .ValidateOnStart();
        services.AddSingleton(sp => new Regions(sp.GetRequiredService<IOptions<ComplianceOptions>>().Value.Regions));
        services.AddSingleton(sp => new FrequencyCaps(
            sp.GetRequiredService<IOptions<ComplianceOptions>>().Value,
            sp.GetRequiredService<IOptions<FrequencyCapOptions>>().Value,
            sp.GetRequiredService<Regions>()));
        services.AddSingleton<FrequencyCapCounter>();
        services.AddOptions<DailyBudgetOptions>()
            .BindConfiguration(DailyBudgetOptions.Section)
            .Validate(DailyBudgetOptions.IsValid, DailyBudgetOptions.Invalid)
            .ValidateOnStart();
        services.AddSingleton(sp => new DailyBudgets(
            sp.GetRequiredService<IOptions<ComplianceOptions>>().Value,
            sp.GetRequiredService<IOptions<DailyBudgetOptions>>().Value));
        services.AddSingleton<DailyBudgetCounter>();
        services.AddSingleton<ConsentReviews>();
        services.AddSingleton(sp => new BrandScopes(sp.GetRequiredService<IOptions<ComplianceOptions>>().Value));
        services.AddOptions<QuietHoursOptions>()
            .BindConfiguration(QuietHoursOptions.Section)
            .ValidateDataAnnotations()
            .Validate(q => TimeZoneInfo.TryFindSystemTimeZoneById(q.DefaultTimeZone, out _),
                "Compliance:QuietHours:DefaultTimeZone must be a time zone id such as Europe/London.")
            .Validate(q => q.Start != q.End, "Compliance:QuietHours: Start and End must differ.")
            .ValidateOnStart();
        services.AddSingleton(sp => new QuietHoursPolicy(sp.GetRequiredService<IOptions<QuietHoursOptions>>().Value, sp.GetRequiredService<Regions>()));
        services.AddSingleton<DeferredSends>();
        services.AddSingleton<SendDecider>();
        services.AddSingleton<LiveSendDecisionStore>();
        services.AddSingleton<SendDryRun>();
        services.AddSingleton<DeferredSendReleaser>();
        services.AddHostedService(sp => sp.GetRequiredService<DeferredSendReleaser>());
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ComplianceOptions>>().Value;
            return new CarrierOptOutSignals(options.CarrierOptOutCodes, options.CarrierOptOutSendCodes);
        });
        services.AddSingleton<CarrierOptOuts>();
        services.AddSingleton<ConsentLedger>();
        services.AddSingleton<ConsentCache>();
        services.AddSingleton<ConsentRecorder>();
        services.AddSingleton<ContactTimeZones>();
        services.AddSingleton<ContactTimeZoneRecorder>();
        services.AddSingleton<KeywordReplyLimiter>();
        return services;
    }
}
