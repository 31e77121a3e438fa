using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;
using Testcontainers.Redis;

namespace Sms.Testing;

/// <summary>
/// The one place that knows where the real RabbitMQ, Redis and PostgreSQL for tests are.
/// The test command (<c>deploy/test.sh</c>) starts them and sets <c>SMS_TEST_RABBITMQ</c> (an amqp:// URI),
/// <c>SMS_TEST_REDIS</c> and <c>SMS_TEST_POSTGRES</c>. Without those variables, a machine with a Docker engine gets
/// throwaway containers (Testcontainers); any other machine fails the test with instructions.
/// </summary>
public sealed record Servers(RabbitMqAddress RabbitMq, string Redis, string Postgres)
{
    private static readonly Lazy<Task<Servers>> Instance = new(LocateAsync);

    public static Task<Servers> GetAsync() => Instance.Value;

    /// <summary>The standard configuration variables of every service, pointed at these servers.</summary>
    public IReadOnlyDictionary<string, string> ServiceEnvironment() => new Dictionary<string, string>
    {
        ["ConnectionStrings__Postgres"] = Postgres,
        ["ConnectionStrings__Redis"] = Redis,
        ["RabbitMq__Host"] = RabbitMq.Host,
        ["RabbitMq__Port"] = RabbitMq.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RabbitMq__VirtualHost"] = RabbitMq.VirtualHost,
        ["RabbitMq__Username"] = RabbitMq.Username,
        ["RabbitMq__Password"] = RabbitMq.Password,
    };

    private static async Task<Servers> LocateAsync()
    {
        var rabbit = Environment.GetEnvironmentVariable("SMS_TEST_RABBITMQ");
        var redis = Environment.GetEnvironmentVariable("SMS_TEST_REDIS");
        var postgres = Environment.GetEnvironmentVariable("SMS_TEST_POSTGRES");
        if (!string.IsNullOrEmpty(rabbit) && !string.IsNullOrEmpty(redis) && !string.IsNullOrEmpty(postgres))
            return new Servers(RabbitMqAddress.Parse(rabbit), redis, postgres);

        if (!DockerEngineAvailable())
        {
            throw new InvalidOperationException(
                "The tests need real RabbitMQ, Redis and PostgreSQL servers. Run them through the test command " +
                "`deploy/test.sh` (as root it installs and starts all three from the Debian packages), or set " +
                "SMS_TEST_RABBITMQ (amqp://user:password@host:port/vhost), SMS_TEST_REDIS (host:port) and " +
                "SMS_TEST_POSTGRES (an Npgsql connection string) to servers you started yourself. No Docker engine " +
                "was found, so Testcontainers cannot start them either.");
        }
        return await StartContainersAsync();
    }

    private static bool DockerEngineAvailable() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_HOST")) || File.Exists("/var/run/docker.sock");

    private static async Task<Servers> StartContainersAsync()
    {
        var rabbit = new RabbitMqBuilder("rabbitmq:3.13-management").Build();
        var redis = new RedisBuilder("redis:7").Build();
        var postgres = new PostgreSqlBuilder("postgres:15").Build();
        await Task.WhenAll(rabbit.StartAsync(), redis.StartAsync(), postgres.StartAsync());
        return new Servers(
            RabbitMqAddress.Parse(rabbit.GetConnectionString()),
            redis.GetConnectionString(),
            postgres.GetConnectionString());
    }
}

public sealed record RabbitMqAddress(string Host, int Port, string VirtualHost, string Username, string Password)
{
    public static RabbitMqAddress Parse(string amqpUri)
    {
        var uri = new Uri(amqpUri);
        var userInfo = uri.UserInfo.Split(':', 2);
        var vhost = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        return new RabbitMqAddress(
            uri.Host,
            uri.Port > 0 ? uri.Port : 5672,
            vhost.Length == 0 ? "/" : vhost,
            userInfo.Length > 0 && userInfo[0].Length > 0 ? Uri.UnescapeDataString(userInfo[0]) : "guest",
            userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : "guest");
    }
}
