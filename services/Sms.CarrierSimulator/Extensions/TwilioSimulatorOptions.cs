using Sms.CarrierSimulator.SmsApi;

namespace Sms.CarrierSimulator.Extensions;

/// <summary>
/// <c>Simulator:Twilio:*</c>: the simulated Twilio account (what <c>/2010-04-01/Accounts/{sid}/Messages.json</c>
/// accepts, the token webhooks are signed with) and which of our numbers are Twilio numbers, so that
/// <c>POST /simulator/inbound</c> to one of them arrives as a Twilio webhook. Values for local runs only.
/// </summary>
public sealed class TwilioSimulatorOptions
{
    public string AccountSid { get; set; } = "AC00000000000000000000000000000000";

    public string AuthToken { get; set; } = "dev-twilio-auth-token-not-real";

    /// <summary>Where simulated customer messages to a Twilio number go (the number's "A message comes in" URL).</summary>
    public string InboundWebhookUrl { get; set; } = "http://127.0.0.1:5100/webhooks/twilio/inbound";

    /// <summary>Our numbers that are on Twilio (E.164, with or without <c>+</c>).</summary>
    public List<string> Numbers { get; set; } = [];

    /// <summary>False: no status callbacks, even when a send asks for them.</summary>
    public bool SendStatusCallbacks { get; set; } = true;

    public bool IsTwilioNumber(string number) =>
        Numbers.Any(n => Msisdn.WithoutPlus(n) == Msisdn.WithoutPlus(number));
}
