using Microsoft.Extensions.Options;

namespace Sms.Conversations.Teams;

public static class TeamsExtensions
{
    /// <summary>
    /// Teams: <c>Inbox:Teams</c> checked at start (<see cref="TeamsOptionsValidator"/>), and the
    /// <see cref="TeamDirectory"/> built from it for routing and assignment.
    /// </summary>
    public static IServiceCollection AddTeams(this IServiceCollection services)
    {
        services.AddOptions<TeamsOptions>().BindConfiguration(TeamsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TeamsOptions>, TeamsOptionsValidator>();
        services.AddSingleton(provider => new TeamDirectory(provider.GetRequiredService<IOptions<TeamsOptions>>().Value));
        return services;
    }
}
