using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Sms.Conversations.Extensions;

namespace Sms.Conversations.Tests.Support;

/// <summary>
/// A host with the service's registrations (<c>AddConversationsServices</c>) and the given configuration, for tests of
/// what happens at start: options bound and checked. Its hosted services are left out (they need the bus and the
/// database); the checks at start run without them.
/// </summary>
internal static class ConversationsHost
{
    public static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddConversationsServices().RemoveAll<IHostedService>();
        return builder.Build();
    }
}
