using MassTransit;
using MassTransit.Configuration;

namespace Sms.ServiceDefaults.Messaging.Watchdog;

/// <summary>
/// Puts the <see cref="BusActivityFilter{T}"/> around every try of every message an endpoint consumes, and the
/// <see cref="ConsumerFinishedFilter{T}"/> just before its consumer. Connect it after the retry and before the
/// in-memory outbox (<see cref="MessagingExtensions.AddSmsMessaging"/> does), so that each try is seen on its own and
/// the publishes the outbox releases after a consumer succeeded are timed as publishes.
/// </summary>
internal sealed class BusActivityConfigurationObserver : ConfigurationObserver, IMessageConfigurationObserver
{
    private readonly BusActivity activity;
    private readonly bool inner;

    private BusActivityConfigurationObserver(IConsumePipeConfigurator configurator, BusActivity activity, bool inner)
        : base(configurator)
    {
        this.activity = activity;
        this.inner = inner;
        Connect(this);
    }

    /// <summary>Connect after the retry, before the outbox.</summary>
    public static void ConnectAroundTries(IConsumePipeConfigurator configurator, BusActivity activity) =>
        _ = new BusActivityConfigurationObserver(configurator, activity, inner: false);

    /// <summary>Connect after the outbox.</summary>
    public static void ConnectBeforeConsumers(IConsumePipeConfigurator configurator) =>
        _ = new BusActivityConfigurationObserver(configurator, null!, inner: true);

    public void MessageConfigured<TMessage>(IConsumePipeConfigurator configurator) where TMessage : class =>
        configurator.AddPipeSpecification(new FilterSpecification<ConsumeContext<TMessage>>(FilterFor<TMessage>()));

    /// <summary>
    /// A batch consumer's messages reach no message pipe of their own: MassTransit collects them and runs the batch
    /// through the consumer's pipe, where the retry and the outbox are too. Without this, the watchdog saw no try of a
    /// batch endpoint at all and took a backlog on it for a stall.
    /// </summary>
    public override void BatchConsumerConfigured<TConsumer, TMessage>(IConsumerMessageConfigurator<TConsumer, Batch<TMessage>> configurator) =>
        configurator.Message(m => m.AddPipeSpecification(new FilterSpecification<ConsumeContext<Batch<TMessage>>>(FilterFor<Batch<TMessage>>())));

    private IFilter<ConsumeContext<TMessage>> FilterFor<TMessage>() where TMessage : class =>
        inner ? new ConsumerFinishedFilter<TMessage>() : new BusActivityFilter<TMessage>(activity);
}

/// <summary>
/// Records each try of a message on <see cref="BusActivity"/>: when it starts, and, once its consumer has finished
/// (<see cref="ConsumerFinishedFilter{T}"/>), the publishes the in-memory outbox releases, timed as one pending
/// publish until they are confirmed.
/// </summary>
internal sealed class BusActivityFilter<T>(BusActivity activity) : IFilter<ConsumeContext<T>> where T : class
{
    /// <summary>The try in progress on this flow of execution, reached by the inner filter.</summary>
    internal static readonly AsyncLocal<TryInProgress?> Current = new();

    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        var queue = QueueName(context.ReceiveContext.InputAddress);
        var attempt = new TryInProgress(activity, $"the publishes of a {typeof(T).Name} consumer on {queue}");
        Current.Value = attempt;
        using var running = activity.AttemptStarted(queue);
        try
        {
            await next.Send(context);
            attempt.Release?.Succeeded();
        }
        catch (Exception e) when (IsTimeout(e))
        {
            attempt.Release?.TimedOut();
            throw;
        }
        finally
        {
            attempt.Release?.Dispose();
            Current.Value = null;
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("busActivity");

    internal static string QueueName(Uri inputAddress) => inputAddress.AbsolutePath.TrimEnd('/').Split('/')[^1];

    private static bool IsTimeout(Exception e) => e switch
    {
        TimeoutException or OperationCanceledException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsTimeout),
        _ => e.InnerException is { } inner && IsTimeout(inner),
    };
}

/// <summary>One try of a message: its publishes, once the consumer has finished and the outbox releases them.</summary>
internal sealed class TryInProgress(BusActivity activity, string what)
{
    public BusActivity.PublishHandle? Release { get; private set; }

    public void ConsumerFinished() => Release ??= activity.PublishStarted(what);
}

/// <summary>Marks the moment a consumer finished; what follows, up to <see cref="BusActivityFilter{T}"/>, is the outbox's publishing.</summary>
internal sealed class ConsumerFinishedFilter<T> : IFilter<ConsumeContext<T>> where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        await next.Send(context);
        BusActivityFilter<T>.Current.Value?.ConsumerFinished();
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("consumerFinished");
}

/// <summary>Adds one filter instance to a pipe.</summary>
internal sealed class FilterSpecification<TContext>(IFilter<TContext> filter) : IPipeSpecification<TContext> where TContext : class, PipeContext
{
    public void Apply(IPipeBuilder<TContext> builder) => builder.AddFilter(filter);

    public IEnumerable<ValidationResult> Validate() => [];
}
