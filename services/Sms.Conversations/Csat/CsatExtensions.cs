using Microsoft.Extensions.Options;
using Sms.Conversations.Data;

namespace Sms.Conversations.Csat;

public static class CsatExtensions
{
    /// <summary>
    /// The satisfaction survey: <c>Inbox:Csat</c> checked at start (<see cref="CsatOptionsValidator"/>), its store, and
    /// the publisher the resolve endpoint calls, and what stores the customers' scores (<see cref="CsatAnswers"/>).
    /// </summary>
    public static IServiceCollection AddCsat(this IServiceCollection services)
    {
        services.AddOptions<CsatOptions>().BindConfiguration(CsatOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CsatOptions>, CsatOptionsValidator>();
        services.AddSingleton<CsatStore>();
        services.AddSingleton<CsatAnswers>();
        services.AddScoped<CsatSurveyPublisher>();
        return services;
    }
}
