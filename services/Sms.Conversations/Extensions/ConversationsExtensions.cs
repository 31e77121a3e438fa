using Sms.Conversations.Data;

namespace Sms.Conversations.Extensions;

public static class ConversationsExtensions
{
    /// <summary>The service's own parts: the thread store, and problem details for every error the API answers.</summary>
    public static IHostApplicationBuilder AddConversations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ConversationStore>();
        builder.Services.AddProblemDetails();
        return builder;
    }
}
