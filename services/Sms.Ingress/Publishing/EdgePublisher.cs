using MassTransit;
using Microsoft.Extensions.Options;
using Sms.Ingress.Telemetry;

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
public sealed class EdgePublisher(IPublishEndpoint publishEndpoint, IOptions<IngressOptions> options, ILogger<EdgePublisher> logger)
{
    public async Task<bool> TryPublishAsync<T>(T message, Guid? messageId, CancellationToken requestAborted) where T : class
    {
        var timeout = options.Value.PublishTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        deadline.CancelAfter(timeout);
        try
        {
            // WaitAsync as well as the token: a publish stuck waiting for a confirm (RabbitMQ.Client after a broker
            // restart) must not hold the request past the deadline even if it ignores the token.
            await publishEndpoint.Publish(message, MustReachAQueue, deadline.Token).WaitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
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
