using System.Net;
using System.Net.Http.Json;
using Sms.Contracts.Inbound;
using Sms.Contracts.Outbound;

namespace Sms.EndToEnd.Tests;

/// <summary>
/// A business number routed to Twilio (<c>Carriers:Numbers</c>) sends and receives through the simulator speaking
/// Twilio's API and signed webhooks, while the default number stays on Vonage.
/// </summary>
[TestFixture]
public sealed class TwilioCarrierTests : PlatformTests
{
    private sealed record Accepted(Guid MessageId);

    private sealed record SimulatedMessage(string Provider, string From, string To, string Text, List<string> MessageIds);

    [Test]
    public async Task A_twilio_routed_number_sends_through_twilio_and_its_customers_reply_arrives_through_twilio()
    {

        using var response = await Platform.SendFromUpstreamAsync(new
        {
            to = Customer,
            from = PlatformLauncher.TwilioBusinessNumber,
            text = "Your parcel arrives tomorrow between 9 and 11.",
            category = "transactional",
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var messageId = (await response.Content.ReadFromJsonAsync<Accepted>())!.MessageId;

        var atCarrier = await Eventually.MatchesAsync(
            async () => await Platform.Simulator.GetFromJsonAsync<List<SimulatedMessage>>($"/simulator/messages?to={Uri.EscapeDataString(Customer)}") ?? [],
            m => m.Count == 1, "The message reaching the carrier through Twilio's API");
        Assert.Multiple(() =>
        {
            Assert.That(atCarrier[0].Provider, Is.EqualTo("twilio"));
            Assert.That(atCarrier[0].From, Is.EqualTo(PlatformLauncher.TwilioBusinessNumber));
            Assert.That(atCarrier[0].MessageIds.Single(), Does.StartWith("SM"));
        });

        var sent = await Platform.Events.WaitForAsync<SmsSent>(e => e.Request.MessageId == messageId);
        Assert.That(sent.Provider, Is.EqualTo("twilio"));

        // The signed status callback reaches the ingress and the message is marked delivered in its thread.
        var receipt = await Platform.Events.WaitForAsync<SmsDeliveryStatusChanged>(
            r => r.MessageId == messageId && r.Status == DeliveryStatus.Delivered);
        Assert.That(receipt.Provider, Is.EqualTo("twilio"));
        await Eventually.MatchesAsync(() => ThreadAsync(Customer), t => t.Count == 1 && t[0].Status == "delivered",
            "The message being stored and marked delivered");

        // The customer replies to the Twilio number: Twilio's signed webhook, published once.
        using var reply = await Platform.Simulator.PostAsJsonAsync("/simulator/inbound",
            new { from = Customer, to = PlatformLauncher.TwilioBusinessNumber, text = "Thanks!" });
        reply.EnsureSuccessStatusCode();
        var inbound = await Platform.Events.WaitForAsync<InboundSmsReceived>(m => m.From == Customer);
        Assert.Multiple(() =>
        {
            Assert.That(inbound.Provider, Is.EqualTo("twilio"));
            Assert.That(inbound.To, Is.EqualTo(PlatformLauncher.TwilioBusinessNumber));
            Assert.That(inbound.Text, Is.EqualTo("Thanks!"));
        });
    }
}
