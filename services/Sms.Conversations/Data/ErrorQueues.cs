using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Sms.Conversations.Extensions;
using Sms.Conversations.Failures;
using Sms.ServiceDefaults.Messaging;

namespace Sms.Conversations.Data;

/// <summary>
/// The services' <c>_error</c> queues on the broker, over plain AMQP (no management plugin): takes their messages one
/// at a time, acknowledging each only after it is stored, and sends a stored message back to its input queue with
/// publisher confirms. The queues are those of <see cref="ReceiveQueues.All"/> (every service's receive endpoints,
/// checked against their registrations by a test) and any configured in <c>Failures:ExtraQueues</c>.
/// </summary>
public sealed class ErrorQueues(IOptions<RabbitMqOptions> rabbit, IOptions<FailuresOptions> options)
{
    /// <summary>The <c>_error</c> queues looked at, in a fixed order.</summary>
    public IReadOnlyList<string> Names =>
        ReceiveQueues.All.Concat(options.Value.ExtraQueues).Distinct(StringComparer.Ordinal)
            .Select(q => q + FailedMessage.ErrorSuffix).ToList();

    /// <summary>
    /// Takes up to <paramref name="limit"/> messages from the <c>_error</c> queues and hands each to
    /// <paramref name="store"/>; a message is acknowledged (gone from the queue) only once stored, and put back if storing
    /// failed. A queue that does not exist (its service never started here) is skipped. Returns how many were taken.
    /// </summary>
    public async Task<int> DrainAsync(Func<FailedMessage, CancellationToken, Task> store, int limit, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        var taken = 0;
        foreach (var queue in Names)
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            try
            {
                await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
            }
            catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
            {
                continue;
            }
            while (taken < limit && await channel.BasicGetAsync(queue, autoAck: false, cancellationToken) is { } delivery)
            {
                var properties = delivery.BasicProperties;
                var message = FailedMessage.Read(queue, properties.MessageId, properties.ContentType, properties.CorrelationId,
                    properties.Headers, delivery.Body.ToArray(), time.GetUtcNow());
                try
                {
                    await store(message, cancellationToken);
                }
                catch
                {
                    await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, CancellationToken.None);
                    throw;
                }
                await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, cancellationToken);
                taken++;
            }
        }
        return taken;
    }

    /// <summary>
    /// Sends a stored message back to its input queue as it was (body, message id, content type, correlation id, its
    /// own headers), with <see cref="FailedMessage.ReplayCountHeader"/>; returns once the broker confirmed it.
    /// </summary>
    public async Task ReplayAsync(StoredFailedMessage message, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        var properties = new BasicProperties
        {
            MessageId = message.MessageId.StartsWith("body:", StringComparison.Ordinal) ? null : message.MessageId,
            ContentType = message.ContentType,
            CorrelationId = message.CorrelationId,
            Headers = FailedMessage.ReplayHeaders(message.Headers, message.ReplayCount),
            DeliveryMode = DeliveryModes.Persistent,
        };
        // The default exchange routes by queue name: the message reaches that queue only, not every subscriber of its type.
        await channel.BasicPublishAsync("", message.InputQueue, mandatory: true, properties, message.Body, cancellationToken);
    }

    private async Task<IConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var o = rabbit.Value;
        var factory = new ConnectionFactory
        {
            HostName = o.Host,
            Port = o.Port,
            VirtualHost = o.VirtualHost,
            UserName = o.Username,
            Password = o.Password,
            ClientProvidedName = "conversations-failed-messages",
        };
        return await factory.CreateConnectionAsync(cancellationToken);
    }
}
