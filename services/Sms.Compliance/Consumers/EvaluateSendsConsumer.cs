using System.ComponentModel.DataAnnotations;
using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Compliance.Data;
using Sms.Compliance.Extensions;
using Sms.Contracts.Compliance;

namespace Sms.Compliance.Consumers;

/// <summary>
/// The dry run (<see cref="EvaluateSends"/>, request/response): answers how each send would be decided at the request's
/// moment, by the same decision as a real send (<see cref="SendDryRun"/>, <see cref="Consent.SendDecider"/>), recording
/// nothing. A request of more than <see cref="EvaluateSends.MaxSends"/> sends is refused: a
/// <see cref="ValidationException"/>, not retried, reaches the requester as a fault (MassTransit's
/// <c>RequestFaultException</c>, naming the limit) and the request is kept in the error queue.
/// </summary>
public sealed class EvaluateSendsConsumer(SendDryRun dryRun, ILogger<EvaluateSendsConsumer> logger) : IConsumer<EvaluateSends>
{
    public async Task Consume(ConsumeContext<EvaluateSends> context)
    {
        var request = context.Message;
        if (request.Sends.Count > EvaluateSends.MaxSends)
            throw new ValidationException($"EvaluateSends carries {request.Sends.Count} sends; at most {EvaluateSends.MaxSends} per request.");

        var outcomes = await dryRun.EvaluateAsync(request.Sends, request.At, context.CancellationToken);
        await context.RespondAsync(new SendsEvaluated { Outcomes = outcomes });
        logger.SendsEvaluated(outcomes.Count, outcomes.Count(o => o.Outcome == SendOutcome.Approved));
    }
}
