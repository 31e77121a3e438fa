using Microsoft.Extensions.Options;
using Sms.Contracts.Routing;
using Sms.Router.Data;
using Sms.Router.Extensions;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Router.Sessions;

public sealed record ExpiryRound(int Claimed, int Announced);

/// <summary>
/// One round of the expiry poller: claims the sessions whose expiry is due (atomically, so each goes to one instance),
/// announces each unanswered one as <see cref="SessionExpired"/>, then forgets it. A claimant that dies before
/// announcing loses its claim after <c>Router:SessionExpiry:ClaimLease</c>, and another instance announces it.
/// </summary>
public sealed class SessionExpiryProcessor(SessionStore store, IOptions<RouterOptions> options, ILogger<SessionExpiryProcessor> logger)
{
    /// <summary>
    /// Announces what is due through <paramref name="publish"/>: how many expiries were claimed (a full batch means more
    /// may be due) and how many of them were announced (the others were answered meanwhile or are gone).
    /// </summary>
    public async Task<ExpiryRound> RunOnceAsync(Func<SessionExpired, CancellationToken, Task> publish, CancellationToken cancellationToken)
    {
        var settings = options.Value.SessionExpiry;
        var claim = await store.ClaimExpiredAsync(settings.BatchSize, settings.ClaimLease, cancellationToken);
        var announced = 0;
        foreach (var id in claim.SessionIds)
        {
            var session = await store.ReadExpiringAsync(id, claim, cancellationToken);
            if (session is not null)
            {
                await publish(Expired(session), cancellationToken);
                RouterMetrics.SessionsExpired.Add(1);
                logger.SessionExpired(session.Id, session.SessionType, Redact.Phone(session.CustomerNumber), session.BusinessNumber, session.ExpiresAt);
                announced++;
            }
            await store.CompleteExpiryAsync(id, cancellationToken);
        }
        return new ExpiryRound(claim.SessionIds.Count, announced);
    }

    public static SessionExpired Expired(ConversationSession session) => new()
    {
        SessionId = session.Id,
        CustomerNumber = session.CustomerNumber,
        BusinessNumber = session.BusinessNumber,
        SessionType = session.SessionType,
        CampaignId = session.CampaignId,
        Context = session.Context,
        ExpiredAt = session.ExpiresAt,
    };
}
