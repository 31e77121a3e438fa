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
    /// <summary>Publishes <paramref name="message"/>; false (logged as an error, the caller answers 503) when the broker did not take it in time.</summary>
    public async Task<bool> TryPublishAsync<T>(T message, Guid? messageId, CancellationToken requestAborted) where T : class
    {
        var failure = await PublishAsync(message, requestAborted);
        switch (failure)
        {
            case null:
                return true;
            case { Reason: EdgePublishFailure.Timeout or EdgePublishFailure.RequestAborted }:
                IngressLog.PublishTimedOut(logger, typeof(T).Name, messageId, options.Value.PublishTimeout);
                break;
            case { Reason: EdgePublishFailure.Unroutable }:
                IngressLog.PublishUnroutable(logger, typeof(T).Name, messageId);
                break;
            default:
                IngressLog.PublishFailed(logger, failure.Exception!, typeof(T).Name, messageId);
                break;
        }
        return false;
    }

    /// <summary>
    /// Publishes <paramref name="message"/> within <see cref="IngressOptions.PublishTimeout"/>, mandatory, recorded on
    /// <see cref="BusActivity"/> and counted in <see cref="IngressMetrics.PublishFailure"/> when it fails; null when the
    /// broker took it, else why not. Logs nothing: for a caller whose answer does not depend on the publish (a tracked
    /// link's click, <see cref="Links.TrackedLinkClicks"/>) and which logs the failure in its own words.
    /// </summary>
    public async Task<EdgePublishFailure?> PublishAsync<T>(T message, CancellationToken requestAborted) where T : class
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        deadline.CancelAfter(options.Value.PublishTimeout);
        using var tracked = activity.PublishStarted($"a publish of {typeof(T).Name} at the edge");
        try
        {
            // WaitAsync as well as the token: a publish stuck waiting for a confirm (RabbitMQ.Client after a broker
            // restart) must not hold the request past the deadline even if it ignores the token.
            await publishEndpoint.Publish(message, MustReachAQueue, deadline.Token).WaitAsync(deadline.Token);
            tracked.Succeeded();
            return null;
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested)
        {
            if (!requestAborted.IsCancellationRequested) tracked.TimedOut();
            return Failed<T>(requestAborted.IsCancellationRequested ? EdgePublishFailure.RequestAborted : EdgePublishFailure.Timeout, e);
        }
        catch (MessageReturnedException e)
        {
            return Failed<T>(EdgePublishFailure.Unroutable, e);
        }
        catch (Exception e)
        {
            return Failed<T>(EdgePublishFailure.Error, e);
        }
    }

    private static EdgePublishFailure Failed<T>(string reason, Exception exception)
    {
        IngressMetrics.PublishFailure(typeof(T).Name, reason);
        return new EdgePublishFailure(reason, exception);
    }

    private static void MustReachAQueue<T>(PublishContext<T> context) where T : class
    {
        if (context.TryGetPayload<RabbitMqSendContext>(out var rabbit)) rabbit.Mandatory = true;
    }
}

/// <summary>Why the broker did not take an edge publish: <see cref="Reason"/> is one of the constants (the metric's <c>reason</c> tag).</summary>
public sealed record EdgePublishFailure(string Reason, Exception Exception)
{
    /// <summary>Not confirmed within <see cref="IngressOptions.PublishTimeout"/>.</summary>
    public const string Timeout = "timeout";

    /// <summary>The caller went away before the broker confirmed.</summary>
    public const string RequestAborted = "request_aborted";

    /// <summary>Returned by the broker: no queue is bound for the message.</summary>
    public const string Unroutable = "unroutable";

    /// <summary>Refused, or the connection failed.</summary>
    public const string Error = "error";
}
