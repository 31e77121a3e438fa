using Microsoft.Extensions.Options;

namespace Sms.Conversations.Teams;

public static class TeamsExtensions
{
    /// <summary>
    /// Teams: <c>Inbox:Teams</c> checked at start (<see cref="TeamsOptionsValidator"/>), and the
    /// <see cref="TeamDirectory"/> built from it for routing and assignment.
    /// </summary>
    public static IHostApplicationBuilder AddTeams(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TeamsOptions>().BindConfiguration(TeamsOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TeamsOptions>, TeamsOptionsValidator>();
        builder.Services.AddSingleton(services => new TeamDirectory(services.GetRequiredService<IOptions<TeamsOptions>>().Value));
        return builder;
    }
}
