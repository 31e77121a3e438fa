using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using Sms.Outbound.Extensions;

namespace Sms.Outbound.Carriers.Resilience;

/// <summary>
/// The resilience around the carrier, one per process (the circuit's state is this instance's view of the carrier):
/// <see cref="Attempts"/> (total time limit, then retry with exponential backoff and jitter) runs each attempt, and
/// each attempt calls the carrier through <see cref="Breaker"/> (circuit breaker).
/// </summary>
public sealed class CarrierPipeline
{
    public static readonly ResiliencePropertyKey<Guid> MessageId = new("sms.message-id");

    private readonly TimeProvider _clock;
    private long _openUntilTicks;

    public CarrierPipeline(IOptions<CarrierResilienceOptions> options, TimeProvider clock, ILogger<CarrierPipeline> logger)
    {
        _clock = clock;
        Rejections = new CarrierRejections(clock);
        var settings = options.Value;
        var attempts = new ResiliencePipelineBuilder<CarrierSendResult> { TimeProvider = clock }
            .AddTimeout(new TimeoutStrategyOptions { Timeout = TimeSpan.FromSeconds(settings.TotalTimeoutSeconds) });
        if (settings.MaxRetryAttempts > 0)
        {
            attempts.AddRetry(new RetryStrategyOptions<CarrierSendResult>
            {
                // A message the carrier keeps failing on while it takes others is not retried again (RepeatedRejection).
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } result && CarrierOutcomes.ShouldRetry(result)
                    && !ShouldGiveUp(args.Context.Properties.GetValue(MessageId, Guid.Empty), settings.MaxRejectionsPerMessage)),
                MaxRetryAttempts = settings.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(settings.RetryBaseDelayMilliseconds),
                MaxDelay = TimeSpan.FromMilliseconds(settings.RetryMaxDelayMilliseconds),
                OnRetry = args =>
                {
                    if (args.Outcome.Result is CarrierSendResult.Failed failed)
                    {
                        logger.CarrierRetry(args.Context.Properties.GetValue(MessageId, Guid.Empty), args.AttemptNumber + 1,
                            failed.Error.Code, failed.Error.Reason, args.RetryDelay);
                    }
                    return ValueTask.CompletedTask;
                },
            });
        }
        Attempts = attempts.Build();

        Breaker = new ResiliencePipelineBuilder<CarrierSendResult> { TimeProvider = clock }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<CarrierSendResult>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } result && CarrierOutcomes.IsCarrierFailure(result)),
                FailureRatio = settings.BreakerFailureRatio,
                MinimumThroughput = settings.BreakerMinimumThroughput,
                SamplingDuration = TimeSpan.FromSeconds(settings.BreakerSamplingSeconds),
                BreakDuration = TimeSpan.FromSeconds(settings.BreakDurationSeconds),
                StateProvider = State,
                OnOpened = args =>
                {
                    Interlocked.Exchange(ref _openUntilTicks, (clock.GetUtcNow() + args.BreakDuration).UtcTicks);
                    logger.CircuitOpened(args.BreakDuration);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    logger.CircuitClosed();
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public ResiliencePipeline<CarrierSendResult> Attempts { get; }

    /// <summary>The messages this carrier refused as failing, and when it last accepted one.</summary>
    public CarrierRejections Rejections { get; }

    /// <summary>True when the message is to be given up (<see cref="RepeatedRejection"/>).</summary>
    public bool ShouldGiveUp(Guid messageId, int limit) =>
        Rejections.Of(messageId) is { } rejections && RepeatedRejection.ShouldGiveUp(rejections, Rejections.LastAcceptedAt, limit);

    public ResiliencePipeline<CarrierSendResult> Breaker { get; }

    public CircuitBreakerStateProvider State { get; } = new();

    /// <summary>
    /// True while no call may reach the carrier: open and within its break, or isolated by hand. Once the break is over
    /// the circuit still reads open until the next call, which the breaker then lets through as the trial.
    /// </summary>
    public bool IsOpen => State.CircuitState switch
    {
        CircuitState.Isolated => true,
        CircuitState.Open => _clock.GetUtcNow().UtcTicks < Interlocked.Read(ref _openUntilTicks),
        _ => false,
    };
}
