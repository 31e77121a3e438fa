using System.Reflection;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Sms.ServiceDefaults.Messaging;

namespace Sms.Architecture.Tests;

/// <summary>
/// <see cref="ReceiveQueues.All"/> names every service's receive queues, and only those: the failed-messages collector
/// drains the <c>_error</c> queue of each, so a queue missing from the list would hide its failures.
/// </summary>
public class ReceiveQueueTests
{
    private static readonly string[] ServicesWithConsumers = ["Sms.Router", "Sms.Compliance", "Sms.Outbound", "Sms.Conversations", "Sms.Campaigns"];

    [Test]
    public async Task The_shared_list_names_every_receive_queue_of_every_service_and_no_other()
    {
        var actual = new List<string>();
        foreach (var service in ServicesWithConsumers)
            actual.AddRange(await ReceiveQueuesOfAsync(service));

        Assert.That(ReceiveQueues.All, Is.EquivalentTo(actual),
            "ReceiveQueues.All should be:\n" + string.Join("\n", actual.Order(StringComparer.Ordinal).Select(q => $"        \"{q}\",")));
    }

    [Test]
    public void Services_without_a_consumer_registration_have_no_consumers() =>
        Assert.That(new[] { "Sms.Ingress", "Sms.CarrierSimulator" }.SelectMany(s => Assembly.Load(s).GetTypes())
            .Where(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>)))
            .Select(t => t.FullName), Is.Empty);

    /// <summary>The queue names the service's bus gets from its own <c>Add{Name}Consumers</c>, named as <c>AddSmsMessaging</c> names them.</summary>
    private static async Task<List<string>> ReceiveQueuesOfAsync(string service)
    {
        var name = service["Sms.".Length..];
        var register = Assembly.Load(service).GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Single(m => m.Name == $"Add{name}Consumers");
        var names = new List<string>();
        var services = new ServiceCollection();
        services.AddOptions();
        services.AddLogging();
        services.AddMassTransit(x =>
        {
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(name.ToLowerInvariant(), false));
            x.AddConfigureEndpointsCallback((_, queue, _) => names.Add(queue));
            register.Invoke(null, [x]);
            x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
        });
        await using var provider = services.BuildServiceProvider();
        _ = provider.GetRequiredService<IBusControl>();
        return names;
    }
}
