using MassTransit;

namespace Sms.ServiceDefaults.Messaging;

/// <summary>
/// A MassTransit retry policy that follows <see cref="MessageRetrySchedule"/>: retries while a dependency is unreachable
/// for as long as that lasts, and a limited number of times otherwise. MassTransit's exponential policy computes all
/// its intervals up front (an array as long as the retry limit), so it cannot retry without a limit; this one works out
/// each wait when it is needed. Exceptions the <paramref name="filter"/> excludes are not retried at all.
/// </summary>
public sealed class OutageAwareRetryPolicy(IExceptionFilter filter, MessageRetrySchedule schedule) : IRetryPolicy
{
    public RetryPolicyContext<T> CreatePolicyContext<T>(T context) where T : class, PipeContext => new PolicyContext<T>(this, context);

    public bool IsHandled(Exception exception) => filter.Match(exception);

    public void Probe(ProbeContext context)
    {
        context.Set(new { Policy = "Outage-aware", Description = "without limit while a dependency is unreachable; limited otherwise" });
        filter.Probe(context);
    }

    private bool TryNext(RetryTally tally, Exception exception, out TimeSpan delay, out RetryTally next)
    {
        if (IsHandled(exception)) return schedule.TryNext(tally, DependencyOutage.Is(exception), out delay, out next);
        delay = TimeSpan.Zero;
        next = tally;
        return false;
    }

    /// <summary>One delivery's retries: the first failure asks here, later ones ask the <see cref="Retry{T}"/> it returned.</summary>
    private sealed class PolicyContext<T> : RetryPolicyContext<T> where T : class, PipeContext
    {
        private readonly OutageAwareRetryPolicy _policy;
        private readonly CancellationTokenSource _cancellation;

        public PolicyContext(OutageAwareRetryPolicy policy, T context)
        {
            _policy = policy;
            Context = context;
            _cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        }

        public T Context { get; }

        public bool CanRetry(Exception exception, out RetryContext<T> retryContext)
        {
            var canRetry = _policy.TryNext(default, exception, out var delay, out var tally);
            retryContext = new Retry<T>(_policy, Context, exception, tally, delay, _cancellation.Token);
            return canRetry && !_cancellation.IsCancellationRequested;
        }

        public Task RetryFaulted(Exception exception) => Task.CompletedTask;

        public void Cancel() => _cancellation.Cancel();

        public void Dispose() => _cancellation.Dispose();
    }

    /// <summary>The retry about to happen, after <see cref="Delay"/>, with the tally that includes it.</summary>
    private sealed class Retry<T>(
        OutageAwareRetryPolicy policy, T context, Exception exception, RetryTally tally, TimeSpan delay, CancellationToken cancellationToken)
        : RetryContext<T> where T : class, PipeContext
    {
        public T Context => context;

        public CancellationToken CancellationToken => cancellationToken;

        public Exception Exception => exception;

        /// <summary>Retries before this one.</summary>
        public int RetryCount => Math.Max(0, RetryAttempt - 1);

        /// <summary>This retry's number, from 1.</summary>
        public int RetryAttempt => tally.Retries + tally.OutageRetries;

        public TimeSpan? Delay => delay;

        public Type ContextType => typeof(T);

        public Task RetryFaulted(Exception failure) => Task.CompletedTask;

        public Task PreRetry() => Task.CompletedTask;

        public bool CanRetry(Exception failure, out RetryContext<T> retryContext)
        {
            var canRetry = policy.TryNext(tally, failure, out var nextDelay, out var next);
            retryContext = new Retry<T>(policy, context, failure, next, nextDelay, cancellationToken);
            return canRetry && !cancellationToken.IsCancellationRequested;
        }
    }
}
