using MassTransit;
using Microsoft.Extensions.Options;
using Sms.Contracts.Outbound;
using Sms.Router.Data;
using Sms.Router.Extensions;
using Sms.Router.Sessions;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Router.Consumers;

/// <summary>A sent message that asks the customer something opens a session for the reply.</summary>
public sealed class SmsSentConsumer(SessionStore store, IOptions<RouterOptions> options, ILogger<SmsSentConsumer> logger)
    : IConsumer<SmsSent>
{
    public async Task Consume(ConsumeContext<SmsSent> context)
    {
        var session = ConversationSession.FromSent(context.Message, options.Value.DefaultSessionTtl);
        if (session is null) return;

        var result = await store.SaveAsync(session, context.CancellationToken);
        if (result == SessionSaveResult.Stored)
        {
            RouterMetrics.SessionsOpened.Add(1);
            logger.SessionOpened(session.Id, session.SessionType, Redact.Phone(session.CustomerNumber), session.BusinessNumber, session.ExpiresAt);
        }
        else
        {
            logger.SessionNotStored(session.Id, result.ToString());
        }
    }
}
