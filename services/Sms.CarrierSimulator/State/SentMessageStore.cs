using Microsoft.Extensions.Options;
using Sms.CarrierSimulator.Extensions;
using Sms.CarrierSimulator.SmsApi;

namespace Sms.CarrierSimulator.State;

/// <summary>
/// A message the simulator accepted (on Vonage's <c>/sms/json</c> or Twilio's <c>Messages.json</c>), as
/// <c>GET /simulator/messages</c> shows it.
/// </summary>
public sealed record SentMessage(
    IReadOnlyList<string> MessageIds,
    string From,
    string To,
    string Text,
    string Type,
    string? ClientRef,
    DateTimeOffset ReceivedAt,
    int Segments)
{
    public const string Vonage = "vonage";
    public const string Twilio = "twilio";

    /// <summary>Which carrier API took it: <c>vonage</c> or <c>twilio</c>.</summary>
    public string Provider { get; init; } = Vonage;

    /// <summary>The pictures sent with it (Twilio <c>MediaUrl</c>); empty for an SMS.</summary>
    public IReadOnlyList<string> MediaUrls { get; init; } = [];
}

/// <summary>The last <see cref="SimulatorOptions.MaxStoredMessages"/> accepted messages, oldest first. Thread-safe.</summary>
public sealed class SentMessageStore(IOptions<SimulatorOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Queue<SentMessage> _messages = new();
    private readonly int _capacity = options.Value.MaxStoredMessages;

    public void Add(SentMessage message)
    {
        lock (_gate)
        {
            _messages.Enqueue(message);
            while (_messages.Count > _capacity) _messages.Dequeue();
        }
    }

    /// <summary>Oldest first; only those to <paramref name="to"/> when given (a leading <c>+</c> is ignored).</summary>
    public IReadOnlyList<SentMessage> List(string? to = null)
    {
        var number = string.IsNullOrWhiteSpace(to) ? null : Msisdn.WithoutPlus(to);
        lock (_gate)
        {
            return number is null ? [.. _messages] : [.. _messages.Where(m => Msisdn.WithoutPlus(m.To) == number)];
        }
    }

    public void Clear()
    {
        lock (_gate) _messages.Clear();
    }
}
