using System.ComponentModel.DataAnnotations;

namespace Sms.ServiceDefaults.Messaging;

/// <summary>Broker connection, bound from <c>RabbitMq:*</c> (environment: <c>RabbitMq__Host</c>, …).</summary>
public sealed class RabbitMqOptions
{
    public const string Section = "RabbitMq";

    [Required] public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535)] public ushort Port { get; set; } = 5672;

    [Required] public string VirtualHost { get; set; } = "/";

    [Required] public string Username { get; set; } = "guest";

    [Required] public string Password { get; set; } = "guest";

    /// <summary>Messages each receive endpoint holds unacknowledged.</summary>
    [Range(1, 10_000)] public ushort PrefetchCount { get; set; } = 32;
}
