using System.Security.Cryptography;

namespace Sms.CarrierSimulator.Webhooks;

/// <summary>Random identifiers in the shapes Vonage uses.</summary>
public static class VonageIds
{
    /// <summary>A 16-character upper-case hex message id, like <c>0A0000000123ABCD</c>.</summary>
    public static string NewMessageId() => RandomNumberGenerator.GetHexString(16);

    /// <summary>A random nonce for signed webhooks.</summary>
    public static string NewNonce() => Guid.NewGuid().ToString();
}
