using Microsoft.Extensions.Options;
using Sms.Conversations.Data;
using Sms.Conversations.Handoff;
using Sms.ServiceDefaults.Hosting;
using Sms.Conversations.Extensions;

namespace Sms.Conversations.Background;

/// <summary>
/// Every <see cref="HandoffOptions.SweepInterval"/>: gives idle conversations back to the automation and assigns what
/// waits in the teams' queues to members who have room (an agent who signed in, for instance). Changes that free room
/// drain their team's queue at once; this catches the rest.
/// </summary>
public sealed partial class HandoffSweeper(
    ConversationHandoff handoff, IOptions<HandoffOptions> options, TimeProvider time, ILogger<HandoffSweeper> logger) : PollingService(time)
{
    protected override TimeSpan Interval => options.Value.SweepInterval;

    protected override async Task<bool> RunRoundAsync(CancellationToken cancellationToken)
    {
        await SweepAsync(cancellationToken);
        return false;
    }

    protected override void RoundFailed(Exception exception) => SweepFailed(logger, exception);

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var idle = await handoff.ReturnIdleAsync(cancellationToken);
        var assigned = await handoff.DrainTeamsAsync(cancellationToken);
        if (idle > 0 || assigned > 0)
            Swept(logger, idle, assigned);
    }

    [LoggerMessage(EventId = 5541, Level = LogLevel.Information, Message = "{Idle} idle conversation(s) returned to the automation, {Assigned} assigned from teams' queues")]
    private static partial void Swept(ILogger logger, int idle, int assigned);

    [LoggerMessage(EventId = 5542, Level = LogLevel.Warning, Message = "Returning idle conversations or draining queues failed; trying again on the next sweep")]
    private static partial void SweepFailed(ILogger logger, Exception exception);
}
