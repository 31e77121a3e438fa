namespace Sms.Outbound.OptOuts;

/// <summary>
/// The send was not attempted: its recipient opted out after it was approved (<see cref="OptOutFence"/>). Nothing was
/// sent; sending later would be withheld the same way.
/// </summary>
public sealed class SendWithheldException(string reason) : Exception(reason)
{
    /// <summary>The <c>SmsSendFailed.Reason</c>, starting with <see cref="OptOutFence.WithheldCode"/>.</summary>
    public string Reason { get; } = reason;
}
