using MassTransit;
using Microsoft.Extensions.Options;
using Sms.Ingress.Extensions;
using Sms.ServiceDefaults.Messaging.Watchdog;

namespace Sms.Ingress.Publishing;

/// <summary>
/// Publishes what arrives at the edge and reports whether the broker took it in time. The caller answers 2xx only on
/// true; on false it answers 503, so the carrier's (or upstream's) own retries stand in for an outbox.
/// </summary>
/// <remarks>
/// On RabbitMQ the publish is <em>mandatory</em>: a message no queue is bound for (the consuming service's topology
/// not deployed yet) comes back as <see cref="MessageReturnedException"/> instead of being confirmed and silently
/// dropped, so it too is answered 503 and retried later rather than lost.
/// </remarks>
/// <remarks>
/// Each publish is recorded on <see cref="BusActivity"/>: publishes that keep timing out while the broker answers are a
/// stalled bus, which the <see cref="BusWatchdog"/> ends by restarting the service.
/// </remarks>
public sealed class EdgePublisher(
    IPublishEndpoint publishEndpoint, BusActivity activity, IOptions<IngressOptions> options, ILogger<EdgePublisher> logger)
{
    public async Task<bool> TryPublishAsync<T>(T message, Guid? messageId, CancellationToken requestAborted) where T : class
    {
        var timeout = options.Value.PublishTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        deadline.CancelAfter(timeout);
        using var tracked = activity.PublishStarted($"a publish of {typeof(T).Name} at the edge");
        try
        {
            // WaitAsync as well as the token: a publish stuck waiting for a confirm (RabbitMQ.Client after a broker
            // restart) must not hold the request past the deadline even if it ignores the token.
            await publishEndpoint.Publish(message, MustReachAQueue, deadline.Token).WaitAsync(deadline.Token);
            tracked.Succeeded();
            return true;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            if (!requestAborted.IsCancellationRequested) tracked.TimedOut();
            IngressMetrics.PublishFailure(typeof(T).Name, requestAborted.IsCancellationRequested ? "request_aborted" : "timeout");
            IngressLog.PublishTimedOut(logger, typeof(T).Name, messageId, timeout);
            return false;
        }
        catch (MessageReturnedException)
        {
            IngressMetrics.PublishFailure(typeof(T).Name, "unroutable");
            IngressLog.PublishUnroutable(logger, typeof(T).Name, messageId);
            return false;
        }
        catch (Exception e)
        {
            IngressMetrics.PublishFailure(typeof(T).Name, "error");
            IngressLog.PublishFailed(logger, e, typeof(T).Name, messageId);
            return false;
        }
    }

    private static void MustReachAQueue<T>(PublishContext<T> context) where T : class
    {
        if (context.TryGetPayload<RabbitMqSendContext>(out var rabbit)) rabbit.Mandatory = true;
    }
}
