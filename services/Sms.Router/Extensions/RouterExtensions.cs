using Microsoft.Extensions.Options;
using Sms.Router.Data;
using Sms.Router.Replies;
using Sms.Router.Sessions;

namespace Sms.Router.Extensions;

public static class RouterExtensions
{
    /// <summary>The router's options (validated on start), session store and reply decisions. Needs <c>AddSmsRedis()</c>.</summary>
    public static IHostApplicationBuilder AddRouter(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRouterServices();
        return builder;
    }

    internal static IServiceCollection AddRouterServices(this IServiceCollection services)
    {
        services.AddOptions<RouterOptions>()
            .BindConfiguration(RouterOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ReplyNormalizer>();
        services.AddSingleton<SessionResolver>();
        services.AddSingleton(sp => new ReplyDecider(
            sp.GetRequiredService<ReplyNormalizer>(),
            sp.GetRequiredService<SessionResolver>(),
            sp.GetRequiredService<IOptions<RouterOptions>>().Value.Acknowledgement));
        services.AddSingleton<SessionStore>();
        return services;
    }
}
