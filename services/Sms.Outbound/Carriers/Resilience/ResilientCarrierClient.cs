using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Sms.Outbound.Extensions;
using Sms.Outbound.OptOuts;
using Sms.Outbound.RateLimits;

namespace Sms.Outbound.Carriers.Resilience;

/// <summary>
/// A carrier client behind the shared rate limits, retry, circuit breaker and time limit. Every attempt first takes a
/// slot in the account's and the sending number's windows (Redis, shared by all instances), then calls the carrier
/// through the circuit breaker, within the send's opt-out fence (<see cref="OptOutFences"/>: a send whose recipient
/// opted out after its approval is withheld, <see cref="SendWithheldException"/>). Whatever else stops a send before it
/// reaches the carrier (open circuit, no slot in time, the time limit while waiting) comes back as a retryable
/// <see cref="CarrierSendResult.Failed"/>, so the consumer hands the message back to the bus with nothing sent.
/// </summary>
public sealed class ResilientCarrierClient(
    ICarrierClient inner, CarrierPipeline pipeline, RedisRateLimiter limiter, OptOutFences fences, IOptions<RateLimitOptions> limits,
    IOptions<CarrierResilienceOptions> resilience) : ICarrierClient
{
    public string Provider => inner.Provider;

    public string DefaultSender => inner.DefaultSender;

    public string Account => inner.Account;

    public async Task<CarrierSendResult> SendAsync(OutboundSms message, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(CarrierPipeline.MessageId, message.MessageId);
        try
        {
            var outcome = await pipeline.Attempts.ExecuteOutcomeAsync(
                static async (attemptContext, state) =>
                {
                    try
                    {
                        return Outcome.FromResult(await state.self.AttemptAsync(state.message, attemptContext));
                    }
                    catch (Exception e)
                    {
                        return Outcome.FromException<CarrierSendResult>(e);
                    }
                },
                context, (self: this, message));

            if (outcome.Exception is null) return GiveUpIfRepeatedlyRejected(message.MessageId, outcome.Result!);
            return outcome.Exception switch
            {
                BrokenCircuitException => NotSent("the carrier's circuit is open after repeated failures; the carrier was not called"),
                NoSendSlotException => NotSent(
                    $"no send slot free within {limits.Value.MaxWaitSeconds} s (rate limit of the account or the sending number)", throttled: true),
                TimeoutRejectedException => NotSent(
                    $"no slot or retry finished within {resilience.Value.TotalTimeoutSeconds} s; nothing was sent"),
                _ => throw Rethrow(outcome.Exception),
            };
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<CarrierSendResult> AttemptAsync(OutboundSms message, ResilienceContext context)
    {
        // Checked before taking a slot, so an open circuit does not use up the rate limit.
        if (pipeline.IsOpen) throw new BrokenCircuitException();
        var windows = SendRateLimits.For(inner.Provider, inner.Account, message.From, limits.Value);
        var slot = await limiter.TryAcquireAsync(windows, context.CancellationToken) ?? throw new NoSendSlotException();
        try
        {
            // A message the carrier already refused as failing is sent past the breaker: its refusal was counted once,
            // and counting each repeat would let one payload the carrier always fails on open the circuit for all.
            var repeat = pipeline.Rejections.RefusedBefore(message.MessageId);
            var result = await fences.AttemptAsync(message, token => repeat
                ? CallAsync(message, token)
                : pipeline.Breaker.ExecuteAsync(
                    static (state, ct) => new ValueTask<CarrierSendResult>(state.self.CallAsync(state.message, ct)),
                    (self: this, message), token).AsTask(), context.CancellationToken);
            Remember(message.MessageId, result);
            return result;
        }
        finally
        {
            await limiter.RestampAsync(slot);
        }
    }

    /// <summary>The carrier call itself, with the send's progress told before it and after one that sent nothing.</summary>
    private async Task<CarrierSendResult> CallAsync(OutboundSms message, CancellationToken cancellationToken)
    {
        if (message.Progress is { } progress) await progress.CallingCarrierAsync();
        var result = await inner.SendAsync(message, cancellationToken);
        if (result is CarrierSendResult.Failed && message.Progress is { } told) await told.NothingSentAsync();
        return result;
    }

    /// <summary>What the carrier's answer says about this message and about the carrier (<see cref="CarrierRejections"/>).</summary>
    private void Remember(Guid messageId, CarrierSendResult result)
    {
        switch (result)
        {
            case CarrierSendResult.Accepted:
                pipeline.Rejections.Accepted(messageId);
                break;
            case CarrierSendResult.Failed { Error: { Retryable: true, Throttled: false } }:
                pipeline.Rejections.Refused(messageId);
                break;
            case CarrierSendResult.Failed { Error.Throttled: true }:
                break;
            default:
                pipeline.Rejections.Forget(messageId);
                break;
        }
    }

    /// <summary>
    /// A refusal as failing is handed back for the bus to retry, unless the carrier keeps refusing this message while
    /// it takes others (<see cref="RepeatedRejection"/>): then the send ends, not retried.
    /// </summary>
    private CarrierSendResult GiveUpIfRepeatedlyRejected(Guid messageId, CarrierSendResult result)
    {
        if (result is not CarrierSendResult.Failed { Error: { Retryable: true, Throttled: false } failed }
            || !pipeline.ShouldGiveUp(messageId, resilience.Value.MaxRejectionsPerMessage))
            return result;
        var rejections = pipeline.Rejections.Of(messageId)!.Value;
        pipeline.Rejections.Forget(messageId);
        return new CarrierSendResult.Failed(failed with
        {
            Reason = RepeatedRejection.Reason(inner.Provider, rejections, failed.Reason),
            Retryable = false,
        });
    }

    private static CarrierSendResult.Failed NotSent(string reason, bool throttled = false) =>
        new(new CarrierError(null, $"Not sent: {reason}", Retryable: true, Throttled: throttled));

    private static Exception Rethrow(Exception exception)
    {
        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(exception).Throw();
        return exception;
    }

    private sealed class NoSendSlotException() : Exception("No send slot within the rate limit's wait.");
}
