using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace Sms.Campaigns.Extensions;

/// <summary>
/// The inbox page calls Campaigns from its own origin with an inbox pass (README, "The Campaigns page"), so Campaigns
/// lets the inbox's origins (<c>Campaigns:InboxOrigins</c>) make those cross-origin calls: GET, POST, PUT and DELETE
/// with <c>Authorization</c> and <c>Content-Type</c>, no cookies. No origin configured: no browser may.
/// </summary>
public static class InboxCors
{
    public const string Policy = "inbox";

    /// <summary>The policy, from <see cref="CampaignsOptions.InboxOrigins"/>.</summary>
    public static IServiceCollection AddInboxCors(this IServiceCollection services)
    {
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<CampaignsOptions>>((cors, campaigns) =>
            cors.AddPolicy(Policy, policy => policy
                .WithOrigins([.. campaigns.Value.InboxOrigins.Select(o => o.TrimEnd('/'))])
                .WithMethods("GET", "POST", "PUT", "DELETE")
                .WithHeaders("Authorization", "Content-Type")
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        return services;
    }

    /// <summary>
    /// First in the pipeline, before authentication: a 401 for an expired pass must carry the CORS headers too, or the
    /// page could not read it and renew its pass. Authentication and authorization follow explicitly, in that order.
    /// </summary>
    public static WebApplication UseInboxCors(this WebApplication app)
    {
        app.UseCors(Policy);
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
