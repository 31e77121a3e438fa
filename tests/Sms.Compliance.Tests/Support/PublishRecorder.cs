using System.Collections.Concurrent;
using MassTransit;

namespace Sms.Compliance.Tests.Support;

/// <summary>
/// Every publish, duplicates included. The harness's own <c>Published</c> list keeps one entry per message id, so it
/// cannot show that a redelivery published the same message again.
/// </summary>
internal sealed class PublishRecorder : IPublishObserver
{
    private readonly ConcurrentQueue<(Guid? MessageId, object Message)> _published = new();

    public IReadOnlyList<(Guid? MessageId, T Message)> Of<T>() where T : class =>
        _published.Where(p => p.Message is T).Select(p => (p.MessageId, (T)p.Message)).ToList();

    public Task PrePublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

    public Task PostPublish<T>(PublishContext<T> context) where T : class
    {
        _published.Enqueue((context.MessageId, context.Message));
        return Task.CompletedTask;
    }

    public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}
