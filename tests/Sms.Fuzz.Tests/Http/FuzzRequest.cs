namespace Sms.Fuzz.Tests.Http;

/// <summary>
/// One request exactly as it goes on the wire, over a connection of its own. <see cref="Headers"/> are raw bytes, so a
/// header can carry what a well-behaved client never sends. <see cref="Raw"/>, when set, is sent instead of the
/// request built from the other members: a request line or framing that is itself broken.
/// </summary>
public sealed record FuzzRequest(
    string Service,
    string Method,
    string Target,
    IReadOnlyList<(string Name, byte[] Value)> Headers,
    byte[] Body,
    string Description,
    byte[]? Raw = null)
{
    public override string ToString() => $"{Service} {Method} {Sms.Fuzz.Tests.Generation.Wire.Preview(Target, 200)} [{Description}]";
}

/// <summary>What came back: the status (0 when the connection closed without one), the headers and the start of the body.</summary>
public sealed record FuzzResponse(int Status, IReadOnlyList<(string Name, string Value)> Headers, string Body, bool TimedOut)
{
    public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Value;
}
