using System.Reflection;
using System.Runtime.CompilerServices;
using MassTransit;
using Microsoft.Extensions.Hosting;

namespace Sms.Architecture.Tests;

/// <summary>
/// Every service keeps its types where the README's layout says a newcomer will look for them: consumers in
/// <c>Consumers/</c>, hosted services in <c>Background/</c>, options and logs in <c>Extensions/</c>, endpoints in
/// <c>Http/</c>, one registration method, public types. A type that breaks a rule is named in the failure.
/// </summary>
public class ServiceLayoutTests
{
    private static readonly string[] Services =
        ["Sms.Ingress", "Sms.Router", "Sms.Compliance", "Sms.Outbound", "Sms.Conversations", "Sms.Campaigns", "Sms.CarrierSimulator"];

    [TestCaseSource(nameof(Services))]
    public void Consumers_and_their_definitions_are_in_Consumers_and_nothing_else_is(string service)
    {
        var types = TypesOf(service);

        Assert.Multiple(() =>
        {
            Assert.That(types.Where(IsConsumerOrDefinition).Where(t => Folder(t) != "Consumers").Select(t => t.FullName), Is.Empty,
                "consumers outside Consumers/");
            Assert.That(types.Where(t => Folder(t) == "Consumers" && !IsConsumerOrDefinition(t) && !IsCompanionOfDefinition(t, types))
                .Select(t => t.FullName), Is.Empty, "Consumers/ holds consumers and their definitions only");
        });
    }

    [TestCaseSource(nameof(Services))]
    public void Hosted_services_are_in_Background(string service) =>
        Assert.That(TypesOf(service).Where(t => typeof(IHostedService).IsAssignableFrom(t) && Folder(t) != "Background").Select(t => t.FullName),
            Is.Empty);

    [TestCaseSource(nameof(Services))]
    public void Options_logs_and_metrics_are_in_Extensions(string service) =>
        Assert.That(TypesOf(service)
            .Where(t => t.Name.EndsWith("Options", StringComparison.Ordinal) || t.Name.EndsWith("Log", StringComparison.Ordinal)
                || t.Name.EndsWith("Metrics", StringComparison.Ordinal))
            .Where(t => Folder(t) != "Extensions")
            .Select(t => t.FullName), Is.Empty);

    [TestCaseSource(nameof(Services))]
    public void Endpoints_are_in_Http(string service)
    {
        var endpoints = TypesOf(service).Where(t => t.Name.EndsWith("Endpoints", StringComparison.Ordinal));

        Assert.That(endpoints.Where(t => Folder(t) != "Http").Select(t => t.FullName), Is.Empty);
    }

    [TestCaseSource(nameof(Services))]
    public void Its_types_are_public(string service) =>
        Assert.That(TypesOf(service).Where(t => !t.IsPublic).Select(t => t.FullName), Is.Empty);

    [TestCaseSource(nameof(Services))]
    public void One_method_in_Extensions_registers_its_services_and_one_its_consumers(string service)
    {
        var name = service["Sms.".Length..];
        var types = TypesOf(service);
        var registrations = types.Where(t => Folder(t) == "Extensions")
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Select(m => m.Name)
            .ToList();

        Assert.That(registrations.Count(m => m == $"Add{name}Services"), Is.EqualTo(1), $"Add{name}Services");
        if (types.Any(IsConsumerOrDefinition))
            Assert.That(registrations.Count(m => m == $"Add{name}Consumers"), Is.EqualTo(1), $"Add{name}Consumers");
    }

    /// <summary>The service's own top-level types, as written (no compiler-generated or file-local ones).</summary>
    private static List<Type> TypesOf(string service) =>
        Assembly.Load(service).GetTypes()
            .Where(t => !t.IsNested
                && t.Namespace is { } ns && (ns == service || ns.StartsWith(service + ".", StringComparison.Ordinal))
                && !t.Name.Contains('<', StringComparison.Ordinal)
                && t.GetCustomAttribute<CompilerGeneratedAttribute>() is null)
            .ToList();

    /// <summary><c>Sms.Router.Consumers</c> → <c>Consumers</c>: the top folder of the service a type is in.</summary>
    private static string Folder(Type type)
    {
        var parts = type.Namespace!.Split('.');
        return parts.Length > 2 ? parts[2] : "";
    }

    private static bool IsConsumerOrDefinition(Type type) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>)) || IsDefinition(type);

    /// <summary>
    /// A static class of the same name as the generic base of the service's definitions (<c>WrittenInBatches</c>, beside
    /// definitions deriving from ServiceDefaults' <c>WrittenInBatches&lt;T&gt;</c>): what its consumers call.
    /// </summary>
    private static bool IsCompanionOfDefinition(Type type, IEnumerable<Type> types) =>
        type is { IsAbstract: true, IsSealed: true } && types.Any(t => IsDefinition(t) && t.BaseType is { IsGenericType: true } generic
            && generic.GetGenericTypeDefinition().Name.StartsWith(type.Name + "`", StringComparison.Ordinal));

    private static bool IsDefinition(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(ConsumerDefinition<>)) return true;
        return false;
    }
}
