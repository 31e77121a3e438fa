using Microsoft.Extensions.Options;

namespace Sms.Conversations.Csat;

public static class CsatExtensions
{
    /// <summary>The satisfaction survey: <c>Inbox:Csat</c> checked at start (<see cref="CsatOptionsValidator"/>).</summary>
    public static IServiceCollection AddCsat(this IServiceCollection services)
    {
        services.AddOptions<CsatOptions>().BindConfiguration(CsatOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CsatOptions>, CsatOptionsValidator>();
        return services;
    }
}
