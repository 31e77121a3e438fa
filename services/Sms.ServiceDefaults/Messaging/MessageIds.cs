using System.Security.Cryptography;
using System.Text;

namespace Sms.ServiceDefaults.Messaging;

/// <summary>
/// Message ids derived from what caused the message, so handling the same cause twice (a provider retrying a
/// webhook, the broker redelivering an event) produces the same id, which every consumer de-duplicates on.
/// </summary>
public static class MessageIds
{
    /// <summary>Our id for a provider's message: the same provider message id always maps to the same id.</summary>
    public static Guid FromProvider(string provider, string providerMessageId) =>
        Derive($"provider:{provider}:{providerMessageId}");

    /// <summary>The id of the message sent because of <paramref name="cause"/> for <paramref name="purpose"/>, e.g. an auto-response.</summary>
    public static Guid Derive(Guid cause, string purpose) => Derive($"{cause:N}:{purpose}");

    private static Guid Derive(string name)
    {
        // A name-based (version 5 style) id: SHA-1 of the name, with the version and variant bits set.
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(Encoding.UTF8.GetBytes(name), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
