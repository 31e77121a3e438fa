using MassTransit;
using Sms.Benchmark.Load;
using Sms.Contracts.Outbound;
using Sms.ServiceDefaults.Messaging;

namespace Sms.Benchmark.Platform;

/// <summary>
/// The sends each kind of step makes. Conversations post a customer's "YES" to a webhook, each from the next
/// customer in turn, with a provider message id no other send of the run has; outbound sends publish a SendSms.
/// </summary>
public sealed class Workloads(VonageWebhookPoster poster, IBus? bus, PlatformSettings settings, int customers)
{
    /// <summary>What every customer answers: an option of the prompt <see cref="SessionSetup"/> sent.</summary>
    public const string Reply = "YES";

    // The names the platform derives its ids from: Ingress (VonageWebhook.Provider) and Router (ReplyMessages.AutoResponsePurpose).
    private const string Provider = "vonage";
    private const string AutoResponsePurpose = "auto-response";

    private readonly string _runTag = Random.Shared.Next(0x100000, 0xFFFFFF).ToString("x6", System.Globalization.CultureInfo.InvariantCulture);
    private int _conversations;
    private int _floorConversations;
    private int _outbound;

    /// <summary>A reply to the platform's Ingress; its automatic response reaches the carrier with an id derived from the reply's.</summary>
    public Func<int, PreparedSend> Conversation(Uri ingress)
    {
        var webhook = new Uri(ingress, "/webhooks/vonage/inbound");
        return _ =>
        {
            var k = Interlocked.Increment(ref _conversations) - 1;
            var providerId = ProviderMessageId('c', k);
            var customer = Customers.Conversation(k % customers);
            return new PreparedSend(AutoResponseClientRef(providerId),
                ct => poster.PostAsync(webhook, customer, settings.BusinessNumber, providerId, Reply, ct));
        };
    }

    /// <summary>A reply to the floor host, which hands the provider message id on to the carrier as <c>client-ref</c>.</summary>
    public Func<int, PreparedSend> Floor(Uri floor)
    {
        var webhook = new Uri(floor, "/webhooks/vonage/inbound");
        return _ =>
        {
            var k = Interlocked.Increment(ref _floorConversations) - 1;
            var providerId = ProviderMessageId('f', k);
            return new PreparedSend(providerId,
                ct => poster.PostAsync(webhook, Customers.Conversation(k % customers), settings.BusinessNumber, providerId, Reply, ct));
        };
    }

    /// <summary>A SendSms without a prompt, published on the bus, to a recipient no other send of the run has.</summary>
    public Func<int, PreparedSend> Outbound()
    {
        var publisher = bus ?? throw new InvalidOperationException("Outbound steps need the bus.");
        return _ =>
        {
            var k = Interlocked.Increment(ref _outbound) - 1;
            var send = new SendSms
            {
                MessageId = Guid.NewGuid(),
                To = Customers.Outbound(k),
                From = settings.BusinessNumber,
                Text = "Your verification code is 482913.",
                Category = SmsCategory.Transactional,
            };
            return new PreparedSend(send.MessageId.ToString("D"), async ct =>
            {
                try
                {
                    await publisher.Publish(send, ct);
                    return StatusCodes.Status202Accepted;
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    return 0;
                }
            });
        };
    }

    /// <summary>The <c>client-ref</c> the automatic response to a reply reaches the carrier with: the platform's id for it.</summary>
    public static string AutoResponseClientRef(string providerMessageId) =>
        MessageIds.Derive(MessageIds.FromProvider(Provider, providerMessageId), AutoResponsePurpose).ToString("D");

    /// <summary>16 characters, like Vonage's: the run's tag, the kind, and the number of the send in hex.</summary>
    private string ProviderMessageId(char kind, int index) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{_runTag}{kind}{index:x9}");
}
