using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Sms.Ingress.Publishing;
using Sms.Ingress.Tests.Support;
using Sms.Testing;

namespace Sms.Ingress.Tests.Http;

/// <summary>A message type only this test publishes, so whether a queue is bound for it depends on this test alone.</summary>
public sealed record IngressRoutingProbe
{
    public required Guid Id { get; init; }
}

/// <summary>
/// The edge publisher on the real RabbitMQ: it succeeds only when the broker confirmed a message that reached a queue.
/// A message no queue is bound for (a consuming service whose topology is not deployed yet) would otherwise be
/// confirmed and dropped; here it is refused, so the webhook is answered 503 and Vonage retries it later.
/// </summary>
public sealed class RabbitMqPublishTests : IngressTest
{
    [Test]
    public async Task A_message_no_queue_is_bound_for_is_refused_and_one_with_a_queue_is_delivered()
    {
        var servers = await Servers.GetAsync();
        var application = Ingress(servers.RabbitMq);
        using var client = application.CreateClient(); // starts the host and its bus
        var bus = application.Services.GetRequiredService<IBus>();

        using (var scope = application.Services.CreateScope())
        {
            var publisher = scope.ServiceProvider.GetRequiredService<EdgePublisher>();
            Assert.That(await publisher.TryPublishAsync(new IngressRoutingProbe { Id = Guid.NewGuid() }, null, CancellationToken.None), Is.False,
                "with no queue bound, the publish is returned by the broker rather than silently dropped");
        }

        var received = new TaskCompletionSource<IngressRoutingProbe>(TaskCreationOptions.RunContinuationsAsynchronously);
        var endpoint = bus.ConnectReceiveEndpoint(new TemporaryEndpointDefinition(), KebabCaseEndpointNameFormatter.Instance, e =>
            e.Handler<IngressRoutingProbe>(context =>
            {
                received.TrySetResult(context.Message);
                return Task.CompletedTask;
            }));
        try
        {
            await endpoint.Ready;
            var probe = new IngressRoutingProbe { Id = Guid.NewGuid() };
            using var scope = application.Services.CreateScope();
            var publisher = scope.ServiceProvider.GetRequiredService<EdgePublisher>();

            Assert.That(await publisher.TryPublishAsync(probe, probe.Id, CancellationToken.None), Is.True);
            Assert.That((await received.Task.WaitAsync(TimeSpan.FromSeconds(10))).Id, Is.EqualTo(probe.Id));
        }
        finally
        {
            await endpoint.ReceiveEndpoint.Stop();
        }
    }
}
