using Sms.Testing;
using YamlDotNet.RepresentationModel;

namespace Sms.Architecture.Tests;

/// <summary>
/// docker-compose.yml is safe as shipped (README, "Deployment"): every published port is on loopback unless the operator
/// names another address for the ingress or the inbox, and the carrier simulator, which signs webhooks with the shipped
/// secret, starts only with the development profile. Read as YAML, since no Docker engine runs where the tests do.
/// </summary>
public class DockerComposeTests
{
    /// <summary>The only variables a published port may bind to, each defaulting to loopback.</summary>
    private static readonly string[] BindVariables = ["${SMS_INGRESS_BIND:-127.0.0.1}", "${SMS_INBOX_BIND:-127.0.0.1}"];

    private static readonly string[] DevelopmentOnly = ["carrier-simulator"];

    [Test]
    public void Every_published_port_binds_to_loopback_or_to_a_documented_variable_that_defaults_to_it()
    {
        var ports = Services().SelectMany(s => Sequence(s.Value, "ports").Select(p => (Service: s.Key, Port: p))).ToList();

        Assert.That(ports, Has.Count.GreaterThanOrEqualTo(10), "the published ports found");
        Assert.That(ports.Where(p => !BindsSafely(p.Port)).Select(p => $"{p.Service}: {p.Port}"), Is.Empty);
    }

    [Test]
    public void The_ingress_and_the_inbox_are_the_ones_an_operator_can_expose()
    {
        var services = Services();

        Assert.That(Sequence(services["ingress"], "ports"), Is.EqualTo(new[] { "${SMS_INGRESS_BIND:-127.0.0.1}:5100:5100" }));
        Assert.That(Sequence(services["conversations"], "ports"), Is.EqualTo(new[] { "${SMS_INBOX_BIND:-127.0.0.1}:5500:5500" }));
    }

    [Test]
    public void The_carrier_simulator_starts_only_with_the_development_profile_and_nothing_else_does()
    {
        var profiled = Services().Where(s => Sequence(s.Value, "profiles").Any())
            .ToDictionary(s => s.Key, s => Sequence(s.Value, "profiles"));

        Assert.That(profiled.Keys, Is.EquivalentTo(DevelopmentOnly));
        Assert.That(profiled.Values, Has.All.EqualTo(new[] { "development" }));
    }

    [Test]
    public void The_services_run_in_Production_unless_told_so_they_refuse_the_shipped_secrets()
    {
        var environment = (YamlMappingNode)Document()["x-platform-env"];

        Assert.That(environment["DOTNET_ENVIRONMENT"].ToString(), Is.EqualTo("${SMS_ENVIRONMENT:-Production}"));
    }

    private static bool BindsSafely(string port)
    {
        var variable = BindVariables.FirstOrDefault(port.StartsWith);
        var rest = variable is null ? port : "127.0.0.1" + port[variable.Length..];
        var parts = rest.Split(':');
        return parts.Length == 3 && parts[0] == "127.0.0.1";
    }

    private static Dictionary<string, YamlMappingNode> Services() =>
        ((YamlMappingNode)Document()["services"]).Children
            .ToDictionary(s => s.Key.ToString(), s => (YamlMappingNode)s.Value);

    /// <summary>The strings of a service's list, its own or merged in (<c>&lt;&lt;: *anchor</c>); none when absent.</summary>
    private static IReadOnlyList<string> Sequence(YamlMappingNode service, string key)
    {
        if (service.Children.TryGetValue(new YamlScalarNode(key), out var node))
            return ((YamlSequenceNode)node).Children.Select(c => c.ToString()).ToList();
        return service.Children.TryGetValue(new YamlScalarNode("<<"), out var merged) && merged is YamlMappingNode parent
            ? Sequence(parent, key)
            : [];
    }

    private static YamlMappingNode Document()
    {
        using var reader = new StreamReader(RepositoryRoot.Combine("docker-compose.yml"));
        var yaml = new YamlStream();
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }
}
