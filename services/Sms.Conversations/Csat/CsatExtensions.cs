using Microsoft.Extensions.Options;
using Sms.Conversations.Data;

namespace Sms.Conversations.Csat;

public static class CsatExtensions
{
    /// <summary>
    /// The satisfaction survey: <c>Inbox:Csat</c> checked at start (<see cref="CsatOptionsValidator"/>), its store, and
    /// what stores the customers' scores (<see cref="CsatAnswers"/>). The resolve asks (<see cref="ConversationHandoff"/>).
    /// </summary>
    public static IServiceCollection AddCsat(this IServiceCollection services)
    {
        services.AddOptions<CsatOptions>().BindConfiguration(CsatOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CsatOptions>, CsatOptionsValidator>();
        services.AddSingleton<CsatStore>();
        services.AddSingleton<CsatAnswers>();
        return services;
    }
}
