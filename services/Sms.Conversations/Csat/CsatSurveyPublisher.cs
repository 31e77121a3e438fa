using MassTransit;
using Microsoft.Extensions.Options;
using Sms.Conversations.Data;
using Sms.ServiceDefaults.Messaging.Watchdog;

namespace Sms.Conversations.Csat;

/// <summary>
/// Asks the customer to rate a conversation an agent has just resolved (when <see cref="CsatOptions.Enabled"/>).
/// Runs after the resolve committed and never undoes it: the survey is published at most once per call, and a
/// publish that fails is logged and not retried, so that resolution is not asked about (a survey is "asked" in the
/// metrics only once the carrier accepted it, so a lost one does not lower the response rate). Two calls for one
/// resolution publish the same message id (<see cref="CsatSurveys.Survey"/>).
/// </summary>
public sealed class CsatSurveyPublisher(
    CsatStore store, IPublishEndpoint bus, BusActivity activity, IOptions<CsatOptions> options, TimeProvider time,
    ILogger<CsatSurveyPublisher> logger)
{
    /// <param name="statusBefore">The conversation's status before the resolve (<see cref="CsatSurveys.ShouldAsk"/>).</param>
    public async Task AfterResolveAsync(Guid conversationId, string statusBefore, CancellationToken cancellationToken)
    {
        if (!CsatSurveys.ShouldAsk(options.Value, statusBefore)
            || await store.ResolutionAsync(conversationId, cancellationToken) is not { } resolution)
            return;
        var survey = CsatSurveys.Survey(options.Value, resolution, time.GetUtcNow());
        try
        {
            await activity.TrackPublishAsync(bus, survey, cancellationToken);
            logger.SurveyPublished(survey.MessageId, conversationId);
        }
        catch (Exception e)
        {
            logger.SurveyNotPublished(e, survey.MessageId, conversationId);
        }
    }
}
