using MassTransit;

namespace Sms.Benchmark.Platform;

/// <summary>A bus that only publishes (prompts and outbound sends), on the platform's broker and virtual host.</summary>
public static class BenchmarkBus
{
    public static IBusControl Create(Uri amqp)
    {
        var credentials = amqp.UserInfo.Split(':', 2);
        var user = Uri.UnescapeDataString(credentials[0] is { Length: > 0 } u ? u : "guest");
        var password = credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : "guest";
        var virtualHost = Uri.UnescapeDataString(amqp.AbsolutePath.TrimStart('/')) is { Length: > 0 } v ? v : "/";
        var port = (ushort)(amqp.Port > 0 ? amqp.Port : 5672);
        return Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(amqp.Host, port, virtualHost, h =>
        {
            h.Username(user);
            h.Password(password);
        }));
    }
}
